// What index.html calls besides the studio's own functions: the result line
// as JSON, and the ONNX Runtime Web backend. ONNX Runtime runs the network
// (encoder.onnx, decoder.onnx) in JavaScript; everything else, the
// tokenizer, placeholders, search and sampling, stays here, driven through
// cmdseq::ExternalSteps (see core/external_steps.h for the rounds).
//
// JavaScript's side of a request (web/ort_backend.js):
//   ids = ort_begin(request)                       -> JSON {"source_ids": [...]}
//   run encoder.onnx; ort_set_initial(decoder_state)
//   while ((n = ort_round()) > 0)
//     for i < n: run decoder.onnx on ort_missing_prev(i), ort_missing_state(i); ort_add(...)
//   ort_result(1)                                  -> the translation's JSON, with "parity"
#include <emscripten.h>

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "host.h"

namespace {

using json = nlohmann::json;

std::string reply;  // what the last call returned to JavaScript

struct OrtRequest {
    std::shared_ptr<const cmdseq::Model> model;  // slot A's when ort_begin ran
    std::unique_ptr<cmdseq::ExternalSteps> steps;
    std::string request;
    std::vector<int> source_ids;
    cmdseq::Translation result;
    bool complete = false;
};
OrtRequest ort;

const char* error_reply(const std::string& message) {
    reply = json{{"error", message}}.dump();
    return reply.c_str();
}

cmdseq::DecodeOptions current_options() {
    cmdseq::DecodeOptions o = studio_app().options;
    o.trace = false;
    return o;
}

}  // namespace

