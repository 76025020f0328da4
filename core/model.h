// A loaded model: config, vocabularies and weights, immutable once built.
// One Model may serve many Translators (threads) at once.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model_file.h"
#include "vocab.h"

namespace cmdseq {

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A weight matrix (rows x cols) as stored: fp32, or int8 with one scale per
// row. int8 weights stay int8 in memory; the kernels apply the scales.
class WeightMatrix {
public:
    WeightMatrix() = default;
    explicit WeightMatrix(const TensorView& view);

    int rows() const { return rows_; }
    int cols() const { return cols_; }
    bool is_int8() const { return int8_; }
    size_t bytes() const { return int8_ ? q_.size() + scale_.size() * 4 + row_sum_.size() * 4 : size_t(f32_.size()) * 4; }

    // y = W x          x: (cols), y: (rows)
    void gemv(const float* x, float* y) const;
    // Y = W X          X: (cols, n) column-major, Y: (rows, n) column-major
    void gemm(const float* x, int n, float* y) const;
    // One row as fp32 (an embedding lookup).
    void row(int r, float* out) const;

private:
    int rows_ = 0, cols_ = 0;
    bool int8_ = false;
    RowMajorMatrix f32_;
    std::vector<int8_t> q_;
    std::vector<float> scale_;
    std::vector<int32_t> row_sum_;  // sum of each int8 row, for the unsigned-activation trick
};

// One GRU layer in one direction, PyTorch's layout: gates stacked r, z, n.
struct GruWeights {
    WeightMatrix w_ih;     // (3*hidden, input)
    WeightMatrix w_hh;     // (3*hidden, hidden)
    Eigen::VectorXf b_ih;  // (3*hidden)
    Eigen::VectorXf b_hh;  // (3*hidden)
};

class Model {
public:
    // Both read through parse_model on a byte buffer: the embedded default,
    // the browser and a file on disk take one path.
    static std::shared_ptr<const Model> load_file(const std::string& path);
    static std::shared_ptr<const Model> load_buffer(const uint8_t* data, size_t size, const std::string& origin);

    const ModelConfig& config() const { return config_; }
    const Vocabulary& source_vocab() const { return source_vocab_; }
    const Vocabulary& target_vocab() const { return target_vocab_; }
    const std::string& metadata_json() const { return metadata_json_; }
    uint64_t checksum() const { return checksum_; }
    uint64_t file_bytes() const { return file_bytes_; }
    uint32_t format_version() const { return format_version_; }
    int64_t parameter_count() const;
    size_t weight_bytes() const;  // in memory

    // Weights, named as in the file.
    WeightMatrix src_embedding;                   // (src_vocab, emb)
    std::vector<std::vector<GruWeights>> encoder;  // [layer][direction]
    WeightMatrix bridge_w;                         // (hidden, context)
    Eigen::VectorXf bridge_b;                      // (hidden)
    WeightMatrix att_key;                          // (att, context)
    WeightMatrix att_query;                        // (att, hidden)
    Eigen::VectorXf att_query_b;                   // (att)
    Eigen::VectorXf att_v;                         // (att)
    WeightMatrix tgt_embedding;                    // (tgt_vocab, emb)
    std::vector<GruWeights> decoder;               // [layer]
    WeightMatrix out_w;                            // (tgt_vocab, hidden + context)
    Eigen::VectorXf out_b;                         // (tgt_vocab)

private:
    Model() = default;
    ModelConfig config_;
    Vocabulary source_vocab_, target_vocab_;
    std::string metadata_json_;
    uint64_t checksum_ = 0, file_bytes_ = 0;
    uint32_t format_version_ = 0;
};

}  // namespace cmdseq
