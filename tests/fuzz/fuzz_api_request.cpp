// libFuzzer target: arbitrary bytes as the body of POST /translate. The
// contract of parse_translate_request (native/api_request.h) is that it throws
// BadRequest, and nothing else, for any body; any other exception aborts, and
// what it accepts must be options the core accepts and text that is UTF-8.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "api_request.h"
#include "cmdseq.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    static const cmdseq::DecodeOptions defaults;
    try {
        const cmdseq_native::TranslateRequest r = cmdseq_native::parse_translate_request(body, defaults);
        if (cmdseq::valid_utf8(r.text) != r.text) {
            std::fprintf(stderr, "fuzz_api_request: accepted text that is not valid UTF-8\n");
            std::abort();
        }
        if (r.options.trace != r.trace) {
            std::fprintf(stderr, "fuzz_api_request: \"trace\" did not reach the options\n");
            std::abort();
        }
        r.options.validate();  // what was accepted must be what the core accepts
    } catch (const cmdseq_native::BadRequest&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_api_request: an exception other than BadRequest escaped: %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "fuzz_api_request: a non-std exception escaped\n");
        std::abort();
    }
    return 0;
}
