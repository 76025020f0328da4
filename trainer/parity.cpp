// cmdseq-train parity: the same weights in LibTorch and in the core, step by
// step, and a reference file that the ONNX Runtime check reads.
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "model.h"
#include "onnx_export.h"
#include "options.h"
#include "parity.h"
#include "tokenizer.h"
#include "seq2seq.h"
#include "translator.h"

namespace cmdseq::train {

using json = nlohmann::json;

Seq2Seq torch_model_of(const ModelData& m) {
    Seq2Seq model(m.config, 0.0);
    model->import_tensors(m.tensors);
    model->eval();
    return model;
}

namespace {

// One request, batch of one.
Encoded encode_one(Seq2Seq& model, const std::vector<int>& source) {
    auto src = torch::tensor(std::vector<int64_t>(source.begin(), source.end()), torch::kLong).unsqueeze(0);
    auto len = torch::tensor({int64_t(source.size())}, torch::kLong);
    return model->encode(src, len);
}

}  // namespace

std::vector<std::vector<float>> torch_forced_logits(Seq2Seq& model, const std::vector<int>& source, const std::vector<int>& output,
                                                    int bos) {
    torch::NoGradGuard ng;
    Encoded e = encode_one(model, source);
    auto state = e.state;
    int prev = bos;
    std::vector<std::vector<float>> all;
    for (size_t i = 0; i <= output.size(); ++i) {
        StepOut o = model->step(e, torch::tensor({int64_t(prev)}, torch::kLong), state);
        state = o.state;
        auto l = o.logits[0].contiguous();
        all.emplace_back(l.data_ptr<float>(), l.data_ptr<float>() + l.numel());
        if (i < output.size()) prev = output[i];
    }
    return all;
}

std::vector<int> torch_greedy(Seq2Seq& model, const std::vector<int>& source, const GreedyMasks& masks, int max_len) {
    torch::NoGradGuard ng;
    Encoded e = encode_one(model, source);
    auto state = e.state;
    int prev = masks.bos;
    std::vector<int> out;
    for (int i = 0; i < max_len; ++i) {
        StepOut o = model->step(e, torch::tensor({int64_t(prev)}, torch::kLong), state);
        state = o.state;
        torch::Tensor logits = o.logits[0].clone();
        masks.apply(logits, i, prev);
        prev = int(logits.argmax().item<int64_t>());
        if (prev == masks.eos) break;
        out.push_back(prev);
    }
    return out;
}

std::vector<std::string> read_requests(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot open " + path);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#') out.push_back(line);
    if (out.empty()) throw InputError(path + " has no requests");
    return out;
}

namespace {

const char* kHelp = R"(usage: cmdseq-train parity --model FILE [options]

Loads the same fp32 weights into LibTorch and into the core, decodes every
request greedily with both, and compares the logits at every step (forced along
the core's tokens). Exits 1 when a difference exceeds the tolerance or the two
choose different tokens.

  --model FILE        a .cmdseq model (int8 matrices are dequantized for LibTorch)
  --requests FILE     one request per line (default tests/data/requests.txt)
  --tolerance X       largest allowed |logit difference| (default 1e-4)
  --reference FILE    also write the core's source ids, tokens and logits as JSON,
                      for the ONNX Runtime check (tests/onnx/check_ort.js)
)";

}  // namespace

int run_parity(const Args& args) {
    Options o(args, {{"model", true}, {"requests", true}, {"tolerance", true}, {"reference", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kHelp, stdout), 0;
    if (!o.has("model")) throw OptionsError("--model FILE is required");
    const std::string path = o.str("model", "");
    const double tol = o.number("tolerance", 1e-4, 0, 1e9);
    auto requests = read_requests(o.str("requests", source_dir() + "/tests/data/requests.txt"));
    torch::set_num_threads(1);

    auto core_model = Model::load_file(path);
    Translator tr(core_model);
    ModelData md = model_data_of_file(path);
    Seq2Seq tm = torch_model_of(md);
    const Vocabulary& tv = core_model->target_vocab();

    const GreedyMasks masks(tv);
    double worst = 0;
    int token_mismatch = 0, steps = 0;
    json ref = json::array();
    for (auto& r : requests) {
        TokenizedRequest req = tokenize_request(r);
        std::vector<int> src = core_model->source_vocab().encode(req.tokens);
        DecodeOptions greedy;
        DecodeResult d = tr.decode_ids(src, greedy);
        const std::vector<int>& core_tokens = d.hypotheses[0].tokens;
        auto core_logits = tr.forced_logits(src, core_tokens);
        auto torch_logits = torch_forced_logits(tm, src, core_tokens, tv.bos_id());
        double diff = 0;
        for (size_t s = 0; s < core_logits.size(); ++s)
            for (size_t v = 0; v < core_logits[s].size(); ++v) diff = std::max(diff, double(std::fabs(core_logits[s][v] - torch_logits[s][v])));
        auto torch_tokens = torch_greedy(tm, src, masks, greedy.max_len);
        const bool same = torch_tokens == core_tokens;
        token_mismatch += !same;
        steps += int(core_logits.size());
        worst = std::max(worst, diff);
        std::printf("%-48.48s  steps %2zu  max |diff| %.2e  %s\n", r.c_str(), core_logits.size(), diff, same ? "same tokens" : "DIFFERENT TOKENS");
        ref.push_back({{"request", r}, {"source_ids", src}, {"tokens", core_tokens}, {"logits", core_logits}});
    }
    std::printf("%zu requests, %d steps: largest |LibTorch - core| logit difference %.2e (tolerance %.0e); greedy tokens %s\n",
                requests.size(), steps, worst, tol, token_mismatch ? "DIFFER" : "identical");
    if (o.has("reference")) {
        json doc = {{"model", path},        {"tolerance", tol},   {"bos", tv.bos_id()},           {"eos", tv.eos_id()},
                    {"pad", tv.pad_id()},   {"sudo", masks.sudo}, {"never_first", masks.never_first}, {"requests", ref}};
        std::string text = doc.dump() + "\n";
        write_file_atomic(o.str("reference", ""), std::vector<uint8_t>(text.begin(), text.end()));
    }
    return worst <= tol && token_mismatch == 0 ? 0 : 1;
}

}  // namespace cmdseq::train
