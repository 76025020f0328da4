#include "onnx_export.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cmdseq.h"
#include "commands.h"
#include "errors.h"
#include "options.h"
#include "vocab.h"

namespace cmdseq::train {

namespace {

constexpr int kOpset = 13;

class Graph {
public:
    explicit Graph(onnx::GraphProto* g) : g_(g) {}

    // initializers
    std::string floats(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& data) {
        auto* t = g_->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        for (auto d : dims) t->add_dims(d);
        t->set_raw_data(std::string(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(float)));
        return name;
    }
    std::string ints(const std::string& name, const std::vector<int64_t>& values, bool scalar = false) {
        auto* t = g_->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::INT64);
        if (!scalar) t->add_dims(int64_t(values.size()));
        t->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(int64_t)));
        return name;
    }

    // A node; returns its first output's name.
    std::string node(const std::string& op, const std::vector<std::string>& in, std::vector<std::string> out = {},
                     const std::function<void(onnx::NodeProto*)>& attrs = nullptr) {
        auto* n = g_->add_node();
        n->set_op_type(op);
        n->set_name(op + "_" + std::to_string(count_++));
        for (auto& i : in) n->add_input(i);
        if (out.empty()) out.push_back(n->name() + "_out");
        for (auto& o : out) n->add_output(o);
        if (attrs) attrs(n);
        return out[0];
    }

    void io(bool input, const std::string& name, int elem, const std::vector<std::string>& dims) {
        auto* v = input ? g_->add_input() : g_->add_output();
        v->set_name(name);
        auto* tt = v->mutable_type()->mutable_tensor_type();
        tt->set_elem_type(elem);
        for (auto& d : dims) {
            auto* dim = tt->mutable_shape()->add_dim();
            if (!d.empty() && std::isdigit(static_cast<unsigned char>(d[0]))) dim->set_dim_value(std::stoll(d));
            else dim->set_dim_param(d);
        }
    }

private:
    onnx::GraphProto* g_;
    int count_ = 0;
};

void attr_int(onnx::NodeProto* n, const std::string& name, int64_t v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
}
void attr_str(onnx::NodeProto* n, const std::string& name, const std::string& v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
}
void attr_ints(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (auto x : v) a->add_ints(x);
}

const FloatTensor& tensor(const ModelData& m, const std::string& name) {
    auto it = m.tensors.find(name);
    if (it == m.tensors.end()) throw ModelFormatError("ONNX export: the model has no tensor " + name);
    return it->second;
}

// [rows, cols] -> [cols, rows], for MatMul(x, W^T)
std::vector<float> transposed(const FloatTensor& t) {
    const int64_t r = t.shape[0], c = t.shape[1];
    std::vector<float> out(size_t(r * c));
    for (int64_t i = 0; i < r; ++i)
        for (int64_t j = 0; j < c; ++j) out[size_t(j * r + i)] = t.data[size_t(i * c + j)];
    return out;
}

// PyTorch stacks GRU gates as r, z, n; ONNX as z, r, h. The one place gates are reordered.
std::vector<float> to_onnx_gates(const std::vector<float>& w, int64_t H, int64_t cols) {
    std::vector<float> out(w.size());
    const size_t block = size_t(H * cols);
    std::memcpy(out.data(), w.data() + block, block * sizeof(float));              // z
    std::memcpy(out.data() + block, w.data(), block * sizeof(float));              // r
    std::memcpy(out.data() + 2 * block, w.data() + 2 * block, block * sizeof(float));  // n -> h
    return out;
}

// A GRU op (linear_before_reset=1: PyTorch's equations) over weight sets named
// prefix + suffix for each direction. Returns {Y, Y_h}.
std::pair<std::string, std::string> gru(Graph& g, const ModelData& m, const std::string& x, const std::string& initial_h,
                                        const std::vector<std::string>& names_ih, const std::vector<std::string>& names_hh,
                                        const std::vector<std::string>& names_bih, const std::vector<std::string>& names_bhh,
                                        int64_t H, const std::string& tag) {
    const int64_t D = int64_t(names_ih.size());
    const int64_t in = tensor(m, names_ih[0]).shape[1];
    std::vector<float> W, R, B;
    for (int64_t d = 0; d < D; ++d) {
        auto w = to_onnx_gates(tensor(m, names_ih[size_t(d)]).data, H, in);
        auto r = to_onnx_gates(tensor(m, names_hh[size_t(d)]).data, H, H);
        W.insert(W.end(), w.begin(), w.end());
        R.insert(R.end(), r.begin(), r.end());
    }
    for (int64_t d = 0; d < D; ++d) {
        auto wb = to_onnx_gates(tensor(m, names_bih[size_t(d)]).data, H, 1);
        auto rb = to_onnx_gates(tensor(m, names_bhh[size_t(d)]).data, H, 1);
        B.insert(B.end(), wb.begin(), wb.end());
        B.insert(B.end(), rb.begin(), rb.end());
    }
    std::string w = g.floats(tag + ".W", {D, 3 * H, in}, W);
    std::string r = g.floats(tag + ".R", {D, 3 * H, H}, R);
    std::string b = g.floats(tag + ".B", {D, 6 * H}, B);
    std::string y = tag + ".Y", yh = tag + ".Y_h";
    g.node("GRU", {x, w, r, b, "", initial_h}, {y, yh}, [&](onnx::NodeProto* n) {
        attr_int(n, "hidden_size", H);
        attr_int(n, "linear_before_reset", 1);
        attr_str(n, "direction", D == 2 ? "bidirectional" : "forward");
    });
    return {y, yh};
}

