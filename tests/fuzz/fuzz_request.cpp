// libFuzzer target: arbitrary bytes as a request (translated by a fixture
// model, rendered, labelled) and as a command (tokenized, labelled).
#include <string>

#include "cmdseq.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static auto model = [] {
        auto bytes = cmdseq::serialize_model(cmdseq::make_fixture_model(cmdseq::FixtureOptions{}));
        return cmdseq::Model::load_buffer(bytes.data(), bytes.size(), "fixture");
    }();
    static cmdseq::Translator tr(model);
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        cmdseq::DecodeOptions o;
        o.max_len = 12;
        o.trace = size % 2 == 0;
        o.strategy = size % 3 == 0 ? cmdseq::Strategy::Sample : cmdseq::Strategy::Greedy;
        cmdseq::Translation t = tr.translate(text, o);
        cmdseq::translation_to_json(t, *model, true);
    } catch (const cmdseq::InputError&) {
    }
    cmdseq::tokenize_command(text);
    cmdseq::assess_risk(text);
    return 0;
}
