#include "engine.h"

#include <cstring>

#include "errors.h"
#include "kernels.h"
#include "tokenizer.h"

namespace cmdseq {

Engine::Engine(std::shared_ptr<const Model> model) : model_(std::move(model)) {
    const ModelConfig& c = model_->config();
    const int T = int(kMaxRequestTokens), H = c.hidden_dim, C = c.context_dim();
    embedded_.resize(c.embedding_dim, T);
    layer_in_.resize(C, T);
    enc_out_.resize(C, T);
    gates_in_.resize(3 * H, T);
    keys_.resize(c.attention_dim, T);
    gates_h_.resize(3 * H);
    h_.resize(H);
    finals_.resize(C);
    init_state_.resize(state_size());
    query_.resize(c.attention_dim);
    energy_.resize(T);
    dec_in_.resize(c.embedding_dim + C);
    out_in_.resize(H + C);
    gi_.resize(3 * H);
    gh_.resize(3 * H);
}

void Engine::encode(const int* ids, int n) {
    const Model& m = *model_;
    const ModelConfig& c = m.config();
    if (n < 1 || n > int(kMaxRequestTokens))
        throw InputError("the encoder takes 1 to " + std::to_string(kMaxRequestTokens) + " tokens, got " + std::to_string(n));
    const int H = c.hidden_dim, D = c.directions();
    length_ = n;
    for (int t = 0; t < n; ++t) {
        int id = ids[t];
        if (id < 0 || id >= c.source_vocab_size) id = m.source_vocab().unk_id();
        m.src_embedding.row(id, embedded_.col(t).data());
    }

    // Layers alternate between two buffers so that the last one lands in enc_out_.
    const float* input = embedded_.data();
    for (int l = 0; l < c.encoder_layers; ++l) {
        Eigen::MatrixXf& out = (c.encoder_layers - 1 - l) % 2 == 0 ? enc_out_ : layer_in_;
        for (int d = 0; d < D; ++d) {
            const GruWeights& g = m.encoder[l][d];
            // gates_in = W_ih X + b_ih for every position at once (one matrix-matrix product)
            g.w_ih.gemm(input, n, gates_in_.data());
            gates_in_.leftCols(n).colwise() += g.b_ih;
            h_.setZero();
            for (int s = 0; s < n; ++s) {
                const int t = d == 0 ? s : n - 1 - s;
                g.w_hh.gemv(h_.data(), gates_h_.data());
                gates_h_ += g.b_hh;
                kernels::gru_combine(gates_in_.col(t).data(), gates_h_.data(), h_.data(), h_.data(), H);
                out.col(t).segment(d * H, H) = h_;
            }
            finals_.segment(d * H, H) = h_;
        }
        input = out.data();
    }

    // decoder's initial state: s0 = tanh(W_bridge [final_fwd; final_bwd] + b), every layer alike
    Eigen::VectorXf& s0 = h_;
    m.bridge_w.gemv(finals_.data(), s0.data());
    s0 = (s0 + m.bridge_b).array().tanh();
    for (int l = 0; l < c.decoder_layers; ++l) init_state_.segment(l * H, H) = s0;

    // attention keys, once per request: K = W_key enc_out
    m.att_key.gemm(enc_out_.data(), n, keys_.data());
}

void Engine::step(int prev_token, const float* state_in, float* state_out, float* logits, float* attention) {
    const Model& m = *model_;
    const ModelConfig& c = m.config();
    const int H = c.hidden_dim, C = c.context_dim(), E = c.embedding_dim, n = length_;
    const float* top_in = state_in + (c.decoder_layers - 1) * H;

    // Bahdanau attention on the previous top state:
    //   e_t = v . tanh(K_t + W_q s + b_q),  a = softmax(e),  context = sum_t a_t enc_out_t
    m.att_query.gemv(top_in, query_.data());
    query_ += m.att_query_b;
    for (int t = 0; t < n; ++t) energy_[t] = m.att_v.dot((keys_.col(t) + query_).array().tanh().matrix());
    kernels::softmax(energy_.data(), n);
    if (attention) std::memcpy(attention, energy_.data(), size_t(n) * sizeof(float));
    Eigen::Map<Eigen::VectorXf> context(dec_in_.data() + E, C);
    context.noalias() = enc_out_.leftCols(n) * energy_.head(n);

    // decoder GRU: layer 0 reads [embedding(prev); context], layer l reads layer l-1's new state
    if (prev_token < 0 || prev_token >= c.target_vocab_size) prev_token = m.target_vocab().unk_id();
    m.tgt_embedding.row(prev_token, dec_in_.data());
    const float* x = dec_in_.data();
    for (int l = 0; l < c.decoder_layers; ++l) {
        const GruWeights& g = m.decoder[l];
        g.w_ih.gemv(x, gi_.data());
        gi_ += g.b_ih;
        g.w_hh.gemv(state_in + l * H, gh_.data());
        gh_ += g.b_hh;
        kernels::gru_combine(gi_.data(), gh_.data(), state_in + l * H, state_out + l * H, H);
        x = state_out + l * H;
    }

    // logits = W_out [top state; context] + b_out
    std::memcpy(out_in_.data(), state_out + (c.decoder_layers - 1) * H, size_t(H) * sizeof(float));
    std::memcpy(out_in_.data() + H, context.data(), size_t(C) * sizeof(float));
    m.out_w.gemv(out_in_.data(), logits);
    Eigen::Map<Eigen::VectorXf>(logits, c.target_vocab_size) += m.out_b;
}

}  // namespace cmdseq
