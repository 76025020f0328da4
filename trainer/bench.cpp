// cmdseq-train bench: per-request latency of the core (fp32, int8) and of
// LibTorch eager on the same model and requests, measured side by side.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "model.h"
#include "onnx_export.h"
#include "options.h"
#include "parity.h"
#include "translator.h"

namespace cmdseq::train {

namespace {

const char* kHelp = R"(usage: cmdseq-train bench --model FP32.cmdseq [--int8 INT8.cmdseq] [options]

Greedy-decodes every request with each runtime in turn, round after round
(interleaved, so that machine noise hits all alike), on one thread, and prints
the median and mean milliseconds per request with ratios against the core.
The core times include tokenizing and filling placeholders; LibTorch's include
only the network (it gets the core's token ids), which favours LibTorch.

  --requests FILE   one request per line (default tests/data/requests.txt)
  --rounds N        (default 20)
  --json FILE       also write the figures as JSON (tests/bench/runtimes.sh reads them)
)";

struct Series {
    std::string name;
    std::vector<double> ms;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0 : s / double(v.size());
}

}  // namespace

int run_bench(const Args& args) {
    Options o(args, {{"model", true}, {"int8", true}, {"requests", true}, {"rounds", true}, {"json", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kHelp, stdout), 0;
    if (!o.has("model")) throw OptionsError("--model FILE is required");
    const int rounds = int(o.integer("rounds", 20, 1, 100000));
    auto requests = read_requests(o.str("requests", source_dir() + "/tests/data/requests.txt"));
    torch::set_num_threads(1);
    using clock = std::chrono::steady_clock;

    auto fp32 = Model::load_file(o.str("model", ""));
    Translator core_fp32(fp32);
    std::unique_ptr<Translator> core_int8;
    if (o.has("int8")) core_int8 = std::make_unique<Translator>(Model::load_file(o.str("int8", "")));
    ModelData md = model_data_of_file(o.str("model", ""));
    Seq2Seq tm = torch_model_of(md);
    const GreedyMasks masks(fp32->target_vocab());
    std::vector<std::vector<int>> ids;
    for (auto& r : requests) ids.push_back(fp32->source_vocab().encode(tokenize_request(r).tokens));

    std::vector<Series> series = {{"core fp32", {}}, {"core int8", {}}, {"LibTorch eager", {}}};
    for (int round = -1; round < rounds; ++round) {  // round -1 warms up
        for (size_t i = 0; i < requests.size(); ++i) {
            auto t0 = clock::now();
            core_fp32.translate(requests[i]);
            auto t1 = clock::now();
            if (core_int8) core_int8->translate(requests[i]);
            auto t2 = clock::now();
            torch_greedy(tm, ids[i], masks, 64);
            auto t3 = clock::now();
            if (round < 0) continue;
            series[0].ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            if (core_int8) series[1].ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
            series[2].ms.push_back(std::chrono::duration<double, std::milli>(t3 - t2).count());
        }
    }
    if (!core_int8) series.erase(series.begin() + 1);
    const double base = median(series[0].ms);
    std::printf("%zu requests x %d rounds, one thread\n%-16s %10s %10s %16s\n", requests.size(), rounds, "runtime", "p50 ms", "mean ms",
                "p50 / core fp32");
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    for (auto& s : series) {
        std::printf("%-16s %10.3f %10.3f %15.1fx\n", s.name.c_str(), median(s.ms), mean(s.ms), median(s.ms) / base);
        doc[s.name] = {{"p50_ms", median(s.ms)}, {"mean_ms", mean(s.ms)}, {"samples", s.ms.size()}};
    }
    if (o.has("json")) {
        std::string text = doc.dump(1) + "\n";
        write_file_atomic(o.str("json", ""), std::vector<uint8_t>(text.begin(), text.end()));
    }
    return 0;
}

}  // namespace cmdseq::train
