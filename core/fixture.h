// Seeded random models: stand-ins for a trained model in tests and in builds
// that ship none. Their commands mean nothing; their numbers are reproducible.
#pragma once

#include <cstdint>
#include <string>

#include "model_file.h"

namespace cmdseq {

struct FixtureOptions {
    bool standard = false;     // emb 128 / hidden 256 / attention 128 instead of 16 / 24 / 16
    Storage storage = Storage::Fp32;
    uint64_t seed = 1;
    bool bidirectional = false;
    int layers = 1;            // encoder and decoder layers
    float eos_bias = 2.0f;     // added to </s>'s output bias; large negative: never stops
    bool word_map = false;     // a small word map: duplicate -> copy, exhibit -> show, terminate -> kill, ...
};

// A model over a small fixed vocabulary of request words, command tokens and
// placeholders, with weights drawn U(-1/sqrt(fan_in), 1/sqrt(fan_in)) x2 from Rng(seed).
ModelData make_fixture_model(const FixtureOptions& options);

}  // namespace cmdseq
