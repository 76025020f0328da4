#include "model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__AVX512VNNI__) && defined(__AVX512F__)
#include <immintrin.h>
#endif
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

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

#if defined(__AVX512VNNI__) && defined(__AVX512F__)
// With AVX-512 VNNI, int8 weights are stored in blocks of 16 rows x 4 columns
// (64 bytes, row-interleaved), so that one vpdpbusd multiplies 4 activations
// into 16 rows at once and no horizontal sum is needed. Rows pad to 16 and
// columns to 4 with zero weights.
constexpr bool kPackedInt8 = true;
#else
constexpr bool kPackedInt8 = false;
#endif

static size_t int8_index(int r, int c, int cols) {
    if (!kPackedInt8) return size_t(r) * size_t(cols) + size_t(c);
    const size_t c4 = size_t(cols + 3) / 4;
    return ((size_t(r / 16) * c4 + size_t(c / 4)) * 16 + size_t(r % 16)) * 4 + size_t(c % 4);
}

WeightMatrix::WeightMatrix(const TensorView& v) : rows_(int(v.shape[0])), cols_(int(v.shape[1])), int8_(v.int8) {
    const size_t n = size_t(rows_) * size_t(cols_);
    if (int8_) {
        q_.assign(kPackedInt8 ? size_t((rows_ + 15) / 16) * 16 * size_t((cols_ + 3) / 4) * 4 : n, 0);
        scale_.resize(rows_);
        row_sum_.assign(rows_, 0);
        for (int r = 0; r < rows_; ++r) {
            scale_[r] = f32_at(v.scales + 4 * r);
            for (int j = 0; j < cols_; ++j) {
                const int8_t w = int8_t(v.data[size_t(r) * cols_ + j]);
                q_[int8_index(r, j, cols_)] = w;
                row_sum_[r] += w;
            }
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
    const size_t padded = size_t(cols + 3) / 4 * 4;
    if (xu.size() < padded) xu.assign(padded, 0);  // padding columns meet zero weights
    float amax = 0;
    int j0 = 0;
#if defined(__AVX512VNNI__) && defined(__AVX512F__)
    __m512 vmax = _mm512_setzero_ps();
    for (; j0 + 16 <= cols; j0 += 16) vmax = _mm512_max_ps(vmax, _mm512_abs_ps(_mm512_loadu_ps(x + j0)));
    amax = _mm512_reduce_max_ps(vmax);
#endif
    for (int j = j0; j < cols; ++j) amax = std::max(amax, std::fabs(x[j]));
    if (amax == 0) {
        std::fill(y, y + rows, 0.0f);
        return;
    }
    const float sx = amax / 127.0f, inv = 127.0f / amax;
    j0 = 0;
#if defined(__AVX512VNNI__) && defined(__AVX512F__)
    // the same rounding as lrintf (to nearest even, the default mode)
    for (; j0 + 16 <= cols; j0 += 16) {
        __m512i v = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + j0), _mm512_set1_ps(inv))), _mm512_set1_epi32(128));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(xu.data() + j0), _mm512_cvtepi32_epi8(v));
    }
#endif
    for (int j = j0; j < cols; ++j) xu[size_t(j)] = uint8_t(int(std::lrintf(x[j] * inv)) + 128);
    const uint8_t* u = xu.data();
#if defined(__AVX512VNNI__) && defined(__AVX512F__)
    const int c4 = (cols + 3) / 4;
    for (int r0 = 0; r0 < rows; r0 += 16) {
        const int8_t* w = q + size_t(r0 / 16) * size_t(c4) * 64;
        __m512i acc0 = _mm512_setzero_si512(), acc1 = _mm512_setzero_si512();  // two chains hide the latency
        int j = 0;
        for (; j + 2 <= c4; j += 2) {
            int32_t x0, x1;
            std::memcpy(&x0, u + 4 * j, 4);
            std::memcpy(&x1, u + 4 * j + 4, 4);
            acc0 = _mm512_dpbusd_epi32(acc0, _mm512_set1_epi32(x0), _mm512_loadu_si512(w + size_t(j) * 64));
            acc1 = _mm512_dpbusd_epi32(acc1, _mm512_set1_epi32(x1), _mm512_loadu_si512(w + size_t(j + 1) * 64));
        }
        if (j < c4) {
            int32_t x0;
            std::memcpy(&x0, u + 4 * j, 4);
            acc0 = _mm512_dpbusd_epi32(acc0, _mm512_set1_epi32(x0), _mm512_loadu_si512(w + size_t(j) * 64));
        }
        // y = float(acc - 128 * row_sum) * sx * scale, in that order, as the portable path
        const __mmask16 m = rows - r0 >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (rows - r0)) - 1);
        const __m512i rs = _mm512_maskz_loadu_epi32(m, row_sum + r0);
        const __m512i a = _mm512_sub_epi32(_mm512_add_epi32(acc0, acc1), _mm512_slli_epi32(rs, 7));
        const __m512 out = _mm512_mul_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(a), _mm512_set1_ps(sx)), _mm512_maskz_loadu_ps(m, scale + r0));
        _mm512_mask_storeu_ps(y + r0, m, out);
    }
    return;
#endif
    int r = 0;
