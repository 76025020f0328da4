// libFuzzer target: arbitrary bytes as a model file. The checksum is rewritten
// first, so that mutations reach the header and tensor checks instead of all
// stopping at "checksum mismatch". Anything the reader accepts must translate.
#include <cstring>
#include <vector>

#include "cmdseq.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<uint8_t> bytes(data, data + size);
    if (bytes.size() >= cmdseq::kPrefixBytes + cmdseq::kChecksumBytes) {
        const uint64_t h = cmdseq::model_checksum(bytes.data(), bytes.size());
        for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + size_t(i)] = uint8_t(h >> (8 * i));
    }
    try {
        auto model = cmdseq::Model::load_buffer(bytes.data(), bytes.size(), "fuzz");
        cmdseq::Translator tr(model);
        cmdseq::DecodeOptions o;
        o.max_len = 8;
        o.trace = true;
        tr.translate("copy notes.txt to /tmp", o);
        o.strategy = cmdseq::Strategy::Beam;
        tr.translate("show disk usage", o);
    } catch (const cmdseq::Error&) {
    }
    return 0;
}
