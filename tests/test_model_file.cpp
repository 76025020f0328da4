#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <cstring>

#include "helpers.h"

using namespace cmdseq;
namespace fs = std::filesystem;

namespace {

std::vector<uint8_t> fixture_file(Storage storage = Storage::Fp32) {
    FixtureOptions f;
    f.storage = storage;
    f.seed = 3;
    return serialize_model(make_fixture_model(f));
}

// The message parse_model throws for these bytes ("" if it accepts them).
std::string refusal(const std::vector<uint8_t>& bytes, size_t size) {
    try {
        parse_model(bytes.data(), size, "m.cmdseq");
    } catch (const ModelFormatError& e) {
        return e.what();
    }
    return "";
}
std::string refusal(const std::vector<uint8_t>& bytes) { return refusal(bytes, bytes.size()); }

}  // namespace

TEST_CASE("model file: fp32 round trip keeps every weight bit for bit") {
    ModelData data = make_fixture_model(FixtureOptions{});
    data.metadata_json = R"({"trained": "never", "epochs": 0})";
    std::vector<uint8_t> bytes = serialize_model(data);
    ParsedModel p = parse_model(bytes.data(), bytes.size(), "round trip");
    CHECK(p.version == kFormatVersion);
    CHECK(p.file_bytes == bytes.size());
    CHECK(p.source_vocab == data.source_vocab);
    CHECK(p.target_vocab == data.target_vocab);
    CHECK(p.metadata_json == R"({"epochs":0,"trained":"never"})");
    CHECK(p.config.hidden_dim == 24);
    for (auto& entry : data.tensors) {
        const auto& name = entry.first;  // not a structured binding: clang cannot CAPTURE one in C++17
        const auto& tensor = entry.second;
        CAPTURE(name);
        const TensorView& v = p.tensors.at(name);
        CHECK_FALSE(v.int8);
        CHECK(v.shape == tensor.shape);
        CHECK((v.data - bytes.data()) % kDataAlignment == 0);
        CHECK(std::memcmp(v.data, tensor.data.data(), tensor.data.size() * 4) == 0);  // little-endian host
    }
}

TEST_CASE("model file: int8 stores matrices as int8 with one scale per row, vectors as fp32") {
    ModelData data = make_fixture_model(FixtureOptions{});
    data.config.storage = Storage::Int8;
    std::vector<uint8_t> bytes = serialize_model(data);
    CHECK(bytes.size() * 10 < serialize_model(make_fixture_model(FixtureOptions{})).size() * 6);
    ParsedModel p = parse_model(bytes.data(), bytes.size(), "int8");
    const TensorView& w = p.tensors.at("decoder.out.weight");
    REQUIRE(w.int8);
    CHECK_FALSE(p.tensors.at("decoder.out.bias").int8);
    const FloatTensor& ref = data.tensors.at("decoder.out.weight");
    const int64_t rows = w.shape[0], cols = w.shape[1];
    for (int64_t r = 0; r < rows; ++r) {
        float scale;
        std::memcpy(&scale, w.scales + 4 * r, 4);
        float max_abs = 0;
        for (int64_t j = 0; j < cols; ++j) max_abs = std::max(max_abs, std::fabs(ref.data[size_t(r * cols + j)]));
        CHECK(scale == doctest::Approx(max_abs / 127).epsilon(1e-6));
        for (int64_t j = 0; j < cols; ++j) {
            const float q = float(int8_t(w.data[r * cols + j])) * scale;
            CHECK(std::fabs(q - ref.data[size_t(r * cols + j)]) <= scale * 0.5f + 1e-7f);
        }
    }
}

