// WordNet (Debian's wordnet-base) read at export time, to build the word map a
// model file carries: request words the vocabulary lacks -> a known word that
// shares their meaning ("terminate" -> "end") or their base form ("ran" -> "run").
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace cmdseq::train {

struct WordNet {
    struct Lemma {
        char pos = 'n';             // n v a r
        int tagged_senses = 0;      // how often the lemma was sense-tagged in a corpus: 0 for rare words
        std::vector<long> synsets;  // most frequent sense first
    };
    std::multimap<std::string, Lemma> lemmas;            // one entry per part of speech
    std::map<long, std::vector<std::string>> members[4]; // per part of speech (n v a r): synset -> its words
    std::map<std::string, std::string> exceptions;       // irregular forms -> base form ("ran" -> "run")
    std::string version;                                 // the package version, for the model's metadata
};

// Reads index.*, data.* and *.exc from `dir` (default /usr/share/wordnet). IoError when absent.
WordNet load_wordnet(const std::string& dir);

// The word map for a source vocabulary: every common WordNet word the vocabulary
// lacks whose first senses (at most `senses` per part of speech) hold a word the
// vocabulary has, read as that word; irregular forms read as their base; other
// common words that the spelling match would read as a vocabulary word, as
// <unk> (they are words, not misspellings). Only plain lower-case words of three
// letters or more on either side. `vocabulary` must start with the specials.
std::map<std::string, std::string> build_word_map(const WordNet& wn, const std::vector<std::string>& vocabulary, int senses = 2);

}  // namespace cmdseq::train
