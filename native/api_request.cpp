#include "api_request.h"

#include <nlohmann/json.hpp>

namespace cmdseq_native {

namespace {

using json = nlohmann::json;

std::string quoted(const char* key) { return std::string("\"") + key + "\""; }

long long integer(const json& v, const char* key) {
    if (!v.is_number_integer()) throw BadRequest(quoted(key) + " must be an integer");
    return v.get<long long>();
}

int int_in(const json& v, const char* key, long long lo, long long hi) {
    const long long x = integer(v, key);
    if (x < lo || x > hi) throw BadRequest(quoted(key) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return int(x);
}

// A JSON number that a float holds: 1e400 parses (as infinity), and 1e39 would
// become one in the cast; both are the client's out-of-range value.
float finite_float(const json& v, const char* key) {
    if (!v.is_number()) throw BadRequest(quoted(key) + " must be a number");
    const double x = v.get<double>();
    if (!(x >= -3.4e38 && x <= 3.4e38)) throw BadRequest(quoted(key) + " is out of range");
    return float(x);
}

}  // namespace

TranslateRequest parse_translate_request(const std::string& text, const cmdseq::DecodeOptions& defaults) {
    // JSON is UTF-8: a body with invalid bytes is read with them replaced, to
    // name the field that holds them, and then refused
    const std::string clean = cmdseq::valid_utf8(text);
    json body;
    std::string last_key;  // a number past a double is refused while parsing: this names its field
    try {
        body = json::parse(clean, [&](int, json::parse_event_t event, json& parsed) {
            if (event == json::parse_event_t::key && parsed.is_string()) last_key = parsed.get<std::string>();
            return true;
        });
    } catch (const json::out_of_range&) {
        throw BadRequest((last_key.empty() ? std::string("a number") : json(last_key).dump()) + " is out of range");
    } catch (const json::exception& e) {
        throw BadRequest(std::string("the body is not JSON: ") + e.what());
    }
    if (!body.is_object()) throw BadRequest("the body must be a JSON object with \"text\"");
    if (clean != text) {
        for (auto it = body.begin(); it != body.end(); ++it)
            if (it->is_string() && it->get<std::string>().find("\xEF\xBF\xBD") != std::string::npos)
                throw BadRequest(json(it.key()).dump() + " is not valid UTF-8");
        throw BadRequest("the body is not valid UTF-8");
    }
    if (!body.contains("text") || !body["text"].is_string()) throw BadRequest("\"text\" (a string) is required");

    TranslateRequest r;
    r.text = body["text"].get<std::string>();
    cmdseq::DecodeOptions& o = r.options;
    o = defaults;
    for (auto it = body.begin(); it != body.end(); ++it) {
        const std::string& key = it.key();
        const json& v = *it;
        if (key == "text") continue;
        if (key == "strategy") {
            const std::string s = v.is_string() ? v.get<std::string>() : "";
            if (s == "greedy") o.strategy = cmdseq::Strategy::Greedy;
            else if (s == "beam") o.strategy = cmdseq::Strategy::Beam;
            else if (s == "sample") o.strategy = cmdseq::Strategy::Sample;
            else throw BadRequest("\"strategy\" must be \"greedy\", \"beam\" or \"sample\"" + (v.is_string() ? ", got " + v.dump() : ""));
        } else if (key == "beam_width") o.beam_width = int_in(v, "beam_width", 1, 1000);
        else if (key == "nbest") o.nbest = int_in(v, "nbest", 1, 1000);
        else if (key == "length_penalty") o.length_penalty = finite_float(v, "length_penalty");
        else if (key == "temperature") o.temperature = finite_float(v, "temperature");
        else if (key == "top_k") o.top_k = int_in(v, "top_k", 0, 1000000);
        else if (key == "top_p") o.top_p = finite_float(v, "top_p");
        else if (key == "seed") {
            if (!v.is_number_unsigned()) throw BadRequest("\"seed\" must be a non-negative integer");
            o.seed = v.get<uint64_t>();
        } else if (key == "max_len") o.max_len = int_in(v, "max_len", 1, 100000);
        else if (key == "trace") {
            if (!v.is_boolean()) throw BadRequest("\"trace\" must be true or false");
            r.trace = v.get<bool>();
        } else if (key == "top") o.trace_candidates = int_in(v, "top", 1, 100);
        else
            throw BadRequest("unknown field " + json(key).dump() +
                             " (known: text, strategy, beam_width, nbest, length_penalty, temperature, top_k, top_p, seed, max_len, trace, top)");
    }
    o.trace = r.trace;
    try {
        o.validate();  // the CLI's bounds
    } catch (const cmdseq::OptionsError& e) {
        throw BadRequest(e.what());
    }
    return r;
}

}  // namespace cmdseq_native