TEST_CASE("model file: written atomically, loadable from a path and from memory alike") {
    const fs::path dir = fs::temp_directory_path() / ("cmdseq-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "m.cmdseq").string();
    ModelData data = make_fixture_model(FixtureOptions{});
    write_model_file(path, data);
    data.metadata_json = R"({"second": true})";
    write_model_file(path, data);  // replaces the first
    int files = 0;
    for (auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
    CHECK(files == 1);  // no temp file left behind
    auto from_file = Model::load_file(path);
    auto bytes = read_file_bytes(path);
    auto from_memory = Model::load_buffer(bytes.data(), bytes.size(), "memory");
    CHECK(from_file->checksum() == from_memory->checksum());
    CHECK(from_file->metadata_json() == R"({"second":true})");
    CHECK_THROWS_WITH_AS(write_model_file((dir / "no-such-dir" / "m.cmdseq").string(), data),
                         doctest::Contains("cannot write"), IoError);
    CHECK_THROWS_WITH_AS(Model::load_file((dir / "absent.cmdseq").string()), doctest::Contains("cannot open"), IoError);
    CHECK_THROWS_WITH_AS(Model::load_file(dir.string()), ("cannot read " + dir.string() + ": it is a directory").c_str(), IoError);
    CHECK_THROWS_WITH_AS(Model::load_file("/dev/null"), "cannot read /dev/null: not a regular file", IoError);
    fs::remove_all(dir);
}

TEST_CASE("model file: truncation at any offset is refused, never read past") {
    const std::vector<uint8_t> bytes = fixture_file();
    const uint32_t header_len = uint32_t(bytes[12]) | uint32_t(bytes[13]) << 8;
    std::vector<size_t> cuts = {0, 1, 7, 8, 12, 23, 24, 31, 32, 100, 24 + size_t(header_len), bytes.size() / 2, bytes.size() - 9,
                                bytes.size() - 8, bytes.size() - 1};
    for (size_t c = 40; c < bytes.size(); c += 997) cuts.push_back(c);
    for (size_t cut : cuts) {
        CAPTURE(cut);
        // a copy of exactly `cut` bytes, so that a read past the end is a sanitizer error
        std::vector<uint8_t> part(bytes.begin(), bytes.begin() + long(cut));
        const std::string why = refusal(part);
        if (cut < 32) CHECK(why == "m.cmdseq: file is truncated: " + std::to_string(cut) + " bytes, a model file has at least 32");
        else CHECK(why == "m.cmdseq: file is truncated: its prefix says " + std::to_string(bytes.size()) + " bytes, found " + std::to_string(cut));
    }
}

TEST_CASE("model file: a flipped byte anywhere is caught") {
    const std::vector<uint8_t> bytes = fixture_file(Storage::Int8);
    for (size_t at = 0; at < bytes.size(); at += (at < 64 ? 1 : 211)) {
        CAPTURE(at);
        std::vector<uint8_t> bad = bytes;
        bad[at] ^= 0x10;
        const std::string why = refusal(bad);
        CHECK_FALSE(why.empty());
        if (at >= 24) CHECK(why.find("checksum mismatch at byte offset " + std::to_string(bytes.size() - 8)) != std::string::npos);
    }
}

TEST_CASE("model file: wrong magic, newer or invalid version") {
    std::vector<uint8_t> bytes = fixture_file();
    std::vector<uint8_t> elf = bytes;
    elf[0] = 0x7f, elf[1] = 'E', elf[2] = 'L', elf[3] = 'F';
    CHECK(refusal(elf) == "m.cmdseq: not a cmdseq model (bad magic at byte offset 0: 7f 45 4c 46 45 51 1a 0a)");
    std::vector<uint8_t> newer = bytes;
    newer[8] = 3;
    CHECK(refusal(newer) == "m.cmdseq: format version 3 is newer than this build reads (2); upgrade cmdseq");
    std::vector<uint8_t> zero = bytes;
    zero[8] = 0;
    CHECK(refusal(zero) == "m.cmdseq: format version 0 at byte offset 8 is invalid");
    std::vector<uint8_t> longer = bytes;
    longer.push_back(0);
    CHECK(refusal(longer) == "m.cmdseq: file has " + std::to_string(longer.size()) + " bytes but its prefix says " + std::to_string(bytes.size()) + " (trailing data)");
    std::vector<uint8_t> header = bytes;
    header[15] = 0x7f;  // header length ~2 GiB
    CHECK(refusal(header).find("(at byte offset 12) runs past the end of the file") != std::string::npos);
}

TEST_CASE("model file: header problems name the field, tensor and shapes") {
    const std::vector<uint8_t> bytes = fixture_file(Storage::Int8);
    using J = nlohmann::json;
    auto tensor = [](J& h, const std::string& name) -> J& {
        for (auto& t : h["tensors"])
            if (t["name"] == name) return t;
        throw std::runtime_error("no tensor " + name);
    };
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["config"]["hidden_dim"] = 100000; })) ==
          "m.cmdseq: config.hidden_dim = 100000 is out of range [1, 8192]");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["config"]["target_vocab_size"] = 4000000000LL; })) ==
          "m.cmdseq: config.target_vocab_size = 4000000000 is out of range [4, 1000000]");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["config"]["encoder_layers"] = -1; })) ==
          "m.cmdseq: config.encoder_layers = -1 is out of range [1, 8]");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["config"]["source_match"] = "fuzzy"; })) ==
          "m.cmdseq: config.source_match must be \"exact\", \"edit\" or \"trigram\", found \"fuzzy\"");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["config"]["source_match"] = 3; })) ==
          "m.cmdseq: config.source_match must be \"exact\", \"edit\" or \"trigram\", found 3");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["config"]["embedding_dim"] = "wide"; })) ==
          "m.cmdseq: config.embedding_dim must be an integer, found \"wide\"");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["config"]["storage"] = "int4"; })) ==
          "m.cmdseq: config.storage must be \"fp32\" or \"int8\", found \"int4\"");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["config"].erase("attention_dim"); })) ==
          "m.cmdseq: header config lacks \"attention_dim\"");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["source_vocab"].erase(5); })) ==
          "m.cmdseq: source_vocab has 110 tokens but the config says 111");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) {
              auto& list = h["tensors"];
              for (size_t i = 0; i < list.size(); ++i)
                  if (list[i]["name"] == "decoder.out.bias") list.erase(i);
          })) == "m.cmdseq: tensor 'decoder.out.bias' is missing");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "bridge.weight")["shape"] = {24, 23}; })) ==
          "m.cmdseq: tensor 'bridge.weight': expected shape [24, 24], found [24, 23]");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "bridge.weight")["shape"] = {24, -3}; })) ==
          "m.cmdseq: tensor 'bridge.weight': absurd shape [24,-3]");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "bridge.weight")["bytes"] = 12; })) ==
          "m.cmdseq: tensor 'bridge.weight': \"bytes\" must be 576 for shape [24, 24], found 12");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "decoder.out.weight")["offset"] = 1u << 30; }))
              .find("m.cmdseq: tensor 'decoder.out.weight': data at byte offset ") == 0);
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "decoder.out.weight")["offset"] = 1u << 30; }))
              .find("runs past the end of the data section") != std::string::npos);
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "decoder.out.weight")["scale_offset"] = ~0ull; }))
              .find("runs past the end of the data section") != std::string::npos);
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "decoder.out.bias")["dtype"] = "i8"; })) ==
          "m.cmdseq: tensor 'decoder.out.bias': must be stored f32, found i8");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "decoder.out.bias")["dtype"] = "f16"; })) ==
          "m.cmdseq: tensor 'decoder.out.bias': dtype must be \"f32\" or \"i8\", found \"f16\"");
    // found by fuzzing: fields of the wrong JSON type
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { tensor(h, "decoder.out.bias")["dtype"] = J::array({1, 2}); })) ==
          "m.cmdseq: tensor 'decoder.out.bias': dtype must be \"f32\" or \"i8\", found [1,2]");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { h["config"]["storage"] = 8; })) ==
          "m.cmdseq: config.storage must be \"fp32\" or \"int8\", found 8");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { h["config"] = "big"; })) == "m.cmdseq: header has no \"config\" object");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { h["tensors"] = 3; })) == "m.cmdseq: header lacks the \"tensors\" list");
    CHECK(refusal(testing::rewrite_header(bytes, [&](J& h) { h["tensors"][0] = J::array(); })).find("tensor directory entry without a name") !=
          std::string::npos);
}

