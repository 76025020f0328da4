// The network: encoder, attention and one decoder step over a loaded Model.
// An Engine owns every buffer a request needs, sized once at construction
// for the longest request; encode() and step() allocate nothing.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <vector>

#include "model.h"
#include "network.h"

namespace cmdseq {

class Engine final : public Network {
public:
    explicit Engine(std::shared_ptr<const Model> model);

    const Model& model() const override { return *model_; }
    const std::shared_ptr<const Model>& model_ptr() const { return model_; }

    // Runs the encoder over source ids (1..kMaxRequestTokens of them): keeps the
    // encoder outputs, the attention keys (computed once per request) and the
    // decoder's initial state.
    void encode(const int* ids, int n) override;
    int source_length() const override { return length_; }

    const float* initial_state() const override { return init_state_.data(); }

    // One decoder step. Reads the previous token and state; writes the next
    // state, the logits over the target vocabulary (vocab floats) and, when
    // not null, the attention weights over the source (source_length() floats).
    // state_out must not alias state_in.
    void step(int prev_token, const float* state_in, float* state_out, float* logits, float* attention) override;

private:
    std::shared_ptr<const Model> model_;
    int length_ = 0;
    // encoder
    Eigen::MatrixXf embedded_;   // (emb, T_max)
    Eigen::MatrixXf layer_in_;   // (context, T_max)
    Eigen::MatrixXf enc_out_;    // (context, T_max): the last layer's outputs, attended over
    Eigen::MatrixXf gates_in_;   // (3*hidden, T_max): W_ih x + b_ih for every position
    Eigen::MatrixXf keys_;       // (att, T_max): W_key enc_out
    Eigen::VectorXf gates_h_;    // (3*hidden)
    Eigen::VectorXf h_;          // (hidden)
    Eigen::VectorXf finals_;     // (context): last layer's final state per direction
    Eigen::VectorXf init_state_; // (layers*hidden)
    // decoder
    Eigen::VectorXf query_;      // (att)
    Eigen::VectorXf energy_;     // (T_max)
    Eigen::VectorXf dec_in_;     // (emb + context): [embedding; context]
    Eigen::VectorXf out_in_;     // (hidden + context): [top state; context]
    Eigen::VectorXf gi_, gh_;    // (3*hidden)
};

}  // namespace cmdseq
