// LibTorch-side decoding of a model file, for the parity check and the benchmark.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "seq2seq.h"
#include "tokenizer.h"
#include "vocab.h"

namespace cmdseq::train {

Seq2Seq torch_model_of(const ModelData& model);
std::vector<std::vector<float>> torch_forced_logits(Seq2Seq& model, const std::vector<int>& source, const std::vector<int>& output, int bos);
// The core decoder's masks, for greedy decoding elsewhere: <pad> and <s> never,
// </s> not first, and where a program must come (first, after sudo) no token
// that cannot begin a command (can_start_command).
struct GreedyMasks {
    int pad = -1, bos = -1, eos = -1, sudo = -1;
    std::vector<int> never_first;
    explicit GreedyMasks(const Vocabulary& v) : pad(v.pad_id()), bos(v.bos_id()), eos(v.eos_id()) {
        for (int i = 0; i < v.size(); ++i)
            if (i != pad && i != bos && i != eos && !can_start_command(v.token(i))) never_first.push_back(i);
        sudo = v.contains("sudo") ? v.id("sudo") : -1;
        always_ = torch::tensor({int64_t(pad), int64_t(bos)}, torch::kLong);
        std::vector<int64_t> first(never_first.begin(), never_first.end());
        first.push_back(eos);
        first_ = torch::tensor(first, torch::kLong);
    }
    // one indexed fill per mask, as cheap as the core's loop over the ids
    void apply(torch::Tensor logits, int step, int prev) const {  // logits [V]
        const float neg = -std::numeric_limits<float>::infinity();
        logits.index_fill_(0, always_, neg);
        if (step == 0 || prev == sudo) logits.index_fill_(0, first_, neg);
    }

private:
    torch::Tensor always_, first_;
};

std::vector<int> torch_greedy(Seq2Seq& model, const std::vector<int>& source, const GreedyMasks& masks, int max_len);
std::vector<std::string> read_requests(const std::string& path);

}  // namespace cmdseq::train