TEST_CASE("model file: malformed JSON and non-finite weights") {
    std::vector<uint8_t> bytes = fixture_file();
    std::vector<uint8_t> broken = bytes;
    broken[24] = '[';  // the header's opening brace
    testing::reseal(broken);
    CHECK(refusal(broken).find("m.cmdseq: header JSON is malformed at byte offset") == 0);

    ModelData data = make_fixture_model(FixtureOptions{});
    data.tensors["attention.v"].data[3] = std::nanf("");
    std::vector<uint8_t> nan = serialize_model(data);
    CHECK(refusal(nan) == "m.cmdseq: tensor 'attention.v': element 3 is not a finite number");
}

TEST_CASE("model file: the vocabulary must start with the special tokens") {
    const std::vector<uint8_t> bytes = fixture_file();
    auto bad = testing::rewrite_header(bytes, [](nlohmann::json& h) { h["target_vocab"][2] = "<start>"; });
    CHECK_THROWS_WITH_AS(Model::load_buffer(bad.data(), bad.size(), "m"), "target vocabulary: token 2 must be <s>, found \"<start>\"", ModelFormatError);
}

TEST_CASE("model file: the writer refuses inconsistent models") {
    ModelData data = make_fixture_model(FixtureOptions{});
    data.tensors["bridge.bias"].shape = {3};
    CHECK_THROWS_WITH_AS(serialize_model(data), "tensor 'bridge.bias': expected shape [24], found [3]", ModelFormatError);
    data = make_fixture_model(FixtureOptions{});
    data.tensors.erase("attention.v");
    CHECK_THROWS_WITH_AS(serialize_model(data), "tensor 'attention.v' is missing", ModelFormatError);
    data = make_fixture_model(FixtureOptions{});
    data.metadata_json = "{oops";
    CHECK_THROWS_AS(serialize_model(data), ModelFormatError);
}

