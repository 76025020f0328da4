// Decoding: a search (greedy, beam) or a sampler (temperature, top-k, top-p)
// over a Network's steps, with an optional per-step trace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "network.h"

namespace cmdseq {

enum class Strategy { Greedy, Beam, Sample };
const char* strategy_name(Strategy s);  // "greedy", "beam", "sample"

struct DecodeOptions {
    Strategy strategy = Strategy::Greedy;
    int beam_width = 4;           // beam: hypotheses kept per step
    int nbest = 1;                // beam: hypotheses returned (<= beam_width)
    float length_penalty = 1.0f;  // beam: rank by log_prob / length^length_penalty (0 = raw log-prob)
    float temperature = 1.0f;     // sample: logits / temperature; below kGreedyTemperature, argmax
    int top_k = 0;                // sample: keep the k most likely tokens (0 = all)
    float top_p = 1.0f;           // sample: keep the smallest set whose probability reaches top_p
    uint64_t seed = 1;            // sample: same seed, same command, on every platform
    int max_len = 64;             // most output tokens (</s> not counted)
    bool trace = false;           // record a TraceStep per output token
    int trace_candidates = 5;     // candidates kept per trace step
    bool guard = true;            // command tokens that destroy anyway (risk.h) only when the request asks for it
    bool guard_decided = false;   // the caller read the typed request and found it asks for nothing (the
                                  // translator: the ids alone hold a misspelling's reading, "raid" as "rid")

    // Throws OptionsError naming the bad option and its allowed range.
    void validate() const;
    // Sampling at a temperature this low is argmax: the distribution is one
    // token to within float precision, and smaller divisors only risk overflow.
    static constexpr float kGreedyTemperature = 1e-4f;
    bool samples() const { return strategy == Strategy::Sample && temperature >= kGreedyTemperature; }
};

// A token the decoder could have chosen at one step.
struct Candidate {
    int token;
    float prob;         // the model's probability (softmax of the logits)
    float sample_prob;  // after temperature, top-k and top-p (0 when filtered out); equals prob for greedy/beam
};

struct BeamEntry {
    std::vector<int> tokens;
    float log_prob;
    bool finished;
};

struct TraceStep {
    std::vector<float> attention;        // over the source tokens
    std::vector<Candidate> candidates;   // most likely first
    int chosen = -1;
    float chosen_prob = 0;               // model probability of the chosen token
    std::vector<BeamEntry> beams;        // beam search: live and finished hypotheses after this step
};

struct Hypothesis {
    std::vector<int> tokens;           // without <s> and </s>
    std::vector<int> attention_peak;   // per token: the most attended source word that is not a
                                       // placeholder (what an <unk> copies), -1 if none
    float log_prob = 0;
    float score = 0;                   // what the search ranked by
    float min_token_prob = -1;         // the least likely step's probability (</s> included)
    bool finished = false;             // ended with </s> rather than max_len
};

struct DecodeResult {
    std::vector<Hypothesis> hypotheses;  // best first; one unless beam with nbest > 1
    std::vector<TraceStep> trace;        // for hypotheses[0], when options.trace
    bool guarded = false;                // the guard set aside a destructive token the model ranked first
};

// Small deterministic generator (splitmix64-seeded xorshift64*) so that a
// seed gives the same samples natively and in WASM.
class Rng {
public:
    explicit Rng(uint64_t seed);
    uint64_t next();
    float uniform();  // [0, 1), 24 random bits
private:
    uint64_t state_;
};

// Reusable decoder: buffers are sized on first use and kept, so decoding
// allocates nothing per token (the trace, when asked for, does).
class Decoder {
public:
    explicit Decoder(Network& network) : network_(network) {}
    // Encodes `source` (ids) and decodes it.
    DecodeResult decode(const std::vector<int>& source, const DecodeOptions& options);
    // Teacher forcing: logits at every step for a given output (used by parity tests).
    std::vector<std::vector<float>> forced_logits(const std::vector<int>& source, const std::vector<int>& output);

private:
    void prepare(const DecodeOptions& o);
    // Masks what is never produced after `prev`; true when the guard masked the token the model ranked first.
    bool mask(float* logits, int step, int prev, int program) const;
    // the hypothesis's program: its first token, or its second after sudo (-1: none yet)
    int program_of(const int* tokens, int len) const;
    void prepare_guard(const std::vector<int>& source, const DecodeOptions& o);
    int sample(const float* logits, const DecodeOptions& o, Rng& rng);
    void record_candidates(const float* logits, const DecodeOptions& o, std::vector<Candidate>& out);
    DecodeResult greedy_or_sample(const DecodeOptions& o);
    DecodeResult beam(const DecodeOptions& o);
    std::vector<TraceStep> forced_trace(const Hypothesis& h, const DecodeOptions& o);
    int copy_peak(const float* attention, const int* tokens = nullptr, const int* peaks = nullptr, int len = 0) const;

    Network& network_;
    std::vector<float> state_a_, state_b_, logits_, probs_, attention_;
    std::vector<int> order_;
    std::vector<uint8_t> copyable_;  // per source position
    // the guard: per source id, a word that asks for destruction; target ids that destroy anyway
    std::vector<uint8_t> asking_words_;
    std::vector<int> destroying_tokens_;
    std::vector<std::pair<int, int>> destroying_after_;  // (program id, option id): `crontab -r`
    // target ids that cannot begin a command (an option, an operator, a copy, a blank), and "sudo"
    std::vector<int> never_first_;
    int sudo_id_ = -1;
    bool guard_on_ = false;  // for this request
    // beam search
    std::vector<float> beam_states_, next_states_, beam_logp_, next_logp_, beam_minp_, next_minp_, cand_score_;
    std::vector<int> beam_tokens_, next_tokens_, beam_peaks_, next_peaks_, cand_index_;
};

}  // namespace cmdseq
