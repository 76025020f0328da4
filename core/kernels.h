// Stateless kernels over raw pointers and sizes: the arithmetic of one GRU
// step, attention and softmax. The layers in engine.cpp hold the weights.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>

namespace cmdseq {
namespace kernels {

// Combines the two halves of a GRU step, PyTorch's equations (ONNX
// linear_before_reset=1), with gates stacked r, z, n:
//   gi = W_ih x + b_ih,  gh = W_hh h + b_hh              (both 3H, computed by the caller)
//   r  = sigmoid(gi_r + gh_r)
//   z  = sigmoid(gi_z + gh_z)
//   n  = tanh(gi_n + r * gh_n)                         (reset applied after W_hn h + b_hn)
//   h' = (1 - z) * n + z * h
// Runs in fixed blocks of 16 so that Eigen's vectorised tanh and logistic
// apply (a quarter of a decoder step's time with scalar std::tanh); the tail
// goes through the same block code, zero-padded. h_out may alias h.
inline void gru_combine(const float* gi, const float* gh, const float* h, float* h_out, int hidden) {
    using Block = Eigen::Array<float, 16, 1>;
    auto combine = [](const Block& ir, const Block& hr, const Block& iz, const Block& hz, const Block& in, const Block& hn,
                      const Block& hp) -> Block {
        const Block r = (ir + hr).logistic();
        const Block z = (iz + hz).logistic();
        const Block n = (in + r * hn).tanh();
        return (1.0f - z) * n + z * hp;
    };
    int j = 0;
    for (; j + 16 <= hidden; j += 16) {
        using In = Eigen::Map<const Block>;
        Eigen::Map<Block>(h_out + j) = combine(In(gi + j), In(gh + j), In(gi + hidden + j), In(gh + hidden + j), In(gi + 2 * hidden + j),
                                                In(gh + 2 * hidden + j), In(h + j));
    }
    if (j < hidden) {
        const int n = hidden - j;
        Block b[7];
        for (auto& x : b) x.setZero();
        const float* src[7] = {gi + j, gh + j, gi + hidden + j, gh + hidden + j, gi + 2 * hidden + j, gh + 2 * hidden + j, h + j};
        for (int k = 0; k < 7; ++k) std::copy(src[k], src[k] + n, b[k].data());
        const Block out = combine(b[0], b[1], b[2], b[3], b[4], b[5], b[6]);
        std::copy(out.data(), out.data() + n, h_out + j);
    }
}

// In place: x <- softmax(x). Entries at -infinity get probability 0.
inline void softmax(float* x, int n) {
    float m = -std::numeric_limits<float>::infinity();
    for (int i = 0; i < n; ++i) m = std::max(m, x[i]);
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        x[i] = std::exp(x[i] - m);
        sum += x[i];
    }
    const float inv = float(1.0 / sum);
    for (int i = 0; i < n; ++i) x[i] *= inv;
}

// log(sum(exp(x)))
inline float log_sum_exp(const float* x, int n) {
    float m = -std::numeric_limits<float>::infinity();
    for (int i = 0; i < n; ++i) m = std::max(m, x[i]);
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += std::exp(double(x[i] - m));
    return m + float(std::log(sum));
}

// First index of the largest value (ties go to the lowest index).
inline int argmax(const float* x, int n) {
    int best = 0;
    for (int i = 1; i < n; ++i)
        if (x[i] > x[best]) best = i;
    return best;
}

}  // namespace kernels
}  // namespace cmdseq
