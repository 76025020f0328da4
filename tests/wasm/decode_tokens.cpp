// Prints the tokens and commands the core decodes for each request in a file,
// with greedy, beam and seeded sampling. Built natively and with Emscripten;
// compare.sh checks that both print the same thing.
#include <cstdio>
#include <fstream>
#include <string>

#include "cmdseq.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: decode_tokens MODEL REQUESTS\n");
        return 1;
    }
    try {
        auto model = cmdseq::Model::load_file(argv[1]);
        cmdseq::Translator tr(model);
        std::ifstream in(argv[2]);
        if (!in) throw cmdseq::IoError(std::string("cannot open ") + argv[2]);
        cmdseq::DecodeOptions greedy, beam, sample;
        beam.strategy = cmdseq::Strategy::Beam;
        beam.beam_width = 4;
        beam.nbest = 2;
        sample.strategy = cmdseq::Strategy::Sample;
        sample.temperature = 1.2f;
        sample.top_p = 0.95f;
        for (std::string line; std::getline(in, line);) {
            std::printf("request: %s\n", line.c_str());
            {  // words read through the model's word map (synonyms, base forms): the same in every build
                cmdseq::Translation t = tr.translate(line, greedy);
                for (size_t i = 0; i < t.source_read_by.size(); ++i)
                    if (t.source_read_by[i] == "meaning")
                        std::printf("  read     %s as %s (meaning)\n", t.source_tokens[i].c_str(), t.source_read[i].c_str());
            }
            auto show = [&](const char* label, const cmdseq::DecodeOptions& o) {
                cmdseq::Translation t = tr.translate(line, o);
                std::printf("  %-8s", label);
                for (auto& tok : t.output_tokens) std::printf(" %s", tok.c_str());
                std::printf("  =>  %s  [%s]\n", t.command.c_str(), t.risk.summary().c_str());
                for (size_t i = 1; i < t.nbest.size(); ++i) std::printf("  %-8s %s\n", "n-best", t.nbest[i].command.c_str());
            };
            show("greedy", greedy);
            show("beam", beam);
            for (uint64_t seed = 1; seed <= 3; ++seed) {
                sample.seed = seed;
                show(("seed " + std::to_string(seed)).c_str(), sample);
            }
        }
    } catch (const cmdseq::Error& e) {
        std::fprintf(stderr, "decode_tokens: %s\n", e.what());
        return 2;
    }
    return 0;
}
