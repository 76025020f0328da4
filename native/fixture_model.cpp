// cmdseq-fixture: writes a model with seeded random weights (see core/fixture.h).
// Used by the tests and as the binary's embedded default until trained models ship.
#include <cstdio>
#include <string>

#include "cmdseq.h"

namespace {

int usage(int status) {
    std::fprintf(status ? stderr : stdout,
                 "usage: cmdseq-fixture --out FILE [--preset small|standard] [--storage fp32|int8]\n"
                 "                      [--seed N] [--bidirectional] [--layers N] [--eos-bias B] [--word-map]\n"
                 "Writes a model with seeded random weights (untrained: its commands mean nothing).\n");
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    std::string out;
    cmdseq::FixtureOptions f;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        try {
            auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw cmdseq::OptionsError("needs a value");
                return argv[++i];
            };
            if (a == "--out") out = value();
            else if (a == "--preset") {
                std::string p = value();
                if (p != "small" && p != "standard") throw cmdseq::OptionsError("must be small or standard");
                f.standard = p == "standard";
            } else if (a == "--storage") {
                std::string s = value();
                if (s != "fp32" && s != "int8") throw cmdseq::OptionsError("must be fp32 or int8");
                f.storage = s == "int8" ? cmdseq::Storage::Int8 : cmdseq::Storage::Fp32;
            } else if (a == "--seed") f.seed = std::stoull(value());
            else if (a == "--bidirectional") f.bidirectional = true;
            else if (a == "--layers") f.layers = std::stoi(value());
            else if (a == "--eos-bias") f.eos_bias = std::stof(value());
            else if (a == "--word-map") f.word_map = true;
            else if (a == "--help" || a == "-h") return usage(0);
            else return usage(1);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "cmdseq-fixture: %s: %s\n", a.c_str(), e.what());
            return 1;
        }
    }
    if (out.empty()) return usage(1);
    try {
        cmdseq::write_model_file(out, cmdseq::make_fixture_model(f));
    } catch (const cmdseq::Error& e) {
        std::fprintf(stderr, "cmdseq-fixture: %s\n", e.what());
        return 2;
    }
    return 0;
}
