// Accuracy of a model, as the core runs it: the command it prints against the
// expected one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dataset.h"
#include "translator.h"

namespace cmdseq::train {

struct Score {
    int total = 0;
    int exact = 0;         // the whole command matches
    int command_name = 0;  // the program matches (after sudo)
    double exact_pct() const { return total ? 100.0 * exact / total : 0; }
    double name_pct() const { return total ? 100.0 * command_name / total : 0; }
};

struct Evaluation {
    Score all;
    std::map<std::string, Score> by_category;
    std::vector<std::string> commands;  // what the model said, per record
    double mean_ms = 0;
};

// The program a command runs: "sudo systemctl restart x" -> "systemctl".
std::string command_name(const std::string& command);

Evaluation evaluate(Translator& translator, const std::vector<Record>& records, const DecodeOptions& options = {});

}  // namespace cmdseq::train