TEST_CASE("model file: thousands of random corruptions, resealed past the checksum, are refused cleanly") {
    // Resealing makes the checksum pass, so the header and tensor checks see the damage.
    const std::vector<uint8_t> bytes = fixture_file(Storage::Int8);
    const uint32_t header_len = uint32_t(bytes[12]) | uint32_t(bytes[13]) << 8;
    Rng rng(2024);
    int refused = 0, accepted = 0;
    for (int i = 0; i < 3000; ++i) {
        std::vector<uint8_t> bad = bytes;
        const int edits = 1 + int(rng.next() % 4);
        for (int e = 0; e < edits; ++e) {
            // mostly in the JSON header, where a change can still parse
            const size_t at = 24 + size_t(rng.next() % (e % 2 ? bad.size() - 32 : header_len));
            bad[at] = uint8_t(rng.next());
        }
        testing::reseal(bad);
        try {
            auto m = Model::load_buffer(bad.data(), bad.size(), "fuzz");
            Translator tr(m);  // a model that passes the checks must also translate
            tr.translate("show disk usage in /tmp");
            ++accepted;
        } catch (const ModelFormatError&) {
            ++refused;
        }
    }
    MESSAGE(refused << " refused, " << accepted << " accepted (changes that left a valid model)");
    CHECK(refused > 1000);
    CHECK(refused + accepted == 3000);
}

TEST_CASE("model file: weights too large for float arithmetic are refused") {
    ModelData data = make_fixture_model(FixtureOptions{});
    data.tensors["decoder.out.bias"].data[7] = 3e30f;
    std::vector<uint8_t> big = serialize_model(data);
    CHECK(refusal(big) == "m.cmdseq: tensor 'decoder.out.bias': element 7 = 3e+30 is beyond any trained weight (|w| <= 1e6)");
}

