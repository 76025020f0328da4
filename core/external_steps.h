// Decoding over steps computed outside the core: in the browser, ONNX Runtime
// Web runs the model's ONNX export while the core keeps the tokenizer, the
// placeholders, the search and the sampling.
//
// ONNX Runtime's calls are asynchronous and the core's search is not, so a
// request decodes in rounds. Each round runs the core's Decoder over the steps
// recorded so far. Where it needs a step nobody has computed yet, the step is
// noted as missing (previous token and state) and a stand-in ends that
// hypothesis; the caller computes the missing steps, add()s them and runs the
// next round. Only the earliest missing steps are noted, as later ones depend
// on them. A request takes one round per output step plus one; each round
// costs the core microseconds, and every network step is computed once.
#pragma once

#include <memory>
#include <vector>

#include "network.h"

namespace cmdseq {

class ExternalSteps final : public Network {
public:
    explicit ExternalSteps(std::shared_ptr<const Model> model);

    // A new request: its length in source tokens and the decoder's initial
    // state as the outside encoder computed it. Forgets the recorded steps.
    void begin(int source_length, const float* initial_state);

    // A step computed outside: logits over the target vocabulary, attention over the source.
    void add(int prev_token, const float* state_in, const float* state_out, const float* logits, const float* attention);

    struct Missing {
        int prev_token;
        std::vector<float> state;  // state_size() floats
    };
    // Call before each round; missing() then lists what that round lacked.
    void start_round() { missing_.clear(); missing_depth_ = -1; }
    const std::vector<Missing>& missing() const { return missing_; }
    bool complete() const { return missing_.empty(); }

    // The recorded logits along an output (one row per token, plus the step
    // that chose </s>), for comparing with another network; stops early where
    // a step was not recorded.
    std::vector<std::vector<float>> path_logits(const std::vector<int>& output) const;

    // Network
    const Model& model() const override { return *model_; }
    void encode(const int* ids, int n) override;
    int source_length() const override { return length_; }
    const float* initial_state() const override { return states_.empty() ? nullptr : states_[0].data(); }
    void step(int prev_token, const float* state_in, float* state_out, float* logits, float* attention) override;

private:
    struct Entry {
        int prev, state_in, state_out;  // indices into states_
        std::vector<float> logits, attention;
    };
    int find_state(const float* state) const;  // -1: not a recorded state (a stand-in's)
    const Entry* find_entry(int prev, int state) const;

    std::shared_ptr<const Model> model_;
    int length_ = 0;
    std::vector<std::vector<float>> states_;  // [0]: the initial state
    std::vector<int> depth_;                  // steps from the initial state, per state
    std::vector<Entry> entries_;
    std::vector<Missing> missing_;
    int missing_depth_ = -1;
};

}  // namespace cmdseq
