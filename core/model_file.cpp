#include "model_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_set>

#include "errors.h"

#ifdef _WIN32
#include <process.h>
#define cmdseq_getpid _getpid
#else
#include <unistd.h>
#define cmdseq_getpid getpid
#endif

namespace cmdseq {

using json = nlohmann::json;

namespace {

const uint8_t kMagic[8] = {'C', 'M', 'D', 'S', 'E', 'Q', 0x1A, '\n'};

// Limits that no sane model exceeds; a file past them is refused before any allocation.
constexpr int kMaxDim = 8192;
constexpr int kMaxVocab = 1000000;
constexpr int kMaxLayers = 8;
// Weights beyond this would overflow float arithmetic into inf/NaN; no training produces them.
constexpr float kMaxWeight = 1e6f;

uint32_t read_u32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint64_t read_u64(const uint8_t* p) { return uint64_t(read_u32(p)) | uint64_t(read_u32(p + 4)) << 32; }
void put_u32(std::vector<uint8_t>& out, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) out[at + i] = uint8_t(v >> (8 * i));
}
void put_u64(std::vector<uint8_t>& out, size_t at, uint64_t v) {
    for (int i = 0; i < 8; ++i) out[at + i] = uint8_t(v >> (8 * i));
}
float read_f32(const uint8_t* p) {
    uint32_t bits = read_u32(p);
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}
void put_f32(std::vector<uint8_t>& out, size_t at, float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    put_u32(out, at, bits);
}

size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string number(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", double(v));
    return buf;
}

std::string shape_str(const std::vector<int64_t>& s) {
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

int64_t element_count(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

// Reads an integer config field within [lo, hi].
int config_int(const json& cfg, const char* key, int lo, int hi, const std::string& origin) {
    if (!cfg.contains(key)) throw ModelFormatError(origin + ": header config lacks \"" + key + "\"");
    const json& v = cfg[key];
    if (!v.is_number_integer())
        throw ModelFormatError(origin + ": config." + key + " must be an integer, found " + v.dump());
    int64_t x = v.get<int64_t>();
    if (x < lo || x > hi)
        throw ModelFormatError(origin + ": config." + key + " = " + std::to_string(x) + " is out of range [" +
                               std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return static_cast<int>(x);
}

// A field as JSON text for comparisons and messages ("\"int8\"", "[1,2]",
// "nothing"), so that a field of the wrong type reads as a wrong value.
std::string text_field(const json& obj, const char* key) {
    if (!obj.is_object() || !obj.contains(key)) return "nothing";
    return obj[key].dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 60);
}

}  // namespace

const char* source_match_name(SourceMatch m) {
    switch (m) {
        case SourceMatch::Exact: return "exact";
        case SourceMatch::Edit: return "edit";
        case SourceMatch::Trigram: return "trigram";
    }
    return "?";
}

bool parse_source_match(const std::string& name, SourceMatch& out) {
    for (SourceMatch m : {SourceMatch::Exact, SourceMatch::Edit, SourceMatch::Trigram})
        if (name == source_match_name(m)) {
            out = m;
            return true;
        }
    return false;
}

namespace {

json config_to_json(const ModelConfig& c) {
    json j{{"source_vocab_size", c.source_vocab_size}, {"target_vocab_size", c.target_vocab_size},
           {"embedding_dim", c.embedding_dim},         {"hidden_dim", c.hidden_dim},
           {"encoder_layers", c.encoder_layers},       {"decoder_layers", c.decoder_layers},
           {"bidirectional", c.bidirectional},         {"attention_dim", c.attention_dim},
           {"storage", storage_name(c.storage)}};
    // written only when set, so that files without it stay byte-identical to before
    if (c.source_match != SourceMatch::Exact) j["source_match"] = source_match_name(c.source_match);
    return j;
}

ModelConfig config_from_json(const json& cfg, const std::string& origin) {
    if (!cfg.is_object()) throw ModelFormatError(origin + ": header has no \"config\" object");
    ModelConfig c;
    c.source_vocab_size = config_int(cfg, "source_vocab_size", 2, kMaxVocab, origin);
    c.target_vocab_size = config_int(cfg, "target_vocab_size", 4, kMaxVocab, origin);
    c.embedding_dim = config_int(cfg, "embedding_dim", 1, kMaxDim, origin);
    c.hidden_dim = config_int(cfg, "hidden_dim", 1, kMaxDim, origin);
    c.encoder_layers = config_int(cfg, "encoder_layers", 1, kMaxLayers, origin);
    c.decoder_layers = config_int(cfg, "decoder_layers", 1, kMaxLayers, origin);
    c.attention_dim = config_int(cfg, "attention_dim", 1, kMaxDim, origin);
    if (!cfg.contains("bidirectional") || !cfg["bidirectional"].is_boolean())
        throw ModelFormatError(origin + ": config.bidirectional must be true or false");
    c.bidirectional = cfg["bidirectional"].get<bool>();
    const std::string storage = text_field(cfg, "storage");
    if (storage == "\"fp32\"") c.storage = Storage::Fp32;
    else if (storage == "\"int8\"") c.storage = Storage::Int8;
    else throw ModelFormatError(origin + ": config.storage must be \"fp32\" or \"int8\", found " + storage);
    if (cfg.contains("source_match")) {
        const json& m = cfg["source_match"];
        if (!m.is_string() || !parse_source_match(m.get<std::string>(), c.source_match))
            throw ModelFormatError(origin + ": config.source_match must be \"exact\", \"edit\" or \"trigram\", found " +
                                   text_field(cfg, "source_match"));
    }
    return c;
}

std::vector<std::string> vocab_from_json(const json& h, const char* key, int expected, const std::string& origin) {
    if (!h.contains(key) || !h[key].is_array()) throw ModelFormatError(origin + ": header lacks the \"" + std::string(key) + "\" list");
    const json& list = h[key];
    if (static_cast<int64_t>(list.size()) != expected)
        throw ModelFormatError(origin + ": " + key + " has " + std::to_string(list.size()) + " tokens but the config says " +
                               std::to_string(expected));
    std::vector<std::string> out;
    out.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_string()) throw ModelFormatError(origin + ": " + key + "[" + std::to_string(i) + "] is not a string");
        out.push_back(list[i].get<std::string>());
    }
    return out;
}

// The optional word map: every word a lower-case word the vocabulary lacks, in
// strictly increasing order; every id a plain word of the vocabulary.
std::vector<std::pair<std::string, int>> word_map_from_json(const json& h, const std::vector<std::string>& vocab,
                                                            const std::string& origin) {
    std::vector<std::pair<std::string, int>> out;
    if (!h.contains("word_map")) return out;
    const json& w = h["word_map"];
    if (!w.is_object() || !w.contains("version") || !w["version"].is_number_integer())
        throw ModelFormatError(origin + ": word_map has no integer \"version\"");
    const int64_t version = w["version"].get<int64_t>();
    if (version < 1 || version > kWordMapVersion)
        throw ModelFormatError(origin + ": word_map version " + std::to_string(version) + " is not one this build reads (1 to " +
                               std::to_string(kWordMapVersion) + ")");
    if (!w.contains("words") || !w["words"].is_array() || !w.contains("ids") || !w["ids"].is_array())
        throw ModelFormatError(origin + ": word_map lacks its \"words\" and \"ids\" lists");
    const json& words = w["words"];
    const json& ids = w["ids"];
    if (words.size() != ids.size())
        throw ModelFormatError(origin + ": word_map has " + std::to_string(words.size()) + " words but " + std::to_string(ids.size()) +
                               " ids");
    std::unordered_set<std::string> known(vocab.begin(), vocab.end());
    out.reserve(words.size());
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string where = origin + ": word_map entry " + std::to_string(i);
        if (!words[i].is_string() || !ids[i].is_number_integer()) throw ModelFormatError(where + " is not a word and an id");
        std::string word = words[i].get<std::string>();
        const int64_t id = ids[i].get<int64_t>();
        if (word.empty() || word.size() > 64 || known.count(word) ||
            std::any_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
            throw ModelFormatError(where + " (\"" + word.substr(0, 64) + "\") is not a lower-case word the vocabulary lacks");
        if (!out.empty() && !(out.back().first < word)) throw ModelFormatError(where + " is out of order or repeated");
        if (id < 1 || id >= static_cast<int64_t>(vocab.size()))  // <unk>: a word, not a misspelling; never <pad>
            throw ModelFormatError(where + " reads as id " + std::to_string(id) + ", outside the source vocabulary's words");
        out.emplace_back(std::move(word), static_cast<int>(id));
    }
    return out;
}

}  // namespace

