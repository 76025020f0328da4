// LibTorch-side decoding of a model file, for the parity check and the benchmark.
#pragma once

#include <string>
#include <vector>

#include "seq2seq.h"

namespace cmdseq::train {

Seq2Seq torch_model_of(const ModelData& model);
std::vector<std::vector<float>> torch_forced_logits(Seq2Seq& model, const std::vector<int>& source, const std::vector<int>& output, int bos);
std::vector<int> torch_greedy(Seq2Seq& model, const std::vector<int>& source, int bos, int eos, int max_len);
std::vector<std::string> read_requests(const std::string& path);

}  // namespace cmdseq::train