void save(onnx::ModelProto& model, const std::string& path) {
    onnx::checker::check_model(model);
    std::string bytes;
    if (!model.SerializeToString(&bytes)) throw IoError("cannot serialize " + path);
    write_file_atomic(path, std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

onnx::ModelProto new_model(const std::string& name) {
    onnx::ModelProto model;
    model.set_ir_version(onnx::IR_VERSION);
    model.set_producer_name("cmdseq-train");
    model.set_producer_version(CMDSEQ_VERSION);
    auto* op = model.add_opset_import();
    op->set_domain("");
    op->set_version(kOpset);
    model.mutable_graph()->set_name(name);
    return model;
}

}  // namespace

void export_onnx(const ModelData& m, const std::string& dir) {
    const ModelConfig& c = m.config;
    const int64_t H = c.hidden_dim, C = c.context_dim(), A = c.attention_dim, L = c.decoder_layers, D = c.directions();
    const int FLOAT = onnx::TensorProto::FLOAT, INT64 = onnx::TensorProto::INT64;

    // ---------------- encoder: source [B, S] -> encoder_outputs [B, S, C], attention_keys [B, S, A], decoder_state [L, B, H]
    {
        onnx::ModelProto model = new_model("cmdseq_encoder");
        Graph g(model.mutable_graph());
        g.io(true, "source", INT64, {"batch", "source_len"});
        const auto& emb = tensor(m, "encoder.embedding");
        std::string x = g.node("Gather", {g.floats("encoder.embedding", emb.shape, emb.data), "source"});
        x = g.node("Transpose", {x}, {}, [](onnx::NodeProto* n) { attr_ints(n, "perm", {1, 0, 2}); });  // [S, B, E]
        std::string last_yh;
        for (int l = 0; l < c.encoder_layers; ++l) {
            std::vector<std::string> ih, hh, bih, bhh;
            for (int d = 0; d < D; ++d) {
                std::string sfx = "_l" + std::to_string(l) + (d ? "_reverse" : "");
                ih.push_back("encoder.gru.weight_ih" + sfx);
                hh.push_back("encoder.gru.weight_hh" + sfx);
                bih.push_back("encoder.gru.bias_ih" + sfx);
                bhh.push_back("encoder.gru.bias_hh" + sfx);
            }
            auto [y, yh] = gru(g, m, x, "", ih, hh, bih, bhh, H, "encoder.gru_l" + std::to_string(l));
            // Y [S, D, B, H] -> [S, B, D*H]
            x = g.node("Transpose", {y}, {}, [](onnx::NodeProto* n) { attr_ints(n, "perm", {0, 2, 1, 3}); });
            x = g.node("Reshape", {x, g.ints("shape_sb_c_" + std::to_string(l), {0, 0, -1})});
            last_yh = yh;
        }
        std::string outputs = g.node("Transpose", {x}, {"encoder_outputs"}, [](onnx::NodeProto* n) { attr_ints(n, "perm", {1, 0, 2}); });
        // final states of the last layer: Y_h [D, B, H] -> [B, D*H]
        std::string finals = g.node("Transpose", {last_yh}, {}, [](onnx::NodeProto* n) { attr_ints(n, "perm", {1, 0, 2}); });
        finals = g.node("Reshape", {finals, g.ints("shape_b_c", {0, -1})});
        const auto& bw = tensor(m, "bridge.weight");
        const auto& bb = tensor(m, "bridge.bias");
        std::string s0 = g.node("MatMul", {finals, g.floats("bridge.weight_t", {C, H}, transposed(bw))});
        s0 = g.node("Add", {s0, g.floats("bridge.bias", {H}, bb.data)});
        s0 = g.node("Tanh", {s0});
        s0 = g.node("Unsqueeze", {s0, g.ints("axis0", {0})});  // [1, B, H]
        std::vector<std::string> copies(size_t(L), s0);
        if (L == 1) g.node("Identity", {s0}, {"decoder_state"});
        else g.node("Concat", copies, {"decoder_state"}, [](onnx::NodeProto* n) { attr_int(n, "axis", 0); });
        const auto& kw = tensor(m, "attention.key.weight");
        g.node("MatMul", {outputs, g.floats("attention.key.weight_t", {C, A}, transposed(kw))}, {"attention_keys"});
        g.io(false, "encoder_outputs", FLOAT, {"batch", "source_len", std::to_string(C)});
        g.io(false, "attention_keys", FLOAT, {"batch", "source_len", std::to_string(A)});
        g.io(false, "decoder_state", FLOAT, {std::to_string(L), "batch", std::to_string(H)});
        save(model, dir + "/encoder.onnx");
    }

    // ---------------- decoder step: prev_token [B], decoder_state, encoder_outputs, attention_keys
    //                  -> logits [B, V], new_decoder_state [L, B, H], attention [B, S]
    {
        onnx::ModelProto model = new_model("cmdseq_decoder_step");
        Graph g(model.mutable_graph());
        g.io(true, "prev_token", INT64, {"batch"});
        g.io(true, "decoder_state", FLOAT, {std::to_string(L), "batch", std::to_string(H)});
        g.io(true, "encoder_outputs", FLOAT, {"batch", "source_len", std::to_string(C)});
        g.io(true, "attention_keys", FLOAT, {"batch", "source_len", std::to_string(A)});
        std::string top = g.node("Gather", {"decoder_state", g.ints("top_layer", {L - 1}, true)}, {}, [](onnx::NodeProto* n) { attr_int(n, "axis", 0); });
        const auto& qw = tensor(m, "attention.query.weight");
        std::string q = g.node("MatMul", {top, g.floats("attention.query.weight_t", {H, A}, transposed(qw))});
        q = g.node("Add", {q, g.floats("attention.query.bias", {A}, tensor(m, "attention.query.bias").data)});
        q = g.node("Unsqueeze", {q, g.ints("axis1", {1})});  // [B, 1, A]
        std::string e = g.node("Tanh", {g.node("Add", {"attention_keys", q})});
        e = g.node("MatMul", {e, g.floats("attention.v", {A, 1}, tensor(m, "attention.v").data)});  // [B, S, 1]
        e = g.node("Squeeze", {e, g.ints("axis2", {2})});
        std::string att = g.node("Softmax", {e}, {"attention"}, [](onnx::NodeProto* n) { attr_int(n, "axis", 1); });
        std::string ctx = g.node("MatMul", {g.node("Unsqueeze", {att, "axis1"}), "encoder_outputs"});  // [B, 1, C]
        ctx = g.node("Squeeze", {ctx, "axis1"});
        const auto& temb = tensor(m, "decoder.embedding");
        std::string x = g.node("Gather", {g.floats("decoder.embedding", temb.shape, temb.data), "prev_token"});
        x = g.node("Concat", {x, ctx}, {}, [](onnx::NodeProto* n) { attr_int(n, "axis", 1); });
        std::vector<std::string> states;
        for (int64_t l = 0; l < L; ++l) {
            std::string sfx = "_l" + std::to_string(l);
            std::string h0 = g.node("Gather", {"decoder_state", g.ints("layer" + std::to_string(l), {l})}, {},
                                    [](onnx::NodeProto* n) { attr_int(n, "axis", 0); });  // [1, B, H]
            std::string xs = g.node("Unsqueeze", {x, "axis0_d"});
            auto [y, yh] = gru(g, m, xs, h0, {"decoder.gru.weight_ih" + sfx}, {"decoder.gru.weight_hh" + sfx},
                               {"decoder.gru.bias_ih" + sfx}, {"decoder.gru.bias_hh" + sfx}, H, "decoder.gru" + sfx);
            states.push_back(yh);                       // [1, B, H]
            x = g.node("Squeeze", {yh, "axis0_d"});  // [B, H]
        }
        g.ints("axis0_d", {0});
        if (L == 1) g.node("Identity", {states[0]}, {"new_decoder_state"});
        else g.node("Concat", states, {"new_decoder_state"}, [](onnx::NodeProto* n) { attr_int(n, "axis", 0); });
        std::string o = g.node("Concat", {x, ctx}, {}, [](onnx::NodeProto* n) { attr_int(n, "axis", 1); });
        const auto& ow = tensor(m, "decoder.out.weight");
        o = g.node("MatMul", {o, g.floats("decoder.out.weight_t", {H + C, c.target_vocab_size}, transposed(ow))});
        g.node("Add", {o, g.floats("decoder.out.bias", {c.target_vocab_size}, tensor(m, "decoder.out.bias").data)}, {"logits"});
        g.io(false, "logits", FLOAT, {"batch", std::to_string(c.target_vocab_size)});
        g.io(false, "new_decoder_state", FLOAT, {std::to_string(L), "batch", std::to_string(H)});
        g.io(false, "attention", FLOAT, {"batch", "source_len"});
        save(model, dir + "/decoder.onnx");
    }

    nlohmann::json cfg = {
        {"format", "cmdseq-onnx"},
        {"version", 1},
        {"opset", kOpset},
        {"config",
         {{"source_vocab_size", c.source_vocab_size},
          {"target_vocab_size", c.target_vocab_size},
          {"embedding_dim", c.embedding_dim},
          {"hidden_dim", c.hidden_dim},
          {"encoder_layers", c.encoder_layers},
          {"decoder_layers", c.decoder_layers},
          {"bidirectional", c.bidirectional},
          {"attention_dim", c.attention_dim}}},
        {"special_ids", {{"pad", 0}, {"unk", 1}, {"bos", 2}, {"eos", 3}}},
        {"encoder", {{"file", "encoder.onnx"}, {"inputs", {"source"}}, {"outputs", {"encoder_outputs", "attention_keys", "decoder_state"}}}},
        {"decoder",
         {{"file", "decoder.onnx"},
          {"inputs", {"prev_token", "decoder_state", "encoder_outputs", "attention_keys"}},
          {"outputs", {"logits", "new_decoder_state", "attention"}}}},
        {"tokenizer", "requests are tokenized by the cmdseq core (placeholders such as <path0>); ids index source_vocab"},
        {"source_vocab", m.source_vocab},
        {"target_vocab", m.target_vocab},
        {"metadata", nlohmann::json::parse(m.metadata_json)}};
    std::string text = cfg.dump(1) + "\n";
    write_file_atomic(dir + "/model_config.json", std::vector<uint8_t>(text.begin(), text.end()));
}

namespace {

const char* kHelp = R"(usage: cmdseq-train export-onnx --model FILE --out DIR

Writes encoder.onnx, decoder.onnx (one decoder step) and model_config.json for
a .cmdseq model (fp32 weights; int8 matrices are dequantized), and checks both
graphs with onnx::checker.
)";

}  // namespace

