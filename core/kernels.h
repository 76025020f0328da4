// Stateless kernels over raw pointers and sizes: the arithmetic of one GRU
// step, attention and softmax. The layers in engine.cpp hold the weights.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace cmdseq {
namespace kernels {

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// Combines the two halves of a GRU step, PyTorch's equations (ONNX
// linear_before_reset=1), with gates stacked r, z, n:
//   gi = W_ih x + b_ih,  gh = W_hh h + b_hh              (both 3H, computed by the caller)
//   r  = sigmoid(gi_r + gh_r)
//   z  = sigmoid(gi_z + gh_z)
//   n  = tanh(gi_n + r * gh_n)                         (reset applied after W_hn h + b_hn)
//   h' = (1 - z) * n + z * h
// h_out may alias h.
inline void gru_combine(const float* gi, const float* gh, const float* h, float* h_out, int hidden) {
    for (int j = 0; j < hidden; ++j) {
        const float r = sigmoid(gi[j] + gh[j]);
        const float z = sigmoid(gi[hidden + j] + gh[hidden + j]);
        const float n = std::tanh(gi[2 * hidden + j] + r * gh[2 * hidden + j]);
        h_out[j] = (1.0f - z) * n + z * h[j];
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
