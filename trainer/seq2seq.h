// The model in LibTorch: the same equations as core/engine.cpp, so that the
// weights it learns load into the core unchanged (tensor names as in
// core/model_file.cpp: expected_tensors()).
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

#include "model_file.h"

namespace cmdseq::train {

struct Encoded {
    torch::Tensor outputs;  // [B, S, C]
    torch::Tensor keys;     // [B, S, A]  W_key outputs, once per request
    torch::Tensor mask;     // [B, S] true on real tokens
    torch::Tensor state;    // [L, B, H]  decoder's initial state
};

struct StepOut {
    torch::Tensor logits;     // [B, V]
    torch::Tensor attention;  // [B, S]
    torch::Tensor state;      // [L, B, H]
};

class Seq2SeqImpl : public torch::nn::Module {
public:
    Seq2SeqImpl(const ModelConfig& config, double dropout);

    Encoded encode(const torch::Tensor& source, const torch::Tensor& lengths);
    StepOut step(const Encoded& enc, const torch::Tensor& prev, const torch::Tensor& state);
    // Decodes `target_in` ([B, T], starting with <s>). With teacher_forcing < 1
    // a step's input is, with that probability per step, the model's own previous choice.
    // Returns logits [B, T, V] and attention [B, T, S].
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& source, const torch::Tensor& lengths,
                                                    const torch::Tensor& target_in, double teacher_forcing);

    const ModelConfig& config() const { return config_; }
    // [source vocab, E]: the request words' embeddings, to start from word vectors
    torch::Tensor source_embedding() { return src_embedding_->weight; }

    // Core-named fp32 tensors, and back.
    std::map<std::string, FloatTensor> export_tensors();
    void import_tensors(const std::map<std::string, FloatTensor>& tensors);

private:
    ModelConfig config_;
    double dropout_;
    torch::nn::Embedding src_embedding_{nullptr}, tgt_embedding_{nullptr};
    torch::nn::GRU encoder_{nullptr};
    torch::nn::Linear bridge_{nullptr}, key_{nullptr}, query_{nullptr}, out_{nullptr};
    torch::Tensor v_;
    std::vector<torch::nn::GRUCell> decoder_;

    // core name -> the parameter it is
    std::vector<std::pair<std::string, torch::Tensor>> named_for_core();
};
TORCH_MODULE(Seq2Seq);


}  // namespace cmdseq::train