const char* storage_name(Storage s) { return s == Storage::Int8 ? "int8" : "fp32"; }

uint64_t fnv1a64(const uint8_t* data, size_t size, uint64_t basis) {
    uint64_t h = basis;
    for (size_t i = 0; i < size; ++i) {
        h ^= data[i];
        h *= 1099511628211ull;
    }
    return h;
}

uint64_t model_checksum(const uint8_t* file, size_t size) {
    if (size < kPrefixBytes + kChecksumBytes) return 0;
    return fnv1a64(file, size - kChecksumBytes, read_u32(file + 8) == 1 ? kFormat1Basis : kFnv1aBasis);
}

std::vector<TensorSpec> expected_tensors(const ModelConfig& c) {
    const int64_t H = c.hidden_dim, E = c.embedding_dim, C = c.context_dim(), A = c.attention_dim;
    std::vector<TensorSpec> t;
    t.push_back({"encoder.embedding", {c.source_vocab_size, E}, true});
    for (int l = 0; l < c.encoder_layers; ++l) {
        for (int d = 0; d < c.directions(); ++d) {
            std::string sfx = "_l" + std::to_string(l) + (d ? "_reverse" : "");
            int64_t in = l == 0 ? E : C;
            t.push_back({"encoder.gru.weight_ih" + sfx, {3 * H, in}, true});
            t.push_back({"encoder.gru.weight_hh" + sfx, {3 * H, H}, true});
            t.push_back({"encoder.gru.bias_ih" + sfx, {3 * H}, false});
            t.push_back({"encoder.gru.bias_hh" + sfx, {3 * H}, false});
        }
    }
    t.push_back({"bridge.weight", {H, C}, true});
    t.push_back({"bridge.bias", {H}, false});
    t.push_back({"attention.key.weight", {A, C}, true});
    t.push_back({"attention.query.weight", {A, H}, true});
    t.push_back({"attention.query.bias", {A}, false});
    t.push_back({"attention.v", {A}, false});
    t.push_back({"decoder.embedding", {c.target_vocab_size, E}, true});
    for (int l = 0; l < c.decoder_layers; ++l) {
        std::string sfx = "_l" + std::to_string(l);
        t.push_back({"decoder.gru.weight_ih" + sfx, {3 * H, l == 0 ? E + C : H}, true});
        t.push_back({"decoder.gru.weight_hh" + sfx, {3 * H, H}, true});
        t.push_back({"decoder.gru.bias_ih" + sfx, {3 * H}, false});
        t.push_back({"decoder.gru.bias_hh" + sfx, {3 * H}, false});
    }
    t.push_back({"decoder.out.weight", {c.target_vocab_size, H + C}, true});
    t.push_back({"decoder.out.bias", {c.target_vocab_size}, false});
    return t;
}