extern "C" {

// Slot A's translation of the current request as the CLI's --json prints it
// (with "trace" when asked), or {"error": ...}.
EMSCRIPTEN_KEEPALIVE const char* page_result(int with_trace) {
    studio::App& app = studio_app();
    studio::update(app);
    const studio::ModelSlot& a = app.slots[0];
    if (!a.loaded()) return error_reply("no model is loaded");
    if (!a.error.empty()) return error_reply(a.error);
    reply = cmdseq::translation_to_json(a.result, *a.model, with_trace != 0);
    return reply.c_str();
}

// Translates `request` with slot A's model and the studio's options, apart
// from the studio's own request and trace: what the bench page times.
EMSCRIPTEN_KEEPALIVE const char* page_translate(const char* request, int with_trace) {
    studio::ModelSlot& a = studio_app().slots[0];
    if (!a.loaded()) return error_reply("no model is loaded");
    try {
        cmdseq::DecodeOptions o = current_options();
        o.trace = with_trace != 0;
        reply = cmdseq::translation_to_json(a.translator->translate(request, o), *a.model, o.trace);
        return reply.c_str();
    } catch (const std::exception& e) {
        return error_reply(e.what());
    }
}

// Stops (1) or restarts (0) drawing the canvas, so that a benchmark times the
// translations alone.
EMSCRIPTEN_KEEPALIVE void page_pause_drawing(int pause) {
    if (pause) emscripten_pause_main_loop();
    else emscripten_resume_main_loop();
}

// Slot A's model: sizes, vocabularies, metadata (the CLI's info --json).
EMSCRIPTEN_KEEPALIVE const char* page_model_info() {
    const studio::ModelSlot& a = studio_app().slots[0];
    if (!a.loaded()) return error_reply("no model is loaded");
    reply = cmdseq::model_info_json(*a.model);
    return reply.c_str();
}

// Slot A's vocabularies, {"source": [...], "target": [...]}: the page checks an
// ONNX pair's model_config.json against them before running it.
EMSCRIPTEN_KEEPALIVE const char* page_vocab() {
    const studio::ModelSlot& a = studio_app().slots[0];
    if (!a.loaded()) return error_reply("no model is loaded");
    reply = json{{"source", a.model->source_vocab().tokens()}, {"target", a.model->target_vocab().tokens()}}.dump();
    return reply.c_str();
}

// Where the studio sends a dropped model: 0 (A) or 1 (B).
EMSCRIPTEN_KEEPALIVE int page_drop_target() { return studio_app().drop_target; }

// Starts an ONNX Runtime request with slot A's tokenizer and vocabularies:
// {"source_ids": [...], "state_size": N, "target_vocab_size": V, "bos": id} or {"error": ...}.
EMSCRIPTEN_KEEPALIVE const char* ort_begin(const char* request) {
    studio::App& app = studio_app();
    const studio::ModelSlot& a = app.slots[0];
    if (!a.loaded()) return error_reply("no model is loaded");
    try {
        if (ort.model != a.model) {
            ort.model = a.model;
            ort.steps = std::make_unique<cmdseq::ExternalSteps>(a.model);
        }
        ort.request = request;
        ort.source_ids = a.translator->source_ids(ort.request);
        ort.complete = false;
        const auto& c = a.model->config();
        reply = json{{"source_ids", ort.source_ids},
                     {"state_size", ort.steps->state_size()},
                     {"target_vocab_size", c.target_vocab_size},
                     {"bos", a.model->target_vocab().bos_id()}}
                    .dump();
        return reply.c_str();
    } catch (const std::exception& e) {
        return error_reply(e.what());
    }
}

// The encoder's decoder_state (state_size floats); 1 on success.
EMSCRIPTEN_KEEPALIVE int ort_set_initial(const float* state) {
    if (!ort.steps || ort.source_ids.empty()) return 0;
    ort.steps->begin(int(ort.source_ids.size()), state);
    return 1;
}

// One round of decoding over the steps added so far: the number of steps
// still missing (0: done, ort_result() has the translation), -1 on an error
// (ort_result() says which).
EMSCRIPTEN_KEEPALIVE int ort_round() {
    if (!ort.steps || ort.source_ids.empty()) return -1;
    try {
        ort.steps->start_round();
        cmdseq::Translation t = studio_app().slots[0].translator->translate_with(*ort.steps, ort.request, current_options());
        if (!ort.steps->complete()) return int(ort.steps->missing().size());
        ort.result = std::move(t);
        ort.complete = true;
        return 0;
    } catch (const std::exception& e) {
        ort.result = cmdseq::Translation{};
        ort.result.warnings.push_back(e.what());
        return -1;
    }
}

EMSCRIPTEN_KEEPALIVE int ort_missing_prev(int i) {
    const auto& m = ort.steps->missing();
    return i >= 0 && i < int(m.size()) ? m[size_t(i)].prev_token : -1;
}

// state_size floats in the WASM heap, valid until the next ort_ call.
EMSCRIPTEN_KEEPALIVE const float* ort_missing_state(int i) {
    const auto& m = ort.steps->missing();
    return i >= 0 && i < int(m.size()) ? m[size_t(i)].state.data() : nullptr;
}

// A step ONNX Runtime computed; 1 on success, 0 if the core refused it.
EMSCRIPTEN_KEEPALIVE int ort_add(int prev, const float* state_in, const float* state_out, const float* logits, const float* attention) {
    try {
        ort.steps->add(prev, state_in, state_out, logits, attention);
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ort_add: %s\n", e.what());
        return 0;
    }
}

// The finished translation as JSON and, with_parity, "parity": the largest
// |ONNX Runtime - core| logit difference over the steps of its command, the
// core running slot A's model on the same path (a benchmark leaves it out).
EMSCRIPTEN_KEEPALIVE const char* ort_result(int with_parity) {
    if (!ort.complete) return error_reply(ort.result.warnings.empty() ? "the ONNX Runtime request is not finished" : ort.result.warnings[0]);
    studio::ModelSlot& a = studio_app().slots[0];
    if (a.model != ort.model) return error_reply("the model changed during the ONNX Runtime request");
    json j = json::parse(cmdseq::translation_to_json(ort.result, *ort.model, false));
    if (!with_parity) {
        reply = j.dump();
        return reply.c_str();
    }
    std::vector<int> out;
    for (auto& t : ort.result.output_tokens) out.push_back(ort.model->target_vocab().id(t));
    const auto theirs = ort.steps->path_logits(out);
    const auto ours = a.translator->forced_logits(ort.source_ids, out);
    double worst = 0;
    for (size_t i = 0; i < theirs.size() && i < ours.size(); ++i)
        for (size_t v = 0; v < theirs[i].size() && v < ours[i].size(); ++v) worst = std::max(worst, std::fabs(double(theirs[i][v]) - ours[i][v]));
    j["parity"] = worst;
    j["parity_steps"] = theirs.size();
    reply = j.dump();
    return reply.c_str();
}

}  // extern "C"
