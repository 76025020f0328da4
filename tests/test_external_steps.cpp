// ExternalSteps: the core's decoding over steps computed outside the core (in
// the browser, ONNX Runtime Web). Here a second Engine plays the outside
// network, so every result must equal the core's own, bit for bit.
#include <doctest/doctest.h>

#include "helpers.h"

using namespace cmdseq;

namespace {

// models/standard-int8.cmdseq by path, whatever model the cmdseq binary embeds
std::shared_ptr<const Model> shipped() {
    static auto model = Model::load_file(SHIPPED_MODEL);
    return model;
}

struct Rounds {
    Translation result;
    int rounds = 0;
    size_t most_missing = 0;  // the most steps one round asked for
    size_t steps_computed = 0;
};

// What the browser does with ONNX Runtime: encode outside, then rounds of
// "decode, compute what was missing, add it" until a round lacks nothing.
Rounds decode_in_rounds(Translator& tr, Engine& outside, ExternalSteps& steps, const std::string& request, const DecodeOptions& o) {
    std::vector<int> ids = tr.source_ids(request);
    outside.encode(ids.data(), int(ids.size()));
    steps.begin(int(ids.size()), outside.initial_state());
    const Model& m = outside.model();
    std::vector<float> state(size_t(outside.state_size())), logits(size_t(m.config().target_vocab_size)), attention(ids.size());
    Rounds r;
    for (r.rounds = 1; r.rounds <= 200; ++r.rounds) {
        steps.start_round();
        r.result = tr.translate_with(steps, request, o);
        if (steps.complete()) return r;
        r.most_missing = std::max(r.most_missing, steps.missing().size());
        for (const auto& miss : steps.missing()) {
            outside.step(miss.prev_token, miss.state.data(), state.data(), logits.data(), attention.data());
            steps.add(miss.prev_token, miss.state.data(), state.data(), logits.data(), attention.data());
            ++r.steps_computed;
        }
    }
    FAIL("decoding never completed");
    return r;
}

const char* kRequests[] = {"show disk usage", "ping 10.41.7.3 five times", "copy zqxwv.txt to /opt/blorp",
                           "show the last 30 lines of /var/log/frobnicate.log", "which process listens on port 8080"};

}  // namespace

TEST_CASE("greedy over external steps equals the core's own, in one round per step") {
    Translator tr(shipped());
    Engine outside(shipped());
    ExternalSteps steps(shipped());
    DecodeOptions o;
    o.trace = true;
    for (const char* request : kRequests) {
        CAPTURE(request);
        Translation want = tr.translate(request, o);
        Rounds got = decode_in_rounds(tr, outside, steps, request, o);
        CHECK(got.result.command == want.command);
        CHECK(got.result.output_tokens == want.output_tokens);
        CHECK(got.result.log_prob == want.log_prob);
        CHECK(got.result.risk.summary() == want.risk.summary());
        REQUIRE(got.result.trace.size() == want.trace.size());
        for (size_t i = 0; i < want.trace.size(); ++i) {
            CHECK(got.result.trace[i].attention == want.trace[i].attention);
            CHECK(got.result.trace[i].chosen == want.trace[i].chosen);
        }
        // one step per output token and one for </s>, each computed once
        CHECK(got.steps_computed == want.output_tokens.size() + 1);
        CHECK(got.rounds == int(want.output_tokens.size()) + 2);
        CHECK(got.most_missing == 1);
    }
}

TEST_CASE("beam search and sampling over external steps equal the core's own") {
    Translator tr(shipped());
    Engine outside(shipped());
    ExternalSteps steps(shipped());
    DecodeOptions beam;
    beam.strategy = Strategy::Beam;
    beam.beam_width = 4;
    beam.nbest = 3;
    beam.trace = true;
    DecodeOptions sample;
    sample.strategy = Strategy::Sample;
    sample.temperature = 1.5f;
    sample.top_k = 20;
    sample.top_p = 0.95f;
    sample.seed = 7;
    for (const char* request : kRequests) {
        CAPTURE(request);
        Translation want = tr.translate(request, beam);
        Rounds got = decode_in_rounds(tr, outside, steps, request, beam);
        REQUIRE(got.result.nbest.size() == want.nbest.size());
        for (size_t k = 0; k < want.nbest.size(); ++k) {
            CHECK(got.result.nbest[k].command == want.nbest[k].command);
            CHECK(got.result.nbest[k].score == want.nbest[k].score);
        }
        CHECK(got.most_missing <= 4);  // at most one step per live hypothesis per round
        for (uint64_t seed = 1; seed <= 5; ++seed) {
            sample.seed = seed;
            Translation s = tr.translate(request, sample);
            Rounds r = decode_in_rounds(tr, outside, steps, request, sample);
            CHECK(r.result.command == s.command);
            CHECK(r.result.log_prob == s.log_prob);
        }
    }
}

TEST_CASE("external steps: recorded logits along the output equal the core's") {
    Translator tr(shipped());
    Engine outside(shipped());
    ExternalSteps steps(shipped());
    Rounds got = decode_in_rounds(tr, outside, steps, "copy zqxwv.txt to /opt/blorp", DecodeOptions{});
    std::vector<int> ids = tr.source_ids("copy zqxwv.txt to /opt/blorp");
    std::vector<int> out;
    for (auto& t : got.result.output_tokens) out.push_back(shipped()->target_vocab().id(t));
    CHECK(steps.path_logits(out) == tr.forced_logits(ids, out));
    CHECK(steps.path_logits(out).size() == out.size() + 1);
    // a path the decoder never took stops where the recording does
    CHECK(steps.path_logits({shipped()->target_vocab().id("rm"), 5, 6}).size() <= 1);
}

TEST_CASE("external steps refuse what does not fit") {
    Translator tr(shipped());
    ExternalSteps steps(shipped());
    const int S = steps.state_size(), V = shipped()->config().target_vocab_size;
    std::vector<float> state(size_t(S), 0.25f), other(size_t(S), 0.5f), logits(size_t(V), 0.0f), attention(3, 1.0f / 3);
    CHECK_THROWS_WITH_AS(steps.add(3, state.data(), state.data(), logits.data(), attention.data()), "a step was added before begin()", InputError);
    CHECK_THROWS_WITH_AS(steps.begin(0, state.data()), "the encoder takes 1 to 128 tokens, got 0", InputError);
    steps.begin(3, state.data());
    CHECK_THROWS_WITH_AS(steps.add(3, other.data(), state.data(), logits.data(), attention.data()),
                         "a step was added from a state no recorded step reached", InputError);
    CHECK_THROWS_WITH_AS(steps.add(V, state.data(), other.data(), logits.data(), attention.data()),
                         ("a step's previous token " + std::to_string(V) + " is not in the target vocabulary").c_str(), InputError);
    logits[7] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH_AS(steps.add(3, state.data(), other.data(), logits.data(), attention.data()), "a step's logits are not finite", InputError);
    // the request must be the one begin() was told about
    CHECK_THROWS_WITH_AS(tr.translate_with(steps, "show the disk usage of /home now", DecodeOptions{}),
                         "the outside encoder's results do not match this request (7 tokens, begin() had 3)", InputError);
    // another model's vocabularies
    FixtureOptions f;
    ExternalSteps foreign(testing::fixture(f));
    CHECK_THROWS_WITH_AS(tr.translate_with(foreign, "show disk usage", DecodeOptions{}), "the network's vocabularies are not this model's", InputError);
}
