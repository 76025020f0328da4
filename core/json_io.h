// JSON views of the core's results, shared by the CLI (--json), the HTTP
// server and the browser so that every front end prints the same fields.
#pragma once

#include <string>

#include "model.h"
#include "translator.h"

namespace cmdseq {

// One line of JSON: input, command, risk, risk_reasons, score, log_prob, ms,
// source_tokens, output_tokens, slots, fills, warnings, nbest (beam), and the
// trace (with_trace) with token texts resolved through the model's vocabularies.
std::string translation_to_json(const Translation& t, const Model& model, bool with_trace);

// Sizes, parameter count, vocabularies, storage, checksum and metadata.
std::string model_info_json(const Model& model);

std::string risk_to_json(const std::string& command, const RiskReport& risk);

}  // namespace cmdseq
