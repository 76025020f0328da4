// A vocabulary: tokens <-> ids, with special tokens first.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace cmdseq {

// Whether `typed` can be `known` as people mistype it: the first letter kept, and a letter
// typed for another one beside it on the keyboard (a swap or a letter more or less always
// can). Says nothing about how far apart the two are. Used by the spelling readings and by
// the guard's reading of typos ("remote" is not "remove" mistyped).
bool typed_for(const std::string& typed, const std::string& known);

// One edit apart: an insertion, a deletion, a substitution or a swap of neighbours.
bool one_edit_apart(const std::string& a, const std::string& b);

// `a` typed for `b`: one edit apart, as people mistype ("remoove" for remove; "remote" and
// "about" are words of their own, not remove and abort).
bool typo_of(const std::string& a, const std::string& b);

// Special tokens. Every vocabulary starts with <pad> and <unk>; the target
// vocabulary also has <s> and </s>. Ids are fixed by this order.
constexpr const char* kPadToken = "<pad>";
constexpr const char* kUnkToken = "<unk>";
constexpr const char* kBosToken = "<s>";
constexpr const char* kEosToken = "</s>";

class Vocabulary {
public:
    enum class Kind { Source, Target };

    Vocabulary() = default;
    // Tokens in id order; the specials for `kind` must come first (ModelFormatError otherwise).
    Vocabulary(Kind kind, std::vector<std::string> tokens);

    // Specials first, then every token seen at least `min_count` times, most
    // frequent first and alphabetical among equals, so the result is deterministic.
    static Vocabulary build(Kind kind, const std::map<std::string, int64_t>& counts, int64_t min_count);

    int id(const std::string& token) const;  // unk_id() when absent
    const std::string& token(int id) const;  // throws std::out_of_range
    bool contains(const std::string& token) const { return index_.count(token) != 0; }
    int size() const { return static_cast<int>(tokens_.size()); }
    const std::vector<std::string>& tokens() const { return tokens_; }
    Kind kind() const { return kind_; }

    int pad_id() const { return 0; }
    int unk_id() const { return 1; }
    int bos_id() const { return 2; }  // target only
    int eos_id() const { return 3; }  // target only

    std::vector<int> encode(const std::vector<std::string>& tokens) const;

    // The id of the word nearest in spelling to `word`, which the vocabulary
    // lacks, or unk_id() when none is near enough. Edit: at most one typo
    // (insert, delete, replace, swap) in words up to 5 letters, two in longer
    // ones. Trigram: character-trigram overlap (Jaccard) of at least 0.5.
    // Ties go to the more frequent word (the lower id). Placeholders, specials
    // and words under 3 letters are never matched.
    int nearest(const std::string& word, bool trigram) const;

    // Reading by meaning, for a model whose file has a word map (WordNet synonyms
    // and base forms chosen at export): the word's entry, else the entry or the
    // vocabulary word of its base form ("copied" -> "copy", "files" -> "file").
    // unk_id() for a word the map knows as a word with no reading (an English
    // word, not a misspelling: not to be read by spelling); kNoReading when the
    // map says nothing, and always without a word map.
    void set_word_map(std::unordered_map<std::string, int> word_map) { word_map_ = std::move(word_map); }
    bool has_word_map() const { return !word_map_.empty(); }
    size_t word_map_size() const { return word_map_.size(); }
    int by_meaning(const std::string& word) const;
    static constexpr int kNoReading = -1;

    static std::vector<std::string> specials(Kind kind);

private:
    Kind kind_ = Kind::Source;
    std::vector<std::string> tokens_;
    std::unordered_map<std::string, int> index_;
    std::unordered_map<std::string, int> word_map_;
};

}  // namespace cmdseq
