#include <doctest/doctest.h>

#include <cmath>

#include "engine.h"
#include "helpers.h"
#include "kernels.h"

using namespace cmdseq;

namespace {

// Reference values printed by tests/reference/tiny_model.py (plain-Python double precision).
const float kInitialState[] = {0.5604018f, 0.5358468f};
const float kAttention1[] = {0.3434450f, 0.3276573f, 0.3288976f};
const float kLogits1[] = {0.6909913f, 0.7502872f, 0.2807067f, 0.0433770f, 0.2765118f};
const float kAttention2[] = {0.3508718f, 0.3242351f, 0.3248931f};
const float kLogits2[] = {0.6332931f, 0.5275057f, 0.2980050f, 0.2692955f, 0.3001823f};
const float kGruStep[] = {0.1997014f, 0.0885766f};

// A matrix as the engine holds it, from row-major floats (as a file would give them).
WeightMatrix matrix(int rows, int cols, const std::vector<float>& w, bool int8 = false) {
    static std::vector<uint8_t> keep;
    std::vector<uint8_t> bytes(size_t(rows) * cols * 4);
    std::memcpy(bytes.data(), w.data(), bytes.size());
    TensorView v;
    v.shape = {rows, cols};
    if (!int8) {
        keep = bytes;
        v.data = keep.data();
        return WeightMatrix(v);
    }
    static std::vector<uint8_t> q, s;
    q.assign(size_t(rows) * cols, 0);
    s.assign(size_t(rows) * 4, 0);
    for (int r = 0; r < rows; ++r) {
        float m = 0;
        for (int j = 0; j < cols; ++j) m = std::max(m, std::fabs(w[size_t(r * cols + j)]));
        float scale = m / 127;
        std::memcpy(s.data() + 4 * r, &scale, 4);
        for (int j = 0; j < cols; ++j) q[size_t(r * cols + j)] = uint8_t(int8_t(std::lround(w[size_t(r * cols + j)] / scale)));
    }
    v.int8 = true;
    v.data = q.data();
    v.scales = s.data();
    return WeightMatrix(v);
}

}  // namespace

TEST_CASE("GRU step equals hand-computed values (PyTorch gate order r, z, n with reset after W_hn h)") {
    const WeightMatrix w_ih = matrix(6, 1, {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f});
    const WeightMatrix w_hh = matrix(6, 2, {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f, -0.9f, 1.0f, 0.2f, -0.1f});
    const float b_ih[6] = {0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f};
    const float b_hh[6] = {0.1f, -0.1f, 0.2f, -0.2f, 0.3f, -0.3f};
    const float x[1] = {2.0f};
    float h[2] = {0.5f, -0.25f}, gi[6], gh[6];
    w_ih.gemv(x, gi);
    w_hh.gemv(h, gh);
    for (int i = 0; i < 6; ++i) gi[i] += b_ih[i], gh[i] += b_hh[i];
    kernels::gru_combine(gi, gh, h, h, 2);
    CHECK(h[0] == doctest::Approx(kGruStep[0]).epsilon(1e-6));
    CHECK(h[1] == doctest::Approx(kGruStep[1]).epsilon(1e-6));
}

TEST_CASE("encoder, attention and two decoder steps equal the plain-Python reference") {
    auto model = testing::load(testing::reference_tiny_model());
    Engine engine(model);
    const int src[] = {2, 3, 2};  // a b a
    engine.encode(src, 3);
    REQUIRE(engine.state_size() == 2);
    for (int i = 0; i < 2; ++i) CHECK(engine.initial_state()[i] == doctest::Approx(kInitialState[i]).epsilon(1e-5));

    float s1[2], s2[2], logits[5], att[3];
    engine.step(2, engine.initial_state(), s1, logits, att);  // <s>
    for (int t = 0; t < 3; ++t) CHECK(att[t] == doctest::Approx(kAttention1[t]).epsilon(1e-5));
    for (int v = 0; v < 5; ++v) CHECK(logits[v] == doctest::Approx(kLogits1[v]).epsilon(1e-5));
    CHECK(att[0] + att[1] + att[2] == doctest::Approx(1.0f));

    engine.step(4, s1, s2, logits, att);  // "x"
    for (int t = 0; t < 3; ++t) CHECK(att[t] == doctest::Approx(kAttention2[t]).epsilon(1e-5));
    for (int v = 0; v < 5; ++v) CHECK(logits[v] == doctest::Approx(kLogits2[v]).epsilon(1e-5));

    // the same numbers through the decoder's teacher-forcing path
    Translator tr(model);
    auto all = tr.forced_logits({2, 3, 2}, {4});
    REQUIRE(all.size() == 2);
    for (int v = 0; v < 5; ++v) CHECK(all[1][v] == doctest::Approx(kLogits2[v]).epsilon(1e-5));
}

