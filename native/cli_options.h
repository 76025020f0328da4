// Command-line options of the cmdseq tool, parsed into one struct.
#pragma once

#include <string>
#include <vector>

#include "cmdseq.h"

namespace cmdseq_native {

struct CliOptions {
    std::string subcommand;          // "", "risk", "info", "eval", "bench", "serve"
    std::vector<std::string> words;  // the request (or the subcommand's operands)
    std::string model_path;          // empty: the embedded model
    std::vector<std::string> compare_models;  // eval: further models side by side
    int show_errors = 0;                      // eval: wrong answers to print
    double min_exact = 0;                     // eval: fail below this exact match (percent)
    double min_agreement = 0;                 // eval: fail when a --compare model agrees less (percent)
    cmdseq::DecodeOptions decode;
    bool match_set = false;                      // --match given: overrides the model's source_match
    cmdseq::SourceMatch source_match = cmdseq::SourceMatch::Exact;
    bool json = false;
    bool explain = false;
    bool numbers = false;   // --explain: print weights in the heatmap cells
    int explain_top = 3;    // --explain: candidates shown per step
    bool color = true;
    bool exec = false;
    bool force = false;
    bool help = false;
    bool version = false;
    // serve
    std::string serve_host = "127.0.0.1";
    int serve_port = 8080;   // 0: any free port (printed)
    int serve_threads = 16;  // more than a browser's 6 connections, which keep-alive holds on to
    std::string web_root;    // empty: the source tree the binary was built from
    bool quiet = false;      // no access log
    // bench
    std::string requests_file;
    int runs = 20;
    int beam_for_bench = 4;
};

// Throws cmdseq::OptionsError with a message naming the bad option.
CliOptions parse_cli(int argc, char** argv);

extern const char* kHelpText;

}  // namespace cmdseq_native
