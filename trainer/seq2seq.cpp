#include "seq2seq.h"

#include <cstring>

#include "errors.h"

namespace cmdseq::train {

namespace F = torch::nn::functional;

Seq2SeqImpl::Seq2SeqImpl(const ModelConfig& c, double dropout) : config_(c), dropout_(dropout) {
    const int64_t E = c.embedding_dim, H = c.hidden_dim, C = c.context_dim(), A = c.attention_dim;
    src_embedding_ = register_module("src_embedding", torch::nn::Embedding(c.source_vocab_size, E));
    tgt_embedding_ = register_module("tgt_embedding", torch::nn::Embedding(c.target_vocab_size, E));
    encoder_ = register_module("encoder", torch::nn::GRU(torch::nn::GRUOptions(E, H)
                                                             .num_layers(c.encoder_layers)
                                                             .bidirectional(c.bidirectional)
                                                             .batch_first(true)
                                                             .dropout(c.encoder_layers > 1 ? dropout : 0.0)));
    bridge_ = register_module("bridge", torch::nn::Linear(C, H));
    key_ = register_module("key", torch::nn::Linear(torch::nn::LinearOptions(C, A).bias(false)));
    query_ = register_module("query", torch::nn::Linear(H, A));
    v_ = register_parameter("v", torch::empty({A}).uniform_(-1.0 / std::sqrt(double(A)), 1.0 / std::sqrt(double(A))));
    for (int l = 0; l < c.decoder_layers; ++l)
        decoder_.push_back(register_module("decoder" + std::to_string(l), torch::nn::GRUCell(l == 0 ? E + C : H, H)));
    out_ = register_module("out", torch::nn::Linear(H + C, c.target_vocab_size));
}

Encoded Seq2SeqImpl::encode(const torch::Tensor& source, const torch::Tensor& lengths) {
    const int64_t B = source.size(0), S = source.size(1), H = config_.hidden_dim;
    Encoded e;
    e.mask = source.ne(0);
    auto x = F::dropout(src_embedding_(source), F::DropoutFuncOptions().p(dropout_).training(is_training()));
    auto packed = torch::nn::utils::rnn::pack_padded_sequence(x, lengths, /*batch_first=*/true, /*enforce_sorted=*/false);
    auto [out_packed, h_n] = encoder_->forward_with_packed_input(packed);
    e.outputs = std::get<0>(torch::nn::utils::rnn::pad_packed_sequence(out_packed, /*batch_first=*/true, 0.0, S));
    // the last layer's final states: forward, then backward when bidirectional
    const int64_t D = config_.directions();
    auto finals = h_n.slice(0, h_n.size(0) - D).transpose(0, 1).reshape({B, D * H});
    auto s0 = torch::tanh(bridge_(finals));
    e.state = s0.unsqueeze(0).expand({config_.decoder_layers, B, H}).contiguous();
    e.keys = key_(e.outputs);
    return e;
}

StepOut Seq2SeqImpl::step(const Encoded& e, const torch::Tensor& prev, const torch::Tensor& state) {
    const int L = config_.decoder_layers;
    auto top = state[L - 1];
    auto energy = torch::matmul(torch::tanh(e.keys + query_(top).unsqueeze(1)), v_);  // [B, S]
    energy = energy.masked_fill(e.mask.logical_not(), -std::numeric_limits<float>::infinity());
    auto attention = torch::softmax(energy, 1);
    auto context = torch::bmm(attention.unsqueeze(1), e.outputs).squeeze(1);  // [B, C]
    auto emb = F::dropout(tgt_embedding_(prev), F::DropoutFuncOptions().p(dropout_).training(is_training()));
    auto x = torch::cat({emb, context}, 1);
    std::vector<torch::Tensor> next;
    for (int l = 0; l < L; ++l) {
        auto h = decoder_[l](x, state[l]);
        next.push_back(h);
        x = l + 1 < L ? F::dropout(h, F::DropoutFuncOptions().p(dropout_).training(is_training())) : h;
    }
    auto h_top = F::dropout(next.back(), F::DropoutFuncOptions().p(dropout_).training(is_training()));
    StepOut o;
    o.logits = out_(torch::cat({h_top, context}, 1));
    o.attention = attention;
    o.state = torch::stack(next);
    return o;
}

std::pair<torch::Tensor, torch::Tensor> Seq2SeqImpl::forward(const torch::Tensor& source, const torch::Tensor& lengths,
                                                             const torch::Tensor& target_in, double teacher_forcing) {
    Encoded e = encode(source, lengths);
    const int64_t T = target_in.size(1);
    std::vector<torch::Tensor> logits, attention;
    auto state = e.state;
    auto prev = target_in.select(1, 0);
    for (int64_t t = 0; t < T; ++t) {
        StepOut o = step(e, prev, state);
        logits.push_back(o.logits);
        attention.push_back(o.attention);
        state = o.state;
        if (t + 1 < T) {
            const bool forced = teacher_forcing >= 1.0 || torch::rand({1}).item<double>() < teacher_forcing;
            prev = forced ? target_in.select(1, t + 1) : o.logits.argmax(1).detach();
        }
    }
    return {torch::stack(logits, 1), torch::stack(attention, 1)};
}

std::vector<std::pair<std::string, torch::Tensor>> Seq2SeqImpl::named_for_core() {
    std::vector<std::pair<std::string, torch::Tensor>> t;
    t.push_back({"encoder.embedding", src_embedding_->weight});
    for (auto& p : encoder_->named_parameters())  // weight_ih_l0, weight_ih_l0_reverse, ...
        t.push_back({"encoder.gru." + p.key(), p.value()});
    t.push_back({"bridge.weight", bridge_->weight});
    t.push_back({"bridge.bias", bridge_->bias});
    t.push_back({"attention.key.weight", key_->weight});
    t.push_back({"attention.query.weight", query_->weight});
    t.push_back({"attention.query.bias", query_->bias});
    t.push_back({"attention.v", v_});
    t.push_back({"decoder.embedding", tgt_embedding_->weight});
    for (size_t l = 0; l < decoder_.size(); ++l) {
        std::string sfx = "_l" + std::to_string(l);
        t.push_back({"decoder.gru.weight_ih" + sfx, decoder_[l]->weight_ih});
        t.push_back({"decoder.gru.weight_hh" + sfx, decoder_[l]->weight_hh});
        t.push_back({"decoder.gru.bias_ih" + sfx, decoder_[l]->bias_ih});
        t.push_back({"decoder.gru.bias_hh" + sfx, decoder_[l]->bias_hh});
    }
    t.push_back({"decoder.out.weight", out_->weight});
    t.push_back({"decoder.out.bias", out_->bias});
    return t;
}

std::map<std::string, FloatTensor> Seq2SeqImpl::export_tensors() {
    std::map<std::string, FloatTensor> out;
    for (auto& [name, p] : named_for_core()) {
        auto c = p.detach().to(torch::kFloat32).contiguous();
        FloatTensor f;
        f.shape.assign(c.sizes().begin(), c.sizes().end());
        f.data.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
        out[name] = std::move(f);
    }
    return out;
}

void Seq2SeqImpl::import_tensors(const std::map<std::string, FloatTensor>& tensors) {
    torch::NoGradGuard no_grad;
    for (auto& [name, p] : named_for_core()) {
        auto it = tensors.find(name);
        if (it == tensors.end()) throw ModelFormatError("the model has no tensor " + name);
        std::vector<int64_t> want(p.sizes().begin(), p.sizes().end());
        if (it->second.shape != want) throw ModelFormatError("tensor " + name + " has the wrong shape");
        p.copy_(torch::from_blob(const_cast<float*>(it->second.data.data()), want, torch::kFloat32));
    }
}

}  // namespace cmdseq::train
