#include "vocab.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>

#include "errors.h"

namespace cmdseq {

std::vector<std::string> Vocabulary::specials(Kind kind) {
    if (kind == Kind::Source) return {kPadToken, kUnkToken};
    return {kPadToken, kUnkToken, kBosToken, kEosToken};
}

Vocabulary::Vocabulary(Kind kind, std::vector<std::string> tokens) : kind_(kind), tokens_(std::move(tokens)) {
    const char* side = kind == Kind::Source ? "source" : "target";
    auto sp = specials(kind);
    for (size_t i = 0; i < sp.size(); ++i) {
        if (i >= tokens_.size() || tokens_[i] != sp[i])
            throw ModelFormatError(std::string(side) + " vocabulary: token " + std::to_string(i) + " must be " +
                                   sp[i] + (i < tokens_.size() ? ", found \"" + tokens_[i] + "\"" : ", vocabulary too short"));
    }
    index_.reserve(tokens_.size());
    for (size_t i = 0; i < tokens_.size(); ++i) {
        if (tokens_[i].empty())
            throw ModelFormatError(std::string(side) + " vocabulary: token " + std::to_string(i) + " is empty");
        if (!index_.emplace(tokens_[i], static_cast<int>(i)).second)
            throw ModelFormatError(std::string(side) + " vocabulary: token \"" + tokens_[i] + "\" appears twice (id " +
                                   std::to_string(index_[tokens_[i]]) + " and " + std::to_string(i) + ")");
    }
}

Vocabulary Vocabulary::build(Kind kind, const std::map<std::string, int64_t>& counts, int64_t min_count) {
    std::vector<std::string> tokens = specials(kind);
    std::vector<std::pair<std::string, int64_t>> kept;
    for (auto& [tok, n] : counts) {
        if (n >= min_count && std::find(tokens.begin(), tokens.end(), tok) == tokens.end()) kept.emplace_back(tok, n);
    }
    std::sort(kept.begin(), kept.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    for (auto& [tok, n] : kept) tokens.push_back(tok);
    return Vocabulary(kind, std::move(tokens));
}

int Vocabulary::id(const std::string& token) const {
    auto it = index_.find(token);
    return it == index_.end() ? unk_id() : it->second;
}

const std::string& Vocabulary::token(int id) const { return tokens_.at(static_cast<size_t>(id)); }

std::vector<int> Vocabulary::encode(const std::vector<std::string>& tokens) const {
    std::vector<int> ids;
    ids.reserve(tokens.size());
    for (auto& t : tokens) ids.push_back(id(t));
    return ids;
}

namespace {

// Keys next to each other on a QWERTY keyboard, across a row or a row apart.
bool keys_touch(char a, char b) {
    static const char* rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    int ra = -1, ca = 0, rb = -1, cb = 0;
    for (int r = 0; r < 3; ++r) {
        if (const char* p = std::strchr(rows[r], a)) ra = r, ca = int(p - rows[r]);
        if (const char* p = std::strchr(rows[r], b)) rb = r, cb = int(p - rows[r]);
    }
    if (ra < 0 || rb < 0) return false;
    if (ra == rb) return std::abs(ca - cb) == 1;
    // a row down starts half a key to the right: q sits over a, a over z
    return std::abs(ra - rb) == 1 && (ra < rb ? ca - cb : cb - ca) >= 0 && (ra < rb ? ca - cb : cb - ca) <= 1;
}

}  // namespace

// "remoove", "remve" and "rdir" are one edit from remove and rmdir.
bool one_edit_apart(const std::string& a, const std::string& b) {
    const size_t n = a.size(), m = b.size();
    if (n > m + 1 || m > n + 1) return false;
    size_t i = 0;
    while (i < n && i < m && a[i] == b[i]) ++i;
    if (i == n || i == m) return n != m;  // one is the other plus a last letter (equal: the same word)
    if (n == m) return a.compare(i + 1, n, b, i + 1, m) == 0 ||  // substitution
                       (i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a.compare(i + 2, n, b, i + 2, m) == 0);
    return n > m ? a.compare(i + 1, n, b, i, m) == 0 : a.compare(i, n, b, i + 1, m) == 0;
}

bool typo_of(const std::string& a, const std::string& b) { return one_edit_apart(a, b) && typed_for(a, b); }

bool typed_for(const std::string& typed, const std::string& known) {
    if (typed.empty() || known.empty() || typed[0] != known[0]) return false;
    if (typed.size() != known.size()) return true;
    size_t i = 0;
    while (i < typed.size() && typed[i] == known[i]) ++i;
    if (i == typed.size()) return true;
    if (i + 1 < typed.size() && typed[i] == known[i + 1] && typed[i + 1] == known[i]) return true;  // two letters swapped
    if (typed.compare(i + 1, std::string::npos, known, i + 1, std::string::npos) != 0) return true;  // more than one change
    return keys_touch(typed[i], known[i]);
}

namespace {

// Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits
// of one substring), giving up past `limit`.
int edit_distance(const std::string& a, const std::string& b, int limit) {
    const int n = int(a.size()), m = int(b.size());
    if (std::abs(n - m) > limit) return limit + 1;
    thread_local std::vector<int> prev2, prev, cur;  // reused: one unknown word is compared with the whole vocabulary
    prev2.assign(size_t(m) + 1, 0);
    prev.resize(size_t(m) + 1);
    cur.resize(size_t(m) + 1);
    for (int j = 0; j <= m; ++j) prev[j] = j;
    for (int i = 1; i <= n; ++i) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= m; ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

std::set<std::string> trigrams(const std::string& w) {
    std::string padded = "^" + w + "$";
    std::set<std::string> out;
    for (size_t i = 0; i + 3 <= padded.size(); ++i) out.insert(padded.substr(i, 3));
    return out;
}


// Whether `word` can be a typo of the known word `known`, `distance` edits away: the first
// letter kept, and in a word of four letters or fewer a letter typed for another beside it
// (otherwise "foo" reads as "for", "him" as "vim", "tata" as "data", "jake" as "make").
bool plausible_typo(const std::string& word, const std::string& known, int distance) {
    if (word.size() > 4 || distance != 1) return word[0] == known[0];
    return typed_for(word, known);
}

bool matchable(const std::string& w) {
    if (w.size() < 3 || w.front() == '<' || w.front() == '.') return false;
    return std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-' || c == '_'; });
}

}  // namespace

int Vocabulary::nearest(const std::string& word, bool trigram) const {
    if (contains(word)) return id(word);
    if (!matchable(word)) return unk_id();
    int best = unk_id();
    if (trigram) {
        const auto mine = trigrams(word);
        double best_score = 0.5 - 1e-9;
        for (size_t i = specials(kind_).size(); i < tokens_.size(); ++i) {
            if (!matchable(tokens_[i])) continue;
            const auto theirs = trigrams(tokens_[i]);
            size_t shared = 0;
            for (auto& g : mine) shared += theirs.count(g);
            const double score = double(shared) / double(mine.size() + theirs.size() - shared);
            if (score > best_score) {
                best_score = score;
                best = int(i);
            }
        }
        return best;
    }
    const int limit = word.size() <= 5 ? 1 : 2;
    int best_distance = limit + 1;
    for (size_t i = specials(kind_).size(); i < tokens_.size(); ++i) {
        if (!matchable(tokens_[i])) continue;
        const int d = edit_distance(word, tokens_[i], best_distance - 1);  // only a nearer word matters
        if (d < best_distance && plausible_typo(word, tokens_[i], d)) {
            best_distance = d;
            best = int(i);
        }
    }
    return best;
}

int Vocabulary::by_meaning(const std::string& word) const {
    if (word_map_.empty() || word.size() < 3) return kNoReading;
    auto known = [&](const std::string& w) {
        auto v = index_.find(w);
        if (v != index_.end() && v->second > unk_id()) return v->second;
        auto m = word_map_.find(w);
        return m == word_map_.end() ? kNoReading : m->second;
    };
    if (int id = known(word); id != kNoReading) return id;
    // WordNet's detachment rules for regular inflections, most specific first:
    // "copies" -> "copy", "boxes" -> "box", "deleted" -> "delete", "listing" -> "list"
    static const std::pair<const char*, const char*> rules[] = {
        {"ies", "y"}, {"ches", "ch"}, {"shes", "sh"}, {"sses", "ss"}, {"xes", "x"}, {"zes", "z"}, {"es", "e"}, {"es", ""},
        {"s", ""},    {"ied", "y"},   {"ed", "e"},    {"ed", ""},      {"ing", "e"}, {"ing", ""},  {"ly", ""},  {"er", ""},
        {"est", ""}};
    for (auto& [suffix, base] : rules) {
        const size_t n = std::strlen(suffix);
        if (word.size() < n + 3 || word.compare(word.size() - n, n, suffix) != 0) continue;
        if (int id = known(word.substr(0, word.size() - n) + base); id != kNoReading) return id;
    }
    // a doubled consonant before -ed/-ing: "stopped" -> "stop", "running" -> "run"
    for (const char* suffix : {"ed", "ing"}) {
        const size_t n = std::strlen(suffix);
        if (word.size() < n + 4 || word.compare(word.size() - n, n, suffix) != 0) continue;
        const std::string stem = word.substr(0, word.size() - n);
        if (stem[stem.size() - 1] == stem[stem.size() - 2])
            if (int id = known(stem.substr(0, stem.size() - 1)); id != kNoReading) return id;
    }
    return kNoReading;
}

}  // namespace cmdseq
