// Shared by the tests: models built in memory, and rewriting a model file's
// header to make precise corruptions.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "cmdseq.h"

namespace testing {

// The tiny model of tests/reference/tiny_model.py: emb 2, hidden 2, attention 2,
// weights a * sin(0.37 (i+1) + 1.1 (t+1)).
cmdseq::ModelData reference_tiny_model();

std::shared_ptr<const cmdseq::Model> load(const cmdseq::ModelData& data);
std::shared_ptr<const cmdseq::Model> fixture(const cmdseq::FixtureOptions& options);

// Parses a model file's JSON header, lets `edit` change it, and rebuilds a
// consistent file (data section, size and checksum) around the new header.
std::vector<uint8_t> rewrite_header(const std::vector<uint8_t>& file, const std::function<void(nlohmann::json&)>& edit);

// Recomputes the trailing checksum after a deliberate change.
void reseal(std::vector<uint8_t>& file);

}  // namespace testing
