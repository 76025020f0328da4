#include "helpers.h"

#include <cmath>

namespace testing {

cmdseq::ModelData reference_tiny_model() {
    cmdseq::ModelData m;
    m.source_vocab = {"<pad>", "<unk>", "a", "b"};
    m.target_vocab = {"<pad>", "<unk>", "<s>", "</s>", "x"};
    cmdseq::ModelConfig& c = m.config;
    c.source_vocab_size = 4;
    c.target_vocab_size = 5;
    c.embedding_dim = c.hidden_dim = c.attention_dim = 2;
    int t = 0;
    for (const cmdseq::TensorSpec& spec : cmdseq::expected_tensors(c)) {
        cmdseq::FloatTensor tensor;
        tensor.shape = spec.shape;
        size_t n = 1;
        for (auto d : spec.shape) n *= size_t(d);
        double amp = spec.name == "encoder.embedding" || spec.name == "attention.v" ? 2.0 : spec.name == "attention.key.weight" ? 4.0 : 0.5;
        for (size_t i = 0; i < n; ++i) tensor.data.push_back(float(amp * std::sin(0.37 * double(i + 1) + 1.1 * double(t + 1))));
        m.tensors[spec.name] = tensor;
        ++t;
    }
    return m;
}

std::shared_ptr<const cmdseq::Model> load(const cmdseq::ModelData& data) {
    auto bytes = cmdseq::serialize_model(data);
    return cmdseq::Model::load_buffer(bytes.data(), bytes.size(), "test model");
}

std::shared_ptr<const cmdseq::Model> fixture(const cmdseq::FixtureOptions& options) { return load(cmdseq::make_fixture_model(options)); }

static uint32_t u32(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }

void reseal(std::vector<uint8_t>& f) {
    uint64_t h = cmdseq::model_checksum(f.data(), f.size());
    for (int i = 0; i < 8; ++i) f[f.size() - 8 + i] = uint8_t(h >> (8 * i));
}

std::vector<uint8_t> rewrite_header(const std::vector<uint8_t>& file, const std::function<void(nlohmann::json&)>& edit) {
    const uint32_t header_len = u32(file.data() + 12);
    const size_t old_data = (24 + header_len + 63) / 64 * 64;
    nlohmann::json h = nlohmann::json::parse(file.begin() + 24, file.begin() + 24 + header_len);
    edit(h);
    const std::string text = h.dump();
    const size_t new_data = (24 + text.size() + 63) / 64 * 64;
    std::vector<uint8_t> out(new_data, 0);
    std::copy(file.begin(), file.begin() + 24, out.begin());
    std::copy(text.begin(), text.end(), out.begin() + 24);
    out.insert(out.end(), file.begin() + long(old_data), file.end());
    for (int i = 0; i < 4; ++i) out[12 + i] = uint8_t(text.size() >> (8 * i));
    for (int i = 0; i < 8; ++i) out[16 + i] = uint8_t(uint64_t(out.size()) >> (8 * i));
    reseal(out);
    return out;
}

}  // namespace testing
