#include "word_net.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "errors.h"
#include "tokenizer.h"
#include "vocab.h"

namespace cmdseq::train {

namespace {

int pos_index(char pos) {
    switch (pos) {
        case 'n': return 0;
        case 'v': return 1;
        case 'a': case 's': return 2;
        default: return 3;
    }
}

bool plain_word(const std::string& w) {
    return w.size() >= 3 && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::ifstream open_or_throw(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot open " + path + " (WordNet: Debian's wordnet-base package)");
    return in;
}

}  // namespace

WordNet load_wordnet(const std::string& dir) {
    WordNet wn;
    // the package's version, for the metadata of what is built from it
    if (FILE* p = popen("dpkg-query -W -f='${Version}' wordnet-base 2>/dev/null", "r")) {
        char buf[128] = {0};
        if (std::fgets(buf, sizeof buf, p)) wn.version = std::string("wordnet-base ") + buf;
        pclose(p);
    }
    static const char* files[] = {"noun", "verb", "adj", "adv"};
    for (int p = 0; p < 4; ++p) {
        std::ifstream index = open_or_throw(dir + "/index." + files[p]);
        for (std::string line; std::getline(index, line);) {
            if (line.empty() || line[0] == ' ') continue;  // the licence at the top
            std::istringstream in(line);
            std::string lemma, pos;
            int synset_cnt = 0, p_cnt = 0, sense_cnt = 0;
            WordNet::Lemma l;
            in >> lemma >> pos >> synset_cnt >> p_cnt;
            for (int k = 0; k < p_cnt; ++k) {
                std::string ptr;
                in >> ptr;
            }
            in >> sense_cnt >> l.tagged_senses;
            for (int k = 0; k < synset_cnt; ++k) {
                long offset;
                if (in >> offset) l.synsets.push_back(offset);
            }
            if (!in && !in.eof()) continue;
            l.pos = pos.empty() ? 'n' : pos[0];
            wn.lemmas.emplace(lemma, std::move(l));
        }
        std::ifstream data = open_or_throw(dir + "/data." + files[p]);
        for (std::string line; std::getline(data, line);) {
            if (line.empty() || line[0] == ' ') continue;
            std::istringstream in(line);
            long offset;
            std::string lex_file, ss_type, count_hex;
            in >> offset >> lex_file >> ss_type >> count_hex;
            const long count = std::strtol(count_hex.c_str(), nullptr, 16);
            std::vector<std::string> words;
            for (long k = 0; k < count; ++k) {
                std::string w, lex_id;
                in >> w >> lex_id;
                auto paren = w.find('(');  // "big(a)": an adjective's position marker
                if (paren != std::string::npos) w.resize(paren);
                std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return char(std::tolower(c)); });
                words.push_back(w);
            }
            wn.members[p][offset] = std::move(words);
        }
        std::ifstream exc = open_or_throw(dir + "/" + files[p] + ".exc");
        for (std::string line; std::getline(exc, line);) {
            std::istringstream in(line);
            std::string form, base;
            if (in >> form >> base) wn.exceptions.emplace(form, base);
        }
    }
    return wn;
}

std::map<std::string, std::string> build_word_map(const WordNet& wn, const std::vector<std::string>& vocabulary, int senses) {
    std::set<std::string> known;
    for (auto& w : vocabulary)
        if (plain_word(w) && !is_placeholder(w)) known.insert(w);
    std::map<std::string, std::string> map;
    // synonyms: the lemma's most tagged part of speech first, its first senses only
    std::string current;
    std::vector<const WordNet::Lemma*> parts;
    auto decide = [&] {
        if (current.empty() || known.count(current) || !plain_word(current)) return;
        std::stable_sort(parts.begin(), parts.end(), [](auto* a, auto* b) { return a->tagged_senses > b->tagged_senses; });
        for (const WordNet::Lemma* l : parts) {
            if (l->tagged_senses == 0) break;  // a rare word in this sense: no reading is safer than a wrong one
            for (size_t s = 0; s < l->synsets.size() && s < size_t(senses); ++s) {
                auto it = wn.members[pos_index(l->pos)].find(l->synsets[s]);
                if (it == wn.members[pos_index(l->pos)].end()) continue;
                for (auto& w : it->second)
                    if (w != current && known.count(w)) {
                        map.emplace(current, w);
                        return;
                    }
            }
        }
    };
    for (auto it = wn.lemmas.begin(); it != wn.lemmas.end(); ++it) {
        if (it->first != current) {
            decide();
            current = it->first;
            parts.clear();
        }
        parts.push_back(&it->second);
    }
    decide();
    // irregular forms: "ran" reads as "run", or as what "run" reads as
    for (auto& [form, base] : wn.exceptions) {
        if (!plain_word(form) || known.count(form) || map.count(form)) continue;
        if (known.count(base)) map.emplace(form, base);
        else if (auto m = map.find(base); m != map.end()) map.emplace(form, m->second);
    }
    // common words left without a reading that the spelling match would misread
    // ("greater" as "create", "beyond" as "second"): marked as words, read as <unk>
    const Vocabulary vocab(Vocabulary::Kind::Source, vocabulary);
    std::string last;
    for (auto& [lemma, l] : wn.lemmas) {
        if (lemma == last || l.tagged_senses == 0 || !plain_word(lemma) || known.count(lemma) || map.count(lemma)) continue;
        last = lemma;
        if (vocab.nearest(lemma, false) != vocab.unk_id()) map.emplace(lemma, kUnkToken);
    }
    return map;
}

std::map<std::string, std::string> vector_readings(const std::string& vec_path, const std::vector<std::string>& vocabulary,
                                                   const std::map<std::string, std::string>& map, double min_similarity) {
    std::ifstream in(vec_path);
    if (!in) throw IoError("cannot open " + vec_path);
    std::string header;
    std::getline(in, header);
    long count = 0, dim = 0;
    std::istringstream(header) >> count >> dim;
    if (dim <= 0 || dim > 4096) throw InputError(vec_path + ": not a .vec file (its first line gives no dimension)");
    std::set<std::string> known;
    for (auto& w : vocabulary)
        if (plain_word(w)) known.insert(w);
    std::vector<std::string> words, targets;
    std::vector<float> word_vecs, target_vecs;
    std::vector<float> v(static_cast<size_t>(dim));
    for (std::string line; std::getline(in, line);) {
        std::istringstream l(line);
        std::string w;
        l >> w;
        const bool target = known.count(w) != 0;
        if (!target && (!plain_word(w) || map.count(w))) continue;
        double norm = 0;
        for (auto& x : v) {
            l >> x;
            norm += double(x) * x;
        }
        if (!l || norm <= 0) continue;
        for (auto& x : v) x = float(x / std::sqrt(norm));
        (target ? targets : words).push_back(w);
        auto& into = target ? target_vecs : word_vecs;
        into.insert(into.end(), v.begin(), v.end());
    }
    std::map<std::string, std::string> out;
    for (size_t i = 0; i < words.size(); ++i) {
        const float* a = word_vecs.data() + i * size_t(dim);
        double best = min_similarity;
        long at = -1;
        for (size_t j = 0; j < targets.size(); ++j) {
            const float* b = target_vecs.data() + j * size_t(dim);
            double dot = 0;
            for (long d = 0; d < dim; ++d) dot += double(a[d]) * b[d];
            if (dot >= best) best = dot, at = long(j);
        }
        if (at >= 0) out.emplace(words[i], targets[size_t(at)]);
    }
    return out;
}

std::map<std::string, std::vector<std::string>> sense_synonyms(const WordNet& wn, const std::set<std::string>& avoid) {
    static const std::set<std::string> light = {"be", "have", "do", "get", "make", "go", "take", "give", "let", "put", "set",
                                                "keep", "come", "see", "want", "need", "use", "run", "say", "tell", "find",
                                                "please"};  // "please" asks; it is no verb in a request
    // each word's most tagged part of speech, and its first sense there
    std::map<std::string, const WordNet::Lemma*> main_sense;
    for (auto& [word, l] : wn.lemmas) {
        auto it = main_sense.find(word);
        if (it == main_sense.end() || l.tagged_senses > it->second->tagged_senses) main_sense[word] = &l;
    }
    std::map<std::string, std::vector<std::string>> out;
    for (auto& [word, l] : main_sense) {
        if (l->pos == 'n' || l->tagged_senses == 0 || l->synsets.empty() || !plain_word(word) || light.count(word) || avoid.count(word))
            continue;
        auto members = wn.members[pos_index(l->pos)].find(l->synsets[0]);
        if (members == wn.members[pos_index(l->pos)].end()) continue;
        for (auto& other : members->second) {
            if (other == word || !plain_word(other) || light.count(other) || avoid.count(other)) continue;
            auto o = main_sense.find(other);
            if (o == main_sense.end() || o->second->tagged_senses == 0 || pos_index(o->second->pos) != pos_index(l->pos) ||
                o->second->synsets.empty() || o->second->synsets[0] != l->synsets[0])
                continue;
            out[word].push_back(other);
        }
    }
    for (auto it = out.begin(); it != out.end();) it = it->second.empty() ? out.erase(it) : std::next(it);
    return out;
}

std::vector<Record> synonym_pairs(const std::vector<Record>& own, const std::map<std::string, std::vector<std::string>>& synonyms,
                                  const std::set<std::string>& held_out, double share, uint64_t seed) {
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + 7);
    std::uniform_real_distribution<double> uni(0, 1);
    std::set<std::string> seen;
    for (auto& r : own) seen.insert(r.input);
    std::vector<Record> out;
    for (auto& r : own) {
        if (uni(rng) >= share) continue;
        std::vector<std::string> words = split_spaces(r.input);
        std::vector<size_t> can;
        for (size_t i = 0; i < words.size(); ++i)
            if (synonyms.count(words[i])) can.push_back(i);
        if (can.empty()) continue;
        const size_t at = can[size_t(rng() % can.size())];
        const auto& options = synonyms.at(words[at]);
        words[at] = options[size_t(rng() % options.size())];
        std::string in;
        for (auto& w : words) in += (in.empty() ? "" : " ") + w;
        if (held_out.count(in) || !seen.insert(in).second) continue;
        out.push_back({in, r.output, r.category, r.form, r.phrasing});
    }
    return out;
}

}  // namespace cmdseq::train