TEST_CASE("model file: format 2 is sealed with FNV-1a 64 as published, and format 1 files, sealed a digit short, still load") {
    // the published test vectors of FNV-1a 64
    const uint8_t a[] = {'a'};
    CHECK(fnv1a64(nullptr, 0) == 0xcbf29ce484222325ull);
    CHECK(fnv1a64(a, 1) == 0xaf63dc4c8601ec8cull);
    CHECK(kFnv1aBasis == 14695981039346656037ull);

    std::vector<uint8_t> v2 = fixture_file();
    REQUIRE(v2.size() > 32);
    CHECK(v2[8] == 2);
    uint64_t stored = 0;
    for (int i = 0; i < 8; ++i) stored |= uint64_t(v2[v2.size() - 8 + size_t(i)]) << (8 * i);
    CHECK(stored == fnv1a64(v2.data(), v2.size() - 8));  // what any FNV-1a implementation computes
    CHECK(refusal(v2) == "");

    // the same bytes labelled format 1 need the old basis
    std::vector<uint8_t> v1 = v2;
    v1[8] = 1;
    CHECK(refusal(v1).find("checksum mismatch") != std::string::npos);
    const uint64_t old_seal = fnv1a64(v1.data(), v1.size() - 8, kFormat1Basis);
    for (int i = 0; i < 8; ++i) v1[v1.size() - 8 + size_t(i)] = uint8_t(old_seal >> (8 * i));
    CHECK(refusal(v1) == "");
    CHECK(model_checksum(v1.data(), v1.size()) == old_seal);
    ParsedModel p = parse_model(v1.data(), v1.size(), "v1");
    CHECK(p.version == 1);
    CHECK(p.checksum == old_seal);
}

