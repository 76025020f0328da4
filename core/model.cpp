#include "model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "errors.h"

namespace cmdseq {

namespace {

float f32_at(const uint8_t* p) {
    uint32_t bits = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

Eigen::VectorXf vector_from(const TensorView& v) {
    Eigen::VectorXf out(v.shape[0]);
    for (int64_t i = 0; i < v.shape[0]; ++i) out[i] = f32_at(v.data + 4 * i);
    return out;
}

}  // namespace

// ============================================================ weights

WeightMatrix::WeightMatrix(const TensorView& v) : rows_(int(v.shape[0])), cols_(int(v.shape[1])), int8_(v.int8) {
    const size_t n = size_t(rows_) * size_t(cols_);
    if (int8_) {
        q_.resize(n);
        std::memcpy(q_.data(), v.data, n);
        scale_.resize(rows_);
        row_sum_.assign(rows_, 0);
        for (int r = 0; r < rows_; ++r) {
            scale_[r] = f32_at(v.scales + 4 * r);
            for (int j = 0; j < cols_; ++j) row_sum_[r] += q_[size_t(r) * cols_ + j];
        }
    } else {
        f32_.resize(rows_, cols_);
        for (size_t i = 0; i < n; ++i) f32_.data()[i] = f32_at(v.data + 4 * i);
    }
}

// int8 weights times an fp32 vector. x is quantised on the fly to unsigned
// 8 bits, x_j ~ sx * (xu_j - 128), so that each row is an integer dot product:
//   y_r = scale_r * sx * (sum_j xu_j q_rj - 128 sum_j q_rj)
// with sum_j q_rj precomputed at load. Compilers turn the u8 x s8 sums into
// VNNI (vpdpbusd), ARM dot-product or widening multiplies; four rows share
// each load of xu.
static void gemv_int8(const int8_t* q, const float* scale, const int32_t* row_sum, int rows, int cols, const float* x, float* y) {
    thread_local std::vector<uint8_t> xu;  // grows once per thread, never per call
    if (xu.size() < size_t(cols)) xu.resize(size_t(cols));
    float amax = 0;
    for (int j = 0; j < cols; ++j) amax = std::max(amax, std::fabs(x[j]));
    if (amax == 0) {
        std::fill(y, y + rows, 0.0f);
        return;
    }
    const float sx = amax / 127.0f, inv = 127.0f / amax;
    for (int j = 0; j < cols; ++j) xu[size_t(j)] = uint8_t(int(std::lrintf(x[j] * inv)) + 128);
    const uint8_t* u = xu.data();
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
        const int8_t* q0 = q + size_t(r) * cols;
        const int8_t* q1 = q0 + cols;
        const int8_t* q2 = q1 + cols;
        const int8_t* q3 = q2 + cols;
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int j = 0; j < cols; ++j) {
            const int32_t xj = u[j];
            a0 += xj * q0[j];
            a1 += xj * q1[j];
            a2 += xj * q2[j];
            a3 += xj * q3[j];
        }
        y[r] = float(a0 - 128 * row_sum[r]) * sx * scale[r];
        y[r + 1] = float(a1 - 128 * row_sum[r + 1]) * sx * scale[r + 1];
        y[r + 2] = float(a2 - 128 * row_sum[r + 2]) * sx * scale[r + 2];
        y[r + 3] = float(a3 - 128 * row_sum[r + 3]) * sx * scale[r + 3];
    }
    for (; r < rows; ++r) {
        const int8_t* qr = q + size_t(r) * cols;
        int32_t a = 0;
        for (int j = 0; j < cols; ++j) a += int32_t(u[j]) * qr[j];
        y[r] = float(a - 128 * row_sum[r]) * sx * scale[r];
    }
}

void WeightMatrix::gemv(const float* x, float* y) const {
    if (int8_) {
        gemv_int8(q_.data(), scale_.data(), row_sum_.data(), rows_, cols_, x, y);
        return;
    }
    Eigen::Map<Eigen::VectorXf>(y, rows_).noalias() = f32_ * Eigen::Map<const Eigen::VectorXf>(x, cols_);
}