TEST_CASE("softmax, log-sum-exp and argmax kernels") {
    float x[4] = {1.0f, 2.0f, -std::numeric_limits<float>::infinity(), 2.0f};
    CHECK(kernels::argmax(x, 4) == 1);  // ties go to the lowest index
    CHECK(kernels::log_sum_exp(x, 4) == doctest::Approx(std::log(std::exp(1.0) + 2 * std::exp(2.0))));
    kernels::softmax(x, 4);
    CHECK(x[2] == 0.0f);
    CHECK(x[0] == doctest::Approx(std::exp(1.0) / (std::exp(1.0) + 2 * std::exp(2.0))));
    CHECK(x[0] + x[1] + x[3] == doctest::Approx(1.0f));
}

TEST_CASE("int8 matrix-vector product stays within the quantisation error of fp32") {
    Rng rng(5);
    const int rows = 37, cols = 53;  // not multiples of 4: the kernel's tail rows run too
    std::vector<float> w(size_t(rows) * cols), x(cols);
    for (auto& v : w) v = rng.uniform() * 2 - 1;
    for (auto& v : x) v = rng.uniform() * 2 - 1;
    std::vector<float> y32(rows), y8(rows);
    matrix(rows, cols, w).gemv(x.data(), y32.data());
    matrix(rows, cols, w, true).gemv(x.data(), y8.data());
    float x_max = 0;
    for (float v : x) x_max = std::max(x_max, std::fabs(v));
    const double sx = x_max / 127.0;  // activations are quantised too, per call
    for (int r = 0; r < rows; ++r) {
        double exact = 0, w_max = 0;
        for (int j = 0; j < cols; ++j) {
            exact += double(w[size_t(r * cols + j)]) * x[size_t(j)];
            w_max = std::max(w_max, double(std::fabs(w[size_t(r * cols + j)])));
        }
        const double sw = w_max / 127.0;
        // each weight is off by at most sw/2 and each activation by at most sx/2
        double bound = 1e-5;
        for (int j = 0; j < cols; ++j) bound += std::fabs(x[size_t(j)]) * sw / 2 + std::fabs(w[size_t(r * cols + j)]) * sx / 2 + sw * sx / 4;
        CHECK(y32[size_t(r)] == doctest::Approx(exact).epsilon(1e-5));
        CHECK(std::fabs(y8[size_t(r)] - exact) <= bound);
        CHECK(std::fabs(y8[size_t(r)] - exact) > 0);  // it really went through int8
    }
}

TEST_CASE("encoder: bidirectional and stacked models run, and refuse empty or overlong input") {
    FixtureOptions f;
    f.bidirectional = true;
    f.layers = 2;
    auto model = testing::fixture(f);
    Engine engine(model);
    const int src[] = {2, 3, 4, 5};
    engine.encode(src, 4);
    std::vector<float> s(size_t(engine.state_size())), logits(size_t(model->config().target_vocab_size)), att(4);
    engine.step(model->target_vocab().bos_id(), engine.initial_state(), s.data(), logits.data(), att.data());
    float sum = 0;
    for (float a : att) sum += a;
    CHECK(sum == doctest::Approx(1.0f));
    CHECK_THROWS_WITH_AS(engine.encode(src, 0), "the encoder takes 1 to 128 tokens, got 0", InputError);
    std::vector<int> many(200, 2);
    CHECK_THROWS_AS(engine.encode(many.data(), 200), InputError);
}
