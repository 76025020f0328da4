// cmdseq-train: the dataset tools, the LibTorch trainer, the exporters and the
// parity checks. The only program that links LibTorch.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "commands.h"
#include "errors.h"

namespace {

const char* kUsage = R"(usage: cmdseq-train COMMAND [options]

Commands:
  make-data    expand trainer/data/forms into train/valid/test pairs (JSONL)
  check-data   lint the forms and the pairs: duplicates, conflicts, shell syntax,
               slots on both sides, category balance
  make-man-data  pairs from the installed manual pages (NAME lines, option
               descriptions), written outside the repository
  make-synonym-data  requests with a word swapped for a WordNet synonym of the
               same sense, written outside the repository
  make-corpus  a plain-text corpus for word vectors (manual pages, WordNet's
               glosses, package descriptions), written outside the repository
  word-map     copy a model with a WordNet word map (synonyms, base forms)
  train        train a model with LibTorch; writes model.cmdseq, model-int8.cmdseq,
               encoder.onnx, decoder.onnx, model_config.json, a CSV log and a plot
  export-onnx  write the ONNX pair and model_config.json for a .cmdseq model
  parity       compare LibTorch and the core on the same weights, step by step
  bench        per-request latency: core fp32, core int8, LibTorch eager

Run `cmdseq-train COMMAND --help` for a command's options. Accuracy on a
split: `cmdseq eval trainer/data/pairs/test.jsonl --model M [--compare M2]`.
)";

}  // namespace

std::string cmdseq::train::source_dir() { return CMDSEQ_SOURCE_DIR; }

int main(int argc, char** argv) {
    using namespace cmdseq::train;
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    Args args(argv + 2, argv + argc);
    try {
        if (cmd == "make-data") return run_make_data(args);
        if (cmd == "check-data") return run_check_data(args);
        if (cmd == "make-man-data") return run_make_man_data(args);
        if (cmd == "make-synonym-data") return run_make_synonym_data(args);
        if (cmd == "make-corpus") return run_make_corpus(args);
        if (cmd == "word-map") return run_word_map(args);
        if (cmd == "train") return run_train(args);
        if (cmd == "export-onnx") return run_export_onnx(args);
        if (cmd == "parity") return run_parity(args);
        if (cmd == "bench") return run_bench(args);
        std::fprintf(stderr, "cmdseq-train: unknown command '%s'\n\n%s", cmd.c_str(), kUsage);
        return 2;
    } catch (const cmdseq::OptionsError& e) {
        std::fprintf(stderr, "cmdseq-train %s: %s\n", cmd.c_str(), e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cmdseq-train %s: %s\n", cmd.c_str(), e.what());
        return 1;
    }
}
