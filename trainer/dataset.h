// The dataset: command forms with hand-written phrasings (trainer/data/forms),
// expanded with slot values (trainer/data/values.txt) into request -> command
// pairs, split by phrasing, and turned into token sequences for training.
// No LibTorch here: `cmdseq-train make-data` and `check-data` use only this.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "model_file.h"

namespace cmdseq::train {

// One command form ("ping -c {num} {host}") and the ways people ask for it.
struct Form {
    std::string category;
    std::string command;
    std::vector<std::string> phrasings;
    std::string origin;  // "networking.txt:42"
};

std::vector<Form> load_forms(const std::string& dir);  // every *.txt, in name order
std::map<std::string, std::vector<std::string>> load_values(const std::string& path);

// "{file2}" -> "file2"; the slots a template names, in order of appearance.
std::vector<std::string> template_slots(const std::string& text);
// "file2" -> "file": the list a slot draws its values from.
std::string slot_type(const std::string& slot);

// A form's word split where {slots} sit inside it: "{user}:{group}" -> "{user}", ":",
// "{group}"; "'s/{word}/{word2}/g'" -> "'s/", "{word}", "/", "{word2}", "/g'". A word that is
// one slot or holds none is one piece. The model writes such a word as its pieces glued by
// <join> (kJoinToken), so a value can sit inside a word.
std::vector<std::string> word_pieces(const std::string& form_word);
// What `word`, a command's word, holds for each of `pieces` (a form word's pieces): the
// literals as they are, each slot's value; {} when `word` does not have that shape.
std::vector<std::string> split_like(const std::string& word, const std::vector<std::string>& pieces);

// One pair, in the seed's format plus where it came from.
struct Record {
    std::string input;
    std::string output;
    std::string category;
    std::string form;      // the command template
    std::string phrasing;  // the phrasing template
};

struct Dataset {
    // test_blanks: the held-out phrasings with their values left out ("extract an
    // archive" -> `tar -xzf ARCHIVE`)
    std::vector<Record> train, valid, test, test_typos, test_blanks;
};

struct GenerateOptions {
    uint64_t seed = 1;
    int train_fills = 4;  // samples per train phrasing that has slots
    int eval_fills = 3;   // per valid/test phrasing that has slots
    double no_value_share = 0.6;  // train phrasings with slots that also appear without their values
};

// The words of a text, split at white space.
std::vector<std::string> split_spaces(const std::string& text);

// A phrasing with its {slots} said as plain nouns ("extract {targz} into {dir}" ->
// "extract an archive into a folder"); "" when it does not read well without them.
std::string phrasing_without_values(const std::string& phrasing, std::mt19937_64& rng);

// The phrasing without the target it ends on ("change the owner of {file} to {user}" ->
// "change the owner of {file}"): people name what to act on and leave the rest to the
// command's blanks. "" when it ends on no "to/into/as {slot}", too little is left, or
// what is left does not end on a value or a noun that names one.
std::string phrasing_without_target(const std::string& phrasing);

// The command with its {slots} as named blanks: "tar -xzf {targz} -C {dir}" ->
// "tar -xzf ARCHIVE -C PATH"; "" when a slot is part of a longer word ("{user}:{group}").
std::string command_with_blanks(const std::string& command_template);

// The placeholder a named blank in a command stands for ("ARCHIVE" -> "<archive0>"), or "".
std::string blank_placeholder(const std::string& word);

// Deterministic for a given seed. Per form, one phrasing goes to test and one
// to valid (see held_out_first); the rest, and the command echo, train.
// test_typos is test with one typo per request.
Dataset generate_dataset(const std::vector<Form>& forms, const std::map<std::string, std::vector<std::string>>& values,
                         const GenerateOptions& options);

// The command as a request ("sudo systemctl start {service}" -> "systemctl start
// {service}"), or "" when it has pipes, quotes or redirections. Train-only.
std::string command_echo(const std::string& command_template);
// A form's phrasings in split order: [0] test, [1] valid, the rest train.
std::vector<std::string> held_out_first(const std::vector<std::string>& phrasings, const std::string& echo, uint64_t seed);

std::string record_to_json(const Record& r);
void write_jsonl(const std::string& path, const std::vector<Record>& records);  // atomic
std::vector<Record> read_jsonl(const std::string& path);                        // IoError / InputError

// A pair as token sequences. Command tokens that are a request value become its
// placeholder; tokens no form spells literally become <unk> and are copied from
// the request word at `align` (also used to guide attention onto placeholders).
struct TokenizedPair {
    std::vector<std::string> source;
    std::vector<std::string> target;  // without <s> and </s>
    std::vector<int> align;           // per target token: source index it comes from, or -1
};

// Narrows the hidden (and attention) width a step at a time, down to 16, until
// the model has at most `budget` parameters; returns the width.
int fit_hidden_width(ModelConfig& config, int64_t budget);

// Literal command tokens of every form (placeholders and <unk> excluded).
std::set<std::string> form_literals(const std::vector<Record>& records);
TokenizedPair make_example(const Record& record, const std::set<std::string>& literals);

// Small shell syntax check: quotes closed, no empty pipeline stage, every
// redirection has a target. Returns "" when fine, else what is wrong.
std::string shell_syntax_error(const std::string& command);

// One group of interchangeable words ("show" / "display" / "print") swapped at
// a word boundary, or the text unchanged when it has none.
std::string swap_synonym(const std::string& text, std::mt19937_64& rng);

// "how do i ..." (one of several frames) before a phrasing that starts with a verb; else the phrasing.
std::string framed(const std::string& phrasing, std::mt19937_64& rng);

// One typo in one word of at least four letters (swap, drop, double, neighbour key).
std::string add_typo(const std::string& text, std::mt19937_64& rng);

struct CheckReport {
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    std::vector<std::string> info;
};
CheckReport check_data(const std::vector<Form>& forms, const std::map<std::string, std::vector<std::string>>& values,
                       const Dataset& data);

}  // namespace cmdseq::train
