// The subcommands of cmdseq-train, one file each.
#pragma once

#include <string>
#include <vector>

namespace cmdseq::train {

using Args = std::vector<std::string>;

int run_make_data(const Args& args);
int run_check_data(const Args& args);
int run_make_man_data(const Args& args);
int run_make_synonym_data(const Args& args);
int run_make_corpus(const Args& args);
int run_word_map(const Args& args);
int run_train(const Args& args);
int run_export_onnx(const Args& args);
int run_parity(const Args& args);
int run_bench(const Args& args);

// Where the checked-in data lives, for defaults (set at build time).
std::string source_dir();

}  // namespace cmdseq::train