int64_t parameter_count(const ModelConfig& c) {
    int64_t n = 0;
    for (auto& t : expected_tensors(c)) n += element_count(t.shape);
    return n;
}

// ============================================================ reader

static ParsedModel parse_checked(const uint8_t* bytes, size_t size, const std::string& origin);

ParsedModel parse_model(const uint8_t* bytes, size_t size, const std::string& origin) {
    try {
        return parse_checked(bytes, size, origin);
    } catch (const json::exception& e) {
        // every field is type-checked before use; this is the net under that promise
        throw ModelFormatError(origin + ": header has a field of the wrong type: " + e.what());
    }
}

static ParsedModel parse_checked(const uint8_t* bytes, size_t size, const std::string& origin) {
    const size_t min_size = kPrefixBytes + kChecksumBytes;
    if (size >= 8 && std::memcmp(bytes, kMagic, 8) != 0) {
        char found[40];
        std::snprintf(found, sizeof found, "%02x %02x %02x %02x %02x %02x %02x %02x", bytes[0], bytes[1], bytes[2],
                      bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]);
        throw ModelFormatError(origin + ": not a cmdseq model (bad magic at byte offset 0: " + found + ")");
    }
    if (size < min_size)
        throw ModelFormatError(origin + ": file is truncated: " + std::to_string(size) + " bytes, a model file has at least " +
                               std::to_string(min_size));
    ParsedModel m;
    m.version = read_u32(bytes + 8);
    if (m.version == 0) throw ModelFormatError(origin + ": format version 0 at byte offset 8 is invalid");
    if (m.version > kFormatVersion)
        throw ModelFormatError(origin + ": format version " + std::to_string(m.version) + " is newer than this build reads (" +
                               std::to_string(kFormatVersion) + "); upgrade cmdseq");
    const uint32_t header_bytes = read_u32(bytes + 12);
    m.file_bytes = read_u64(bytes + 16);
    if (m.file_bytes > size)
        throw ModelFormatError(origin + ": file is truncated: its prefix says " + std::to_string(m.file_bytes) + " bytes, found " +
                               std::to_string(size));
    if (m.file_bytes < size)
        throw ModelFormatError(origin + ": file has " + std::to_string(size) + " bytes but its prefix says " +
                               std::to_string(m.file_bytes) + " (trailing data)");
    if (uint64_t(header_bytes) > m.file_bytes - min_size)
        throw ModelFormatError(origin + ": header length " + std::to_string(header_bytes) +
                               " (at byte offset 12) runs past the end of the file (" + std::to_string(size) + " bytes)");
    m.checksum = read_u64(bytes + size - kChecksumBytes);
    const uint64_t computed = model_checksum(bytes, size);
    if (computed != m.checksum)
        throw ModelFormatError(origin + ": checksum mismatch at byte offset " + std::to_string(size - kChecksumBytes) + ": stored " +
                               hex(m.checksum) + ", computed " + hex(computed) + " (file corrupted)");

    json h;
    try {
        h = json::parse(bytes + kPrefixBytes, bytes + kPrefixBytes + header_bytes);
    } catch (const json::parse_error& e) {
        throw ModelFormatError(origin + ": header JSON is malformed at byte offset " + std::to_string(kPrefixBytes + e.byte) +
                               ": " + e.what());
    }
    if (!h.is_object()) throw ModelFormatError(origin + ": header is not a JSON object");
    m.config = config_from_json(h.value("config", json()), origin);
    m.source_vocab = vocab_from_json(h, "source_vocab", m.config.source_vocab_size, origin);
    m.target_vocab = vocab_from_json(h, "target_vocab", m.config.target_vocab_size, origin);
    m.metadata_json = h.contains("metadata") ? h["metadata"].dump() : "{}";
    m.word_map = word_map_from_json(h, m.source_vocab, origin);

    const uint64_t data_start = align_up(kPrefixBytes + header_bytes, kDataAlignment);
    const uint64_t data_end = size - kChecksumBytes;
    if (!h.contains("tensors") || !h["tensors"].is_array()) throw ModelFormatError(origin + ": header lacks the \"tensors\" list");
    std::map<std::string, const json*> directory;
    for (const json& t : h["tensors"]) {
        if (!t.is_object() || !t.contains("name") || !t["name"].is_string())
            throw ModelFormatError(origin + ": tensor directory entry without a name: " + t.dump().substr(0, 80));
        directory[t["name"].get<std::string>()] = &t;
    }

    for (const TensorSpec& spec : expected_tensors(m.config)) {
        auto it = directory.find(spec.name);
        if (it == directory.end()) throw ModelFormatError(origin + ": tensor '" + spec.name + "' is missing");
        const json& t = *it->second;
        const std::string where = origin + ": tensor '" + spec.name + "'";
        TensorView view;
        view.name = spec.name;
        const std::string dtype = text_field(t, "dtype");
        if (dtype != "\"f32\"" && dtype != "\"i8\"") throw ModelFormatError(where + ": dtype must be \"f32\" or \"i8\", found " + dtype);
        view.int8 = dtype == "\"i8\"";
        if (view.int8 && !spec.quantizable) throw ModelFormatError(where + ": must be stored f32, found i8");
        if (!t.contains("shape") || !t["shape"].is_array()) throw ModelFormatError(where + ": has no shape");
        for (const json& d : t["shape"]) {
            if (!d.is_number_integer() || d.get<int64_t>() < 0 || d.get<int64_t>() > int64_t(kMaxVocab) * 4)
                throw ModelFormatError(where + ": absurd shape " + t["shape"].dump());
            view.shape.push_back(d.get<int64_t>());
        }
        if (view.shape != spec.shape)
            throw ModelFormatError(where + ": expected shape " + shape_str(spec.shape) + ", found " + shape_str(view.shape));
        const uint64_t count = static_cast<uint64_t>(element_count(view.shape));
        const uint64_t want_bytes = count * (view.int8 ? 1 : 4);
        auto check_range = [&](const char* key, uint64_t nbytes) -> const uint8_t* {
            if (!t.contains(key) || !t[key].is_number_unsigned())
                throw ModelFormatError(where + ": \"" + key + "\" must be a non-negative integer");
            uint64_t off = t[key].get<uint64_t>();
            if (off > data_end || nbytes > data_end - data_start || data_start + off > data_end - nbytes)
                throw ModelFormatError(where + ": data at byte offset " + std::to_string(data_start + off) + " (+" +
                                       std::to_string(nbytes) + " bytes) runs past the end of the data section (byte " +
                                       std::to_string(data_end) + ")");
            return bytes + data_start + off;
        };
        if (!t.contains("bytes") || !t["bytes"].is_number_unsigned() || t["bytes"].get<uint64_t>() != want_bytes)
            throw ModelFormatError(where + ": \"bytes\" must be " + std::to_string(want_bytes) + " for shape " + shape_str(view.shape) +
                                   ", found " + (t.contains("bytes") ? t["bytes"].dump() : "nothing"));
        view.data = check_range("offset", want_bytes);
        if (view.int8) {
            view.scales = check_range("scale_offset", static_cast<uint64_t>(view.shape[0]) * 4);
            for (int64_t r = 0; r < view.shape[0]; ++r) {
                float s = read_f32(view.scales + 4 * r);
                if (!(s >= 0 && s <= kMaxWeight / 127))
                    throw ModelFormatError(where + ": row " + std::to_string(r) + " has an invalid scale " + number(s));
            }
        } else {
            for (uint64_t i = 0; i < count; ++i) {
                const float w = read_f32(view.data + 4 * i);
                if (!std::isfinite(w)) throw ModelFormatError(where + ": element " + std::to_string(i) + " is not a finite number");
                if (std::fabs(w) > kMaxWeight)
                    throw ModelFormatError(where + ": element " + std::to_string(i) + " = " + number(w) +
                                           " is beyond any trained weight (|w| <= 1e6)");
            }
        }
        m.tensors[spec.name] = view;
    }
    return m;
}

