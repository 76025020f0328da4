// What decoding needs from a network: encode a request once, then one decoder
// step at a time. The core's own Engine is one; ExternalSteps (steps computed
// outside the core, e.g. by ONNX Runtime Web) is the other, so that both run
// through the very same search and sampling code.
#pragma once

#include "model.h"

namespace cmdseq {

class Network {
public:
    virtual ~Network() = default;

    // The model whose vocabularies and sizes the steps follow.
    virtual const Model& model() const = 0;

    // Takes the request's source ids (1..kMaxRequestTokens of them).
    virtual void encode(const int* ids, int n) = 0;
    virtual int source_length() const = 0;

    // Decoder state: decoder_layers * hidden floats; the first step reads initial_state().
    int state_size() const { return model().config().decoder_layers * model().config().hidden_dim; }
    virtual const float* initial_state() const = 0;

    // One decoder step: reads the previous token and state; writes the next
    // state, the logits over the target vocabulary and, when not null, the
    // attention over the source. state_out must not alias state_in.
    virtual void step(int prev_token, const float* state_in, float* state_out, float* logits, float* attention) = 0;
};

}  // namespace cmdseq