#if defined(__wasm_simd128__)
    // 128-bit WebAssembly: both sides widened to 16 bits, i32x4.dot_i16x8
    // multiplies and adds pairs, 16 columns per step (eight rows sharing x
    // were measured slower: their accumulators spill). Integer sums, so the
    // result equals the portable loop's exactly.
    auto dot16 = [](v128_t acc, v128_t xl, v128_t xh, const int8_t* w) {
        const v128_t wv = wasm_v128_load(w);
        acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(xl, wasm_i16x8_extend_low_i8x16(wv)));
        return wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(xh, wasm_i16x8_extend_high_i8x16(wv)));
    };
    auto lanes = [](v128_t a) {
        return wasm_i32x4_extract_lane(a, 0) + wasm_i32x4_extract_lane(a, 1) + wasm_i32x4_extract_lane(a, 2) + wasm_i32x4_extract_lane(a, 3);
    };
#endif
    for (; r + 4 <= rows; r += 4) {
        const int8_t* q0 = q + size_t(r) * cols;
        const int8_t* q1 = q0 + cols;
        const int8_t* q2 = q1 + cols;
        const int8_t* q3 = q2 + cols;
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int j = 0;
#if defined(__wasm_simd128__)
        v128_t v0 = wasm_i32x4_splat(0), v1 = v0, v2 = v0, v3 = v0;
        for (; j + 16 <= cols; j += 16) {
            const v128_t xv = wasm_v128_load(u + j);
            const v128_t xl = wasm_u16x8_extend_low_u8x16(xv), xh = wasm_u16x8_extend_high_u8x16(xv);
            v0 = dot16(v0, xl, xh, q0 + j);
            v1 = dot16(v1, xl, xh, q1 + j);
            v2 = dot16(v2, xl, xh, q2 + j);
            v3 = dot16(v3, xl, xh, q3 + j);
        }
        a0 = lanes(v0), a1 = lanes(v1), a2 = lanes(v2), a3 = lanes(v3);
#endif
        for (; j < cols; ++j) {
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

#if defined(__wasm_simd128__)
// Row-major fp32 weights times x in 128-bit WebAssembly: Eigen has no
// WebAssembly SIMD code, and its scalar loops made fp32 2.5x slower than int8
// in the browser. Four rows share each load of x; each row sums in four lanes.
static void gemv_f32_wasm(const float* w, int rows, int cols, const float* x, float* y) {
    const int c4 = cols / 4 * 4;
    auto lanes = [](v128_t a) {
        return (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) + (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
    };
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
        const float* w0 = w + size_t(r) * cols;
        const float* w1 = w0 + cols;
        const float* w2 = w1 + cols;
        const float* w3 = w2 + cols;
        v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
        for (int j = 0; j < c4; j += 4) {
            const v128_t xv = wasm_v128_load(x + j);
            a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(w0 + j), xv));
            a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_v128_load(w1 + j), xv));
            a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wasm_v128_load(w2 + j), xv));
            a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wasm_v128_load(w3 + j), xv));
        }
        float s0 = lanes(a0), s1 = lanes(a1), s2 = lanes(a2), s3 = lanes(a3);
        for (int j = c4; j < cols; ++j) {
            s0 += w0[j] * x[j];
            s1 += w1[j] * x[j];
            s2 += w2[j] * x[j];
            s3 += w3[j] * x[j];
        }
        y[r] = s0, y[r + 1] = s1, y[r + 2] = s2, y[r + 3] = s3;
    }
    for (; r < rows; ++r) {
        const float* wr = w + size_t(r) * cols;
        v128_t a = wasm_f32x4_splat(0);
        for (int j = 0; j < c4; j += 4) a = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_v128_load(wr + j), wasm_v128_load(x + j)));
        float sum = lanes(a);
        for (int j = c4; j < cols; ++j) sum += wr[j] * x[j];
        y[r] = sum;
    }
}
#endif

void WeightMatrix::gemv(const float* x, float* y) const {
    if (int8_) {
        gemv_int8(q_.data(), scale_.data(), row_sum_.data(), rows_, cols_, x, y);
        return;
    }
#if defined(__wasm_simd128__)
    gemv_f32_wasm(f32_.data(), rows_, cols_, x, y);
#else
    Eigen::Map<Eigen::VectorXf>(y, rows_).noalias() = f32_ * Eigen::Map<const Eigen::VectorXf>(x, cols_);
#endif
}

void WeightMatrix::gemm(const float* x, int n, float* y) const {
    if (int8_) {
        for (int i = 0; i < n; ++i) gemv_int8(q_.data(), scale_.data(), row_sum_.data(), rows_, cols_, x + size_t(i) * cols_, y + size_t(i) * rows_);
        return;
    }
#if defined(__wasm_simd128__)
    for (int i = 0; i < n; ++i) gemv_f32_wasm(f32_.data(), rows_, cols_, x + size_t(i) * cols_, y + size_t(i) * rows_);
#else
    Eigen::Map<Eigen::MatrixXf>(y, rows_, n).noalias() = f32_ * Eigen::Map<const Eigen::MatrixXf>(x, cols_, n);
#endif
}

void WeightMatrix::row(int r, float* out) const {
    if (int8_) {
        for (int j = 0; j < cols_; ++j) out[j] = float(q_[int8_index(r, j, cols_)]) * scale_[r];
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
    if (!p.word_map.empty()) m->source_vocab_.set_word_map({p.word_map.begin(), p.word_map.end()});
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