std::vector<uint8_t> read_file_bytes(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::is_directory(status)) throw IoError("cannot read " + path + ": it is a directory");
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw IoError("cannot read " + path + ": not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open " + path + ": " + std::strerror(errno));
    in.seekg(0, std::ios::end);
    std::streamoff n = in.tellg();
    if (n < 0) throw IoError("cannot read " + path + " (not a regular file?)");
    if (n > (std::streamoff(1) << 31)) throw IoError(path + " is " + std::to_string(n) + " bytes; a model is at most 2 GiB");
    in.seekg(0, std::ios::beg);
    std::vector<uint8_t> bytes(static_cast<size_t>(n));
    if (n > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), n)) throw IoError("cannot read " + path);
    return bytes;
}

// ============================================================ writer

std::vector<uint8_t> serialize_model(const ModelData& model) {
    const ModelConfig& c = model.config;
    if (static_cast<int>(model.source_vocab.size()) != c.source_vocab_size ||
        static_cast<int>(model.target_vocab.size()) != c.target_vocab_size)
        throw ModelFormatError("vocabulary sizes do not match the config");
    json metadata;
    try {
        metadata = json::parse(model.metadata_json);
    } catch (const json::parse_error& e) {
        throw ModelFormatError(std::string("metadata is not valid JSON: ") + e.what());
    }

    struct Planned {
        const TensorSpec* spec;
        const FloatTensor* tensor;
        bool int8;
        uint64_t offset, scale_offset, bytes;
    };
    auto specs = expected_tensors(c);
    std::vector<Planned> plan;
    uint64_t cursor = 0;
    json directory = json::array();
    for (const TensorSpec& spec : specs) {
        auto it = model.tensors.find(spec.name);
        if (it == model.tensors.end()) throw ModelFormatError("tensor '" + spec.name + "' is missing");
        if (it->second.shape != spec.shape || static_cast<int64_t>(it->second.data.size()) != element_count(spec.shape))
            throw ModelFormatError("tensor '" + spec.name + "': expected shape " + shape_str(spec.shape) + ", found " +
                                   shape_str(it->second.shape));
        Planned p{&spec, &it->second, spec.quantizable && c.storage == Storage::Int8, 0, 0, 0};
        p.bytes = static_cast<uint64_t>(element_count(spec.shape)) * (p.int8 ? 1 : 4);
        p.offset = cursor;
        cursor = align_up(cursor + p.bytes, kDataAlignment);
        if (p.int8) {
            p.scale_offset = cursor;
            cursor = align_up(cursor + static_cast<uint64_t>(spec.shape[0]) * 4, kDataAlignment);
        }
        json entry = {{"name", spec.name}, {"dtype", p.int8 ? "i8" : "f32"}, {"shape", spec.shape}, {"offset", p.offset}, {"bytes", p.bytes}};
        if (p.int8) entry["scale_offset"] = p.scale_offset;
        directory.push_back(entry);
        plan.push_back(p);
    }
    json header = {{"config", config_to_json(c)},
                   {"source_vocab", model.source_vocab},
                   {"target_vocab", model.target_vocab},
                   {"tensors", directory},
                   {"metadata", metadata}};
    if (!model.word_map.empty()) {
        std::map<std::string, int> id_of;
        for (size_t i = 0; i < model.source_vocab.size(); ++i) id_of.emplace(model.source_vocab[i], static_cast<int>(i));
        json words = json::array(), ids = json::array();
        for (auto& [word, known] : model.word_map) {  // a std::map: sorted and unique as the reader wants
            auto it = id_of.find(known);
            if (it == id_of.end() || it->second < 1) throw ModelFormatError("word_map: \"" + known + "\" is not a word of the source vocabulary");
            if (id_of.count(word)) throw ModelFormatError("word_map: \"" + word + "\" is already in the source vocabulary");
            words.push_back(word);
            ids.push_back(it->second);
        }
        header["word_map"] = {{"version", kWordMapVersion}, {"words", words}, {"ids", ids}};
    }
    const std::string text = header.dump();
    const size_t data_start = align_up(kPrefixBytes + text.size(), kDataAlignment);
    const size_t total = data_start + cursor + kChecksumBytes;

    std::vector<uint8_t> out(total, 0);
    std::memcpy(out.data(), kMagic, 8);
    put_u32(out, 8, kFormatVersion);
    put_u32(out, 12, static_cast<uint32_t>(text.size()));
    put_u64(out, 16, total);
    std::memcpy(out.data() + kPrefixBytes, text.data(), text.size());
    for (const Planned& p : plan) {
        const std::vector<float>& w = p.tensor->data;
        uint8_t* dst = out.data() + data_start + p.offset;
        if (!p.int8) {
            for (size_t i = 0; i < w.size(); ++i) put_f32(out, data_start + p.offset + 4 * i, w[i]);
            continue;
        }
        const int64_t rows = p.spec->shape[0], cols = p.spec->shape[1];
        for (int64_t r = 0; r < rows; ++r) {
            float max_abs = 0;
            for (int64_t j = 0; j < cols; ++j) max_abs = std::max(max_abs, std::fabs(w[r * cols + j]));
            const float scale = max_abs / 127.0f;
            put_f32(out, data_start + p.scale_offset + 4 * r, scale);
            for (int64_t j = 0; j < cols; ++j) {
                float q = scale > 0 ? std::round(w[r * cols + j] / scale) : 0.0f;
                dst[r * cols + j] = static_cast<uint8_t>(static_cast<int8_t>(std::max(-127.0f, std::min(127.0f, q))));
            }
        }
    }
    put_u64(out, total - kChecksumBytes, fnv1a64(out.data(), total - kChecksumBytes));
    return out;
}

void write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes) {
    const std::string tmp = path + ".tmp-" + std::to_string(cmdseq_getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw IoError("cannot write " + tmp + ": " + std::strerror(errno));
    bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    ok = std::fflush(f) == 0 && ok;
#ifndef _WIN32
    ok = fsync(fileno(f)) == 0 && ok;
#endif
    ok = std::fclose(f) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        throw IoError("cannot write " + path + ": " + why);
    }
}

void write_model_file(const std::string& path, const ModelData& model) { write_file_atomic(path, serialize_model(model)); }

}  // namespace cmdseq
