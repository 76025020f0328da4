#include "external_steps.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "errors.h"
#include "tokenizer.h"

namespace cmdseq {

ExternalSteps::ExternalSteps(std::shared_ptr<const Model> model) : model_(std::move(model)) {}

void ExternalSteps::begin(int source_length, const float* initial_state) {
    if (source_length < 1 || source_length > int(kMaxRequestTokens))
        throw InputError("the encoder takes 1 to " + std::to_string(kMaxRequestTokens) + " tokens, got " + std::to_string(source_length));
    length_ = source_length;
    states_.assign(1, std::vector<float>(initial_state, initial_state + state_size()));
    depth_.assign(1, 0);
    entries_.clear();
    start_round();
}

int ExternalSteps::find_state(const float* state) const {
    const size_t bytes = size_t(state_size()) * sizeof(float);
    for (size_t i = 0; i < states_.size(); ++i)
        if (std::memcmp(states_[i].data(), state, bytes) == 0) return int(i);
    return -1;
}

const ExternalSteps::Entry* ExternalSteps::find_entry(int prev, int state) const {
    for (const Entry& e : entries_)
        if (e.prev == prev && e.state_in == state) return &e;
    return nullptr;
}

void ExternalSteps::add(int prev_token, const float* state_in, const float* state_out, const float* logits, const float* attention) {
    const int V = model_->config().target_vocab_size;
    if (states_.empty()) throw InputError("a step was added before begin()");
    if (prev_token < 0 || prev_token >= V) throw InputError("a step's previous token " + std::to_string(prev_token) + " is not in the target vocabulary");
    const int from = find_state(state_in);
    if (from < 0) throw InputError("a step was added from a state no recorded step reached");
    if (find_entry(prev_token, from)) return;  // computed twice: the first stands
    for (int i = 0; i < V; ++i)
        if (!std::isfinite(logits[i])) throw InputError("a step's logits are not finite");
    states_.emplace_back(state_out, state_out + state_size());
    depth_.push_back(depth_[size_t(from)] + 1);
    entries_.push_back({prev_token, from, int(states_.size()) - 1, std::vector<float>(logits, logits + V),
                        std::vector<float>(attention, attention + length_)});
}

void ExternalSteps::encode(const int*, int n) {
    // the encoder ran outside; begin() took its results
    if (states_.empty() || n != length_)
        throw InputError("the outside encoder's results do not match this request (" + std::to_string(n) + " tokens, begin() had " +
                         std::to_string(length_) + ")");
}

void ExternalSteps::step(int prev_token, const float* state_in, float* state_out, float* logits, float* attention) {
    const int V = model_->config().target_vocab_size, S = state_size();
    const int from = find_state(state_in);
    if (from >= 0) {
        if (const Entry* e = find_entry(prev_token, from)) {
            std::memcpy(state_out, states_[size_t(e->state_out)].data(), size_t(S) * sizeof(float));
            std::memcpy(logits, e->logits.data(), size_t(V) * sizeof(float));
            if (attention) std::memcpy(attention, e->attention.data(), size_t(length_) * sizeof(float));
            return;
        }
        const int depth = depth_[size_t(from)];
        if (missing_depth_ < 0 || depth < missing_depth_) {
            missing_.clear();
            missing_depth_ = depth;
        }
        if (depth == missing_depth_) {
            bool noted = false;
            for (const Missing& m : missing_)
                noted = noted || (m.prev_token == prev_token && std::memcmp(m.state.data(), state_in, size_t(S) * sizeof(float)) == 0);
            if (!noted) missing_.push_back({prev_token, std::vector<float>(state_in, state_in + S)});
        }
    }
    // Stand-in: a NaN state (never a recorded one, so nothing after it is
    // noted as missing) and logits that end the command at once.
    std::fill(state_out, state_out + S, std::numeric_limits<float>::quiet_NaN());
    std::fill(logits, logits + V, 0.0f);
    logits[model_->target_vocab().eos_id()] = 30.0f;
    if (attention) std::fill(attention, attention + length_, 1.0f / float(length_));
}

std::vector<std::vector<float>> ExternalSteps::path_logits(const std::vector<int>& output) const {
    std::vector<std::vector<float>> rows;
    int state = 0, prev = model_->target_vocab().bos_id();
    for (size_t i = 0; i <= output.size() && !states_.empty(); ++i) {
        const Entry* e = find_entry(prev, state);
        if (!e) break;
        rows.push_back(e->logits);
        if (i < output.size()) {
            prev = output[i];
            state = e->state_out;
        }
    }
    return rows;
}

}  // namespace cmdseq