void WeightMatrix::gemm(const float* x, int n, float* y) const {
    if (int8_) {
        for (int i = 0; i < n; ++i) gemv_int8(q_.data(), scale_.data(), row_sum_.data(), rows_, cols_, x + size_t(i) * cols_, y + size_t(i) * rows_);
        return;
    }
    Eigen::Map<Eigen::MatrixXf>(y, rows_, n).noalias() = f32_ * Eigen::Map<const Eigen::MatrixXf>(x, cols_, n);
}

void WeightMatrix::row(int r, float* out) const {
    if (int8_) {
        const int8_t* qr = q_.data() + size_t(r) * cols_;
        for (int j = 0; j < cols_; ++j) out[j] = float(qr[j]) * scale_[r];
    } else {
        std::memcpy(out, f32_.data() + size_t(r) * cols_, size_t(cols_) * 4);
    }
}

// ============================================================ model

std::shared_ptr<const Model> Model::load_file(const std::string& path) {
    std::vector<uint8_t> bytes = read_file_bytes(path);
    return load_buffer(bytes.data(), bytes.size(), path);
}

std::shared_ptr<const Model> Model::load_buffer(const uint8_t* data, size_t size, const std::string& origin) {
    ParsedModel p = parse_model(data, size, origin);
    std::shared_ptr<Model> m(new Model());
    m->config_ = p.config;
    m->source_vocab_ = Vocabulary(Vocabulary::Kind::Source, std::move(p.source_vocab));
    m->target_vocab_ = Vocabulary(Vocabulary::Kind::Target, std::move(p.target_vocab));
    m->metadata_json_ = p.metadata_json;
    m->checksum_ = p.checksum;
    m->file_bytes_ = p.file_bytes;
    m->format_version_ = p.version;

    auto& t = p.tensors;
    auto gru = [&](const std::string& prefix, const std::string& sfx) {
        return GruWeights{WeightMatrix(t.at(prefix + "weight_ih" + sfx)), WeightMatrix(t.at(prefix + "weight_hh" + sfx)),
                          vector_from(t.at(prefix + "bias_ih" + sfx)), vector_from(t.at(prefix + "bias_hh" + sfx))};
    };
    const ModelConfig& c = p.config;
    m->src_embedding = WeightMatrix(t.at("encoder.embedding"));
    for (int l = 0; l < c.encoder_layers; ++l) {
        std::vector<GruWeights> dirs;
        for (int d = 0; d < c.directions(); ++d)
            dirs.push_back(gru("encoder.gru.", "_l" + std::to_string(l) + (d ? "_reverse" : "")));
        m->encoder.push_back(std::move(dirs));
    }
    m->bridge_w = WeightMatrix(t.at("bridge.weight"));
    m->bridge_b = vector_from(t.at("bridge.bias"));
    m->att_key = WeightMatrix(t.at("attention.key.weight"));
    m->att_query = WeightMatrix(t.at("attention.query.weight"));
    m->att_query_b = vector_from(t.at("attention.query.bias"));
    m->att_v = vector_from(t.at("attention.v"));
    m->tgt_embedding = WeightMatrix(t.at("decoder.embedding"));
    for (int l = 0; l < c.decoder_layers; ++l) m->decoder.push_back(gru("decoder.gru.", "_l" + std::to_string(l)));
    m->out_w = WeightMatrix(t.at("decoder.out.weight"));
    m->out_b = vector_from(t.at("decoder.out.bias"));
    return m;
}

int64_t Model::parameter_count() const { return cmdseq::parameter_count(config_); }

size_t Model::weight_bytes() const {
    size_t n = src_embedding.bytes() + tgt_embedding.bytes() + bridge_w.bytes() + att_key.bytes() + att_query.bytes() + out_w.bytes();
    auto gru_bytes = [](const GruWeights& g) { return g.w_ih.bytes() + g.w_hh.bytes() + size_t(g.b_ih.size() + g.b_hh.size()) * 4; };
    for (auto& layer : encoder)
        for (auto& g : layer) n += gru_bytes(g);
    for (auto& g : decoder) n += gru_bytes(g);
    return n + size_t(bridge_b.size() + att_query_b.size() + att_v.size() + out_b.size()) * 4;
}

}  // namespace cmdseq
