// WordNet (Debian's wordnet-base) read at export time, to build the word map a
// model file carries: request words the vocabulary lacks -> a known word that
// shares their meaning ("terminate" -> "end") or their base form ("ran" -> "run").
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "dataset.h"

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

// Readings from word vectors (fastText's .vec text) for words neither the
// vocabulary nor `map` holds: the vocabulary word whose vector is nearest by
// cosine, when at least `min_similarity`. Returned apart, to be merged into the map.
std::map<std::string, std::string> vector_readings(const std::string& vec_path, const std::vector<std::string>& vocabulary,
                                                   const std::map<std::string, std::string>& map, double min_similarity);

// Sense-restricted synonyms, to vary training requests: for each common verb,
// adjective or adverb (its most tagged part of speech), the other common single
// words of its most frequent sense whose own most frequent sense is that same
// one ("begin" <-> "start", "huge" <-> "enormous"; not "remove" -> "take").
// Light verbs ("get", "make") and words in `avoid` (program names) are left out.
std::map<std::string, std::vector<std::string>> sense_synonyms(const WordNet& wn, const std::set<std::string>& avoid);

// Requests of `own` with one plain word swapped for a sense synonym, about
// `share` of them (seeded: the same inputs give the same pairs); none equals a
// request in `held_out`. The command stays.
std::vector<Record> synonym_pairs(const std::vector<Record>& own, const std::map<std::string, std::vector<std::string>>& synonyms,
                                  const std::set<std::string>& held_out, double share, uint64_t seed);

}  // namespace cmdseq::train