std::map<std::string, FloatTensor> tensors_of(const ParsedModel& m) {
    std::map<std::string, FloatTensor> out;
    for (auto& [name, view] : m.tensors) {
        FloatTensor f;
        f.shape = view.shape;
        int64_t n = 1;
        for (auto d : view.shape) n *= d;
        f.data.resize(size_t(n));
        if (!view.int8) {
            std::memcpy(f.data.data(), view.data, size_t(n) * sizeof(float));  // the format is little-endian, as is every host we train on
        } else {
            const int64_t rows = view.shape[0], cols = n / rows;
            for (int64_t r = 0; r < rows; ++r) {
                float scale;
                std::memcpy(&scale, view.scales + r * 4, 4);
                for (int64_t c = 0; c < cols; ++c) f.data[size_t(r * cols + c)] = scale * float(int8_t(view.data[r * cols + c]));
            }
        }
        out[name] = std::move(f);
    }
    return out;
}

ModelData model_data_of_file(const std::string& path) {
    auto bytes = read_file_bytes(path);
    ParsedModel p = parse_model(bytes.data(), bytes.size(), path);
    ModelData m;
    m.config = p.config;
    m.config.storage = Storage::Fp32;
    m.source_vocab = p.source_vocab;
    m.target_vocab = p.target_vocab;
    m.tensors = tensors_of(p);
    m.metadata_json = p.metadata_json;
    for (auto& [word, id] : p.word_map) m.word_map.emplace(word, p.source_vocab[size_t(id)]);
    return m;
}

int run_export_onnx(const Args& args) {
    Options o(args, {{"model", true}, {"out", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kHelp, stdout), 0;
    if (!o.has("model") || !o.has("out")) throw OptionsError("--model FILE and --out DIR are required");
    ModelData m = model_data_of_file(o.str("model", ""));
    std::filesystem::create_directories(o.str("out", ""));
    export_onnx(m, o.str("out", ""));
    std::printf("wrote %s/{encoder.onnx,decoder.onnx,model_config.json}\n", o.str("out", "").c_str());
    return 0;
}

}  // namespace cmdseq::train
