// The HTTP API's request body, parsed apart from the server.
#include <doctest/doctest.h>

#include <random>

#include "api_request.h"

using cmdseq_native::BadRequest;
using cmdseq_native::parse_translate_request;

namespace {

// The BadRequest message for this body ("" if it is accepted).
std::string refusal(const std::string& body) {
    try {
        parse_translate_request(body, cmdseq::DecodeOptions{});
    } catch (const BadRequest& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("api request: fields over the defaults") {
    cmdseq::DecodeOptions defaults;
    defaults.max_len = 40;
    auto r = parse_translate_request(R"({"text":"show disk usage","strategy":"sample","temperature":0.5,"seed":7,"trace":true,"top":3})", defaults);
    CHECK(r.text == "show disk usage");
    CHECK(r.options.strategy == cmdseq::Strategy::Sample);
    CHECK(r.options.temperature == 0.5f);
    CHECK(r.options.seed == 7);
    CHECK(r.options.max_len == 40);
    CHECK(r.trace);
    CHECK(r.options.trace);
    CHECK(r.options.trace_candidates == 3);
}

TEST_CASE("api request: each fault is the client's, named") {
    CHECK(refusal(R"({"text":"ls"})") == "");
    CHECK(refusal("{\"text\":\"list \xFF files\"}") == "\"text\" is not valid UTF-8");
    CHECK(refusal("{\"text\":\"ls\",\"strategy\":\"\xC0\xAE\"}") == "\"strategy\" is not valid UTF-8");
    CHECK(refusal("{\"text\":\"ls\",\"\xFE\":1}") == "the body is not valid UTF-8");
    CHECK(refusal(R"({"text":"ls","temperature":1e400})") == "\"temperature\" is out of range");
    CHECK(refusal(R"({"text":"ls","temperature":1e39})") == "\"temperature\" is out of range");
    CHECK(refusal(R"({"text":"ls","top_p":-1e39})") == "\"top_p\" is out of range");
    CHECK(refusal(R"({"text":"ls","temperature":101})") == "temperature must be between 0 and 100, got 101.000000");
    CHECK(refusal(R"({"text":"ls","strategy":"best"})") == "\"strategy\" must be \"greedy\", \"beam\" or \"sample\", got \"best\"");
    CHECK(refusal(R"({"text":"ls","strategy":3})") == "\"strategy\" must be \"greedy\", \"beam\" or \"sample\"");
    CHECK(refusal(R"({"text":"ls","beam_width":1e3})") == "\"beam_width\" must be an integer");
    CHECK(refusal(R"({"text":"ls","seed":-1})") == "\"seed\" must be a non-negative integer");
    CHECK(refusal(R"({"text":"ls","beam_widht":3})").rfind("unknown field \"beam_widht\"", 0) == 0);
    CHECK(refusal(R"(["ls"])") == "the body must be a JSON object with \"text\"");
    CHECK(refusal(R"({"text":42})") == "\"text\" (a string) is required");
    CHECK(refusal(R"({"text":"\ud800"})").rfind("the body is not JSON", 0) == 0);
    CHECK(refusal("").rfind("the body is not JSON", 0) == 0);
}

TEST_CASE("api request: random bodies throw BadRequest or nothing") {
    std::mt19937 rng(11);
    const std::string seeds[] = {R"({"text":"ls","temperature":1.5,"strategy":"sample","seed":3})", R"({"text":"x","nbest":2,"beam_width":4})"};
    int refused = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string body = seeds[i % 2];
        for (int k = 0; k < 1 + int(rng() % 4); ++k) body[rng() % body.size()] = char(rng() % 256);
        try {
            parse_translate_request(body, cmdseq::DecodeOptions{});
        } catch (const BadRequest&) {
            ++refused;
        }  // anything else escapes and fails the test
    }
    CHECK(refused > 1000);
}
