#include "word_net.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
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

}  // namespace cmdseq::train
