// Accuracy of a model as the core runs it: the command it prints against the
// expected one, per category. Used by `cmdseq eval` and by the trainer's
// validation, so both count the same way.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "translator.h"

namespace cmdseq {

struct Example {
    std::string input, output, category;
};

// A JSON array of {"input", "output", "category"?} objects, or one object per line.
std::vector<Example> read_examples(const std::string& path);

// The program a command runs: the first word that is not sudo or VAR=value.
std::string command_name(const std::string& command);

struct Score {
    int n = 0;
    int exact = 0;  // the whole command matches (token by token)
    int name = 0;   // the program matches
    double exact_pct() const { return n ? 100.0 * exact / n : 0; }
    double name_pct() const { return n ? 100.0 * name / n : 0; }
};

struct Evaluation {
    std::map<std::string, Score> by_category;  // includes "all"
    std::vector<std::string> commands;         // what the model said, per example
    std::vector<bool> correct;                 // exact match, per example
    const Score& all() const { return by_category.at("all"); }
};

Evaluation evaluate(Translator& translator, const std::vector<Example>& examples, const DecodeOptions& options = {});

// Share of examples on which two evaluations print the same command, in percent.
double agreement_pct(const Evaluation& a, const Evaluation& b);

}  // namespace cmdseq