TEST_CASE("model file: the word map section round-trips, reads by meaning, and is refused cleanly when damaged") {
    FixtureOptions f;
    f.storage = Storage::Int8;
    ModelData m = make_fixture_model(f);
    m.word_map = {{"duplicate", "copy"}, {"exhibit", "show"}, {"terminate", "kill"}};
    m.word_map["shoe"] = "<unk>";  // a word, not a misspelling of "show"
    const std::vector<uint8_t> bytes = serialize_model(m);
    const ParsedModel p = parse_model(bytes.data(), bytes.size(), "m.cmdseq");
    REQUIRE(p.word_map.size() == 4);
    CHECK(p.word_map[0].first == "duplicate");
    CHECK(p.source_vocab[size_t(p.word_map[0].second)] == "copy");
    CHECK(p.word_map[2].first == "shoe");
    CHECK(p.word_map[2].second == 1);
    CHECK(p.source_vocab[size_t(p.word_map[3].second)] == "kill");

    // the core reads a word the vocabulary lacks by meaning first, and base forms through the map
    auto model = Model::load_buffer(bytes.data(), bytes.size(), "m.cmdseq");
    const Vocabulary& v = model->source_vocab();
    CHECK(v.word_map_size() == 4);
    CHECK(v.by_meaning("terminate") == v.id("kill"));
    CHECK(v.by_meaning("terminated") == v.id("kill"));   // -ed, then the map
    CHECK(v.by_meaning("duplicates") == v.id("copy"));   // -s, then the map
    CHECK(v.by_meaning("copied") == v.id("copy"));       // -ied -> -y, in the vocabulary
    CHECK(v.by_meaning("showing") == v.id("show"));
    CHECK(v.by_meaning("frobnicate") == Vocabulary::kNoReading);
    CHECK(v.by_meaning("shoe") == v.unk_id());
    CHECK(v.by_meaning("shoes") == v.unk_id());  // its plural too
    CHECK(read_source_token(v, "terminate", SourceMatch::Edit) == v.id("kill"));
    CHECK(read_source_token(v, "shwo", SourceMatch::Edit) == v.id("show"));  // spelling still reads typos
    CHECK(read_source_token(v, "shoe", SourceMatch::Edit) == v.unk_id());   // but not a word that is no typo
    CHECK(read_source_token(v, "shoes", SourceMatch::Edit) == v.unk_id());
    Translator tr(model);
    const Translation t = tr.translate("terminate process 42", DecodeOptions{});
    REQUIRE(t.source_read.size() == 3);
    CHECK(t.source_read[0] == "kill");
    CHECK(t.source_read_by[0] == "meaning");
    CHECK(t.source_read_by[1] == "vocabulary");
    const std::string json = translation_to_json(t, *model, false);
    CHECK(json.find("\"read_as\":{\"terminate\":\"kill\"}") != std::string::npos);
    CHECK(json.find("\"read_by\":{\"terminate\":\"meaning\"}") != std::string::npos);
    // a quoted name is a name: looked up as typed, never read by meaning or spelling
    tr.set_source_match(SourceMatch::Edit);
    const Translation typed = tr.translate("shwo terminate", DecodeOptions{});
    const Translation names = tr.translate("\"shwo\" 'terminate'", DecodeOptions{});
    REQUIRE(typed.source_read.size() == 2);
    REQUIRE(names.source_read.size() == 2);
    CHECK(typed.source_read == std::vector<std::string>{"show", "kill"});
    CHECK(typed.source_read_by == std::vector<std::string>{"spelling", "meaning"});
    CHECK(names.source_tokens == std::vector<std::string>{"shwo", "terminate"});
    CHECK(names.source_read == std::vector<std::string>{"<unk>", "<unk>"});
    CHECK(names.source_read_by == std::vector<std::string>{"unknown", "unknown"});
    CHECK(tr.source_ids("\"shwo\"") == std::vector<int>{v.unk_id()});
    CHECK(tr.source_ids("shwo") == std::vector<int>{v.id("show")});

    // a model without the section reads as before: no meaning, spelling only
    const std::vector<uint8_t> plain = fixture_file(Storage::Int8);
    auto without = Model::load_buffer(plain.data(), plain.size(), "m.cmdseq");
    CHECK_FALSE(without->source_vocab().has_word_map());
    CHECK(without->source_vocab().by_meaning("copied") == Vocabulary::kNoReading);
    CHECK(read_source_token(without->source_vocab(), "shoe", SourceMatch::Edit) == without->source_vocab().id("show"));

    using J = nlohmann::json;
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"]["version"] = 2; })) ==
          "m.cmdseq: word_map version 2 is not one this build reads (1 to 1)");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"].erase("version"); })) ==
          "m.cmdseq: word_map has no integer \"version\"");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"]["ids"].erase(0); })) ==
          "m.cmdseq: word_map has 4 words but 3 ids");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"]["ids"][1] = 0; })) ==
          "m.cmdseq: word_map entry 1 reads as id 0, outside the source vocabulary's words");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"]["ids"][1] = 100000; })) ==
          "m.cmdseq: word_map entry 1 reads as id 100000, outside the source vocabulary's words");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"]["words"][1] = "copy"; })) ==
          "m.cmdseq: word_map entry 1 (\"copy\") is not a lower-case word the vocabulary lacks");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"]["words"][1] = "Exhibit"; })) ==
          "m.cmdseq: word_map entry 1 (\"Exhibit\") is not a lower-case word the vocabulary lacks");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"]["words"][2] = "aaa"; })) ==
          "m.cmdseq: word_map entry 2 is out of order or repeated");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"]["words"][0] = 7; })) ==
          "m.cmdseq: word_map entry 0 is not a word and an id");
    CHECK(refusal(testing::rewrite_header(bytes, [](J& h) { h["word_map"] = "x"; })) ==
          "m.cmdseq: word_map has no integer \"version\"");
    // the writer refuses a map onto a word the vocabulary lacks
    ModelData bad = m;
    bad.word_map = {{"exhibit", "exhibition"}};
    CHECK_THROWS_AS(serialize_model(bad), ModelFormatError);
}
