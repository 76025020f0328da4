// The .cmdseq model file: one file per model.
//
//   bytes [0, 8)    magic "CMDSEQ\x1a\n"
//         [8, 12)   format version, uint32 little-endian
//         [12, 16)  header length H, uint32 LE
//         [16, 24)  total file length N, uint64 LE
//         [24, 24+H) JSON header: config, both vocabularies, tensor directory
//                   (name, dtype, shape, offset, bytes), free-form metadata, and
//                   optionally "word_map": {"version": 1, "words": [...], "ids": [...]},
//                   unknown request words (sorted, unique, none in the vocabulary)
//                   and the source vocabulary id each is read as (1, <unk>: a
//                   word, not a misspelling; not to be read by its spelling)
//         zero padding to a multiple of 64: start of the data section
//         tensor data, each tensor at a 64-byte aligned offset into the data section;
//                   int8 tensors are followed by one fp32 scale per row
//         [N-8, N)  FNV-1a 64 checksum of bytes [0, N-8), uint64 LE; format 2 starts
//                   from FNV's offset basis 14695981039346656037, format 1 files
//                   from 1469598103934665603 (a digit short) and are still read
//
// Every number is little-endian and read byte by byte, so the format does not
// depend on the host. The reader bounds-checks everything before touching it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cmdseq {

constexpr uint32_t kFormatVersion = 2;  // owned by the writer; readers refuse newer files
constexpr uint64_t kFnv1aBasis = 14695981039346656037ull;   // FNV-1a 64's offset basis: format 2 on
constexpr uint64_t kFormat1Basis = 1469598103934665603ull;  // what format 1 files were sealed with
constexpr size_t kPrefixBytes = 24;
constexpr size_t kChecksumBytes = 8;
constexpr size_t kDataAlignment = 64;

enum class Storage { Fp32, Int8 };
const char* storage_name(Storage s);  // "fp32", "int8"

// How a request word the source vocabulary lacks is read: as <unk> (exact), or
// as the vocabulary word nearest in spelling, so that "shwo" reads as "show".
enum class SourceMatch { Exact, Edit, Trigram };
const char* source_match_name(SourceMatch m);  // "exact", "edit", "trigram"
bool parse_source_match(const std::string& name, SourceMatch& out);

// Sizes of a model. Every size the engine uses is read from here.
struct ModelConfig {
    int source_vocab_size = 0;
    int target_vocab_size = 0;
    int embedding_dim = 0;
    int hidden_dim = 0;
    int encoder_layers = 1;
    int decoder_layers = 1;
    bool bidirectional = false;
    int attention_dim = 0;
    Storage storage = Storage::Fp32;
    SourceMatch source_match = SourceMatch::Exact;  // optional in the header; absent means exact

    int directions() const { return bidirectional ? 2 : 1; }
    int context_dim() const { return hidden_dim * directions(); }  // width of an encoder output
};

// A tensor the engine needs: its name, shape, and whether it may be stored int8
// (matrices may; biases and vectors stay fp32).
struct TensorSpec {
    std::string name;
    std::vector<int64_t> shape;
    bool quantizable;
};
std::vector<TensorSpec> expected_tensors(const ModelConfig& config);
int64_t parameter_count(const ModelConfig& config);

struct FloatTensor {
    std::vector<int64_t> shape;
    std::vector<float> data;  // row-major
};

// Everything a model file holds, in plain containers: what a trainer or test
// hands to the writer. Weights are fp32 here; the writer quantizes matrices
// when config.storage is Int8.
struct ModelData {
    ModelConfig config;
    std::vector<std::string> source_vocab;
    std::vector<std::string> target_vocab;
    std::map<std::string, FloatTensor> tensors;
    std::string metadata_json = "{}";  // a JSON object, free-form (training command, data, date)
    // Optional: request words the source vocabulary lacks -> the known word they
    // are read as (WordNet synonyms and base forms, chosen at export). Written as
    // the header's "word_map" section, version kWordMapVersion.
    std::map<std::string, std::string> word_map;
};

// The word map section's version: readers refuse a newer one by name.
constexpr int kWordMapVersion = 1;

// One tensor as found in a file: a view into the caller's buffer, already
// bounds-checked.
struct TensorView {
    std::string name;
    bool int8 = false;
    std::vector<int64_t> shape;
    const uint8_t* data = nullptr;    // fp32 LE or int8 values
    const uint8_t* scales = nullptr;  // int8 only: one fp32 LE scale per row
};

// A checked model file: config, vocabularies, metadata and views of every tensor.
struct ParsedModel {
    uint32_t version = 0;
    uint64_t checksum = 0;
    uint64_t file_bytes = 0;
    ModelConfig config;
    std::vector<std::string> source_vocab;
    std::vector<std::string> target_vocab;
    std::string metadata_json;
    std::map<std::string, TensorView> tensors;
    std::vector<std::pair<std::string, int>> word_map;  // word -> source vocabulary id; empty when absent
};

// Checks and parses a model held in memory. Throws ModelFormatError saying what
// is wrong and where (byte offset, tensor name, expected vs found shape).
// `origin` names the source in messages ("models/tiny.cmdseq", "embedded model").
ParsedModel parse_model(const uint8_t* bytes, size_t size, const std::string& origin);

std::vector<uint8_t> read_file_bytes(const std::string& path);  // IoError on failure

// Writes a model; int8 storage quantizes each matrix row with scale max|w|/127.
std::vector<uint8_t> serialize_model(const ModelData& model);
// Atomic: writes PATH.tmp-<pid> then renames it over PATH.
void write_model_file(const std::string& path, const ModelData& model);
void write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes);

uint64_t fnv1a64(const uint8_t* data, size_t size, uint64_t basis = kFnv1aBasis);
// The checksum a model file of `size` bytes must end with: over all bytes but
// the last 8, from the basis of the format version at byte 8.
uint64_t model_checksum(const uint8_t* file, size_t size);

}  // namespace cmdseq
