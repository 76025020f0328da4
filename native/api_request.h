// The body of POST /translate, parsed and checked apart from the HTTP server
// so that it can be tested and fuzzed on its own.
#pragma once

#include <stdexcept>
#include <string>

#include "cmdseq.h"

namespace cmdseq_native {

// The client's fault: answered with 400 and this message, which names the field.
struct BadRequest : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct TranslateRequest {
    std::string text;
    cmdseq::DecodeOptions options;
    bool trace = false;
};

// Reads {"text": "...", "strategy": ..., ...} over the server's defaults.
// Unknown fields are refused so that a misspelt option is not silently
// ignored. Throws BadRequest, and nothing else, for any body.
TranslateRequest parse_translate_request(const std::string& body, const cmdseq::DecodeOptions& defaults);

}  // namespace cmdseq_native
