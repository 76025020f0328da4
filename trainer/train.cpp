// cmdseq-train train: the training loop.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "cmdseq.h"
#include "commands.h"
#include "dataset.h"
#include "model.h"
#include "onnx_export.h"
#include "options.h"
#include "seq2seq.h"
#include "vocab.h"
#include "word_net.h"

namespace cmdseq::train {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// tiny is for small boards: at most this many parameters, whatever the vocabularies
constexpr int64_t kTinyParameterBudget = 250000;

const char* kHelp = R"(usage: cmdseq-train train [options]

Trains the sequence-to-sequence model on trainer/data/pairs with LibTorch and
writes into --out: model.cmdseq (fp32, the best epoch on validation),
model-int8.cmdseq, encoder.onnx, decoder.onnx, model_config.json, train_log.csv,
curves.svg, and the checkpoints best.pt / last.pt. Ctrl-C stops after the
current batch and leaves last.pt; --resume goes on from it.

Model:
  --preset tiny|standard      sized to about 240K / 1M parameters with this data's vocabularies:
                              tiny: emb 24, hidden 56; standard: emb 64, hidden 160 (default standard);
                              tiny's hidden width shrinks until it has at most 250,000 parameters
  --embedding_dim N  --hidden_dim N  --num_layers N   (override the preset)
  --bidirectional             bidirectional encoder
  --dropout P                 (default 0.35)
  --min_count N               request words seen fewer than N times in training are left out of
                              the source vocabulary (default: tiny 5, standard 2; the vocabulary
                              is most of tiny's parameters, and a fixed cost in its int8 file)
  --rare_words unk|match      how training reads request words the vocabulary lacks: as <unk>, or
                              as the core will read them under --source_match (default unk)
  --source_match exact|edit|trigram
                              how the core reads request words the vocabulary lacks (default edit:
                              the nearest known word, measured best on misspelt requests)
Training:
  --epochs N                  most epochs (default 12)
  --batch_size N              (default 64)
  --lr X                      Adam learning rate, cosine-decayed to 5% (default 0.003)
  --teacher_forcing_ratio X   chance a step reads the true previous token (default 1.0)
  --patience N                stop after N epochs without a better validation score (default 15;
                              validation accuracy is noisy and often peaks late in the schedule)
  --word_dropout P            chance a request word is read as <unk> (default 0.25)
  --average D                 validate and export a running average of the weights, each step
                              average = D * average + (1 - D) * weights (default 0.999; 0: off)
  --seed N                    (default 1)
  --threads N                 (default 1: with OpenBLAS, these small matrices train fastest on one
                              thread; run two trainings side by side instead)
  --sample_every N            print sample translations every N epochs (default 5)
Files:
  --data DIR                  train.jsonl and valid.jsonl (default trainer/data/pairs)
  --vectors FILE              start the request words' embeddings from word vectors
                              (fastText .vec text, as many dimensions as the embedding)
  --extra FILE[,FILE...]      more train pairs, added to DIR's (make-man-data's manual-page
                              pairs, make-synonym-data's WordNet variants)
  --wordnet DIR               WordNet for the exported models' word map (default /usr/share/wordnet)
  --no_word_map               export without a word map
  --out DIR                   (required)
  --resume                    continue from DIR/last.pt
  --stop_after N              end this run after N epochs, leaving last.pt to resume from
  --limit N                   train on the first N pairs only (quick checks)
  --no_onnx                   skip the ONNX export
)";

std::atomic<bool> g_stop{false};
extern "C" void on_sigint(int) { g_stop = true; }

struct Batch {
    torch::Tensor source, lengths, target_in, target_out, align;
    std::vector<std::vector<bool>> plain;  // request words that word dropout may hide
};

struct Sample {
    std::vector<int> source, target;
    std::vector<int> align;
    std::vector<bool> plain;
};

Batch make_batch(const std::vector<Sample>& data, const std::vector<size_t>& idx, size_t from, size_t to, int bos, int eos) {
    size_t S = 1, T = 1;
    for (size_t i = from; i < to; ++i) {
        S = std::max(S, data[idx[i]].source.size());
        T = std::max(T, data[idx[i]].target.size() + 1);
    }
    const int64_t B = int64_t(to - from);
    Batch b;
    b.source = torch::zeros({B, int64_t(S)}, torch::kLong);
    b.lengths = torch::zeros({B}, torch::kLong);
    b.target_in = torch::zeros({B, int64_t(T)}, torch::kLong);
    b.target_out = torch::zeros({B, int64_t(T)}, torch::kLong);
    b.align = torch::full({B, int64_t(T)}, -1, torch::kLong);
    auto src = b.source.accessor<int64_t, 2>();
    auto tin = b.target_in.accessor<int64_t, 2>();
    auto tout = b.target_out.accessor<int64_t, 2>();
    auto al = b.align.accessor<int64_t, 2>();
    for (int64_t k = 0; k < B; ++k) {
        const Sample& e = data[idx[from + size_t(k)]];
        for (size_t s = 0; s < e.source.size(); ++s) src[k][int64_t(s)] = e.source[s];
        b.lengths[k] = int64_t(e.source.size());
        tin[k][0] = bos;
        for (size_t t = 0; t < e.target.size(); ++t) {
            tin[k][int64_t(t) + 1] = e.target[t];
            tout[k][int64_t(t)] = e.target[t];
            al[k][int64_t(t)] = e.align[t];
        }
        tout[k][int64_t(e.target.size())] = eos;
        b.plain.push_back(e.plain);
    }
    return b;
}

std::string fmt_time(double s) {
    char buf[32];
    int m = int(s) / 60, sec = int(s) % 60;
    std::snprintf(buf, sizeof buf, "%d:%02d", m, sec);
    return buf;
}

// Loss and accuracy curves as a small SVG, no plotting library needed.
void write_curves_svg(const std::string& path, const std::vector<std::array<double, 4>>& rows) {
    const int W = 640, Hh = 360, pad = 48;
    double max_loss = 0;
    for (auto& r : rows) max_loss = std::max({max_loss, r[1], r[2]});
    if (max_loss <= 0) max_loss = 1;
    auto x = [&](size_t i) { return pad + (rows.size() > 1 ? double(i) / double(rows.size() - 1) : 0.0) * (W - 2 * pad); };
    auto yl = [&](double v) { return Hh - pad - v / max_loss * (Hh - 2 * pad); };
    auto ya = [&](double v) { return Hh - pad - v / 100.0 * (Hh - 2 * pad); };
    auto line = [&](auto value, auto y, const char* colour) {
        std::string d;
        for (size_t i = 0; i < rows.size(); ++i) d += (i ? " L" : "M") + std::to_string(x(i)) + "," + std::to_string(y(value(rows[i])));
        return "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
    };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(W) + "\" height=\"" + std::to_string(Hh) +
                      "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg += "<line x1=\"" + std::to_string(pad) + "\" y1=\"" + std::to_string(Hh - pad) + "\" x2=\"" + std::to_string(W - pad) + "\" y2=\"" +
           std::to_string(Hh - pad) + "\" stroke=\"black\"/>\n";
    svg += line([](auto& r) { return r[1]; }, yl, "#1f77b4");
    svg += line([](auto& r) { return r[2]; }, yl, "#ff7f0e");
    svg += line([](auto& r) { return r[3]; }, ya, "#2ca02c");
    char legend[400];
    std::snprintf(legend, sizeof legend,
                  "<text x=\"%d\" y=\"20\" fill=\"#1f77b4\">train loss</text><text x=\"%d\" y=\"20\" fill=\"#ff7f0e\">valid loss</text>"
                  "<text x=\"%d\" y=\"20\" fill=\"#2ca02c\">valid exact match %% (0-100)</text><text x=\"%d\" y=\"%d\">epoch 1..%zu; loss 0..%.2f</text>\n",
                  pad, pad + 90, pad + 180, pad, Hh - 16, rows.size(), max_loss);
    svg += legend;
    svg += "</svg>\n";
    write_file_atomic(path, std::vector<uint8_t>(svg.begin(), svg.end()));
}

// A running average of the weights; validation and the exported model use it.
// Averaging over the last few hundred steps evens out the noise of single
// batches, which held-out phrasings are sensitive to.
struct WeightAverage {
    double decay = 0;  // 0: off
    int64_t steps = 0;
    std::vector<torch::Tensor> params, average;

    WeightAverage(Seq2Seq& model, double d) : decay(d), params(model->parameters()) {
        torch::NoGradGuard ng;
        for (auto& p : params) average.push_back(p.detach().clone());
    }
    void update() {
        if (decay <= 0) return;
        // early on a shorter memory, so the first steps' random weights fade out
        const double d = std::min(decay, double(1 + steps) / double(10 + steps));
        ++steps;
        torch::NoGradGuard ng;
        for (size_t i = 0; i < params.size(); ++i) average[i].mul_(d).add_(params[i].detach(), 1 - d);
    }
    // Exchanges the live weights and the average; twice restores them.
    void swap() {
        if (decay <= 0) return;
        torch::NoGradGuard ng;
        for (size_t i = 0; i < params.size(); ++i) {
            auto live = params[i].detach().clone();
            params[i].detach().copy_(average[i]);
            average[i].copy_(live);
        }
    }
    void save(torch::serialize::OutputArchive& a) const {
        for (size_t i = 0; i < average.size(); ++i) a.write(std::to_string(i), average[i]);
        a.write("steps", torch::tensor(steps));
    }
    void load(torch::serialize::InputArchive& a) {
        for (size_t i = 0; i < average.size(); ++i) {
            torch::Tensor t;
            a.read(std::to_string(i), t);
            average[i].copy_(t);
        }
        torch::Tensor n;
        a.read("steps", n);
        steps = n.item<int64_t>();
    }
};

void save_checkpoint(const std::string& path, Seq2Seq& model, torch::optim::Adam& opt, const WeightAverage& avg, int epoch,
                     double best, int bad_epochs) {
    torch::serialize::OutputArchive a;
    torch::serialize::OutputArchive m, o, w;
    model->save(m);
    opt.save(o);
    avg.save(w);
    a.write("model", m);
    a.write("optimizer", o);
    a.write("average", w);
    a.write("epoch", torch::tensor(int64_t(epoch)));
    a.write("best", torch::tensor(best, torch::kFloat64));
    a.write("bad_epochs", torch::tensor(int64_t(bad_epochs)));
    a.write("rng", at::detail::getDefaultCPUGenerator().get_state());
    const std::string tmp = path + ".tmp";
    a.save_to(tmp);
    fs::rename(tmp, path);
}

}  // namespace

int run_train(const Args& args) {
    Options o(args, {{"preset", true}, {"embedding_dim", true}, {"hidden_dim", true}, {"num_layers", true}, {"bidirectional", false},
                     {"dropout", true}, {"epochs", true}, {"batch_size", true}, {"lr", true}, {"teacher_forcing_ratio", true},
                     {"patience", true}, {"word_dropout", true}, {"seed", true}, {"threads", true}, {"sample_every", true},
                     {"data", true}, {"extra", true}, {"vectors", true}, {"wordnet", true}, {"no_word_map", false}, {"out", true}, {"resume", false}, {"no_onnx", false}, {"stop_after", true}, {"limit", true}, {"source_match", true}, {"min_count", true}, {"rare_words", true},
                     {"average", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kHelp, stdout), 0;
    if (!o.has("out")) throw OptionsError("--out DIR is required");
    const std::string preset = o.str("preset", "standard");
    if (preset != "tiny" && preset != "standard") throw OptionsError("--preset must be tiny or standard, got '" + preset + "'");
    const bool tiny = preset == "tiny";
    // tiny stays under 250K parameters for small boards: its source embedding and
    // output layer grow with the vocabularies, so its widths shrink as they grow
    const int emb = int(o.integer("embedding_dim", tiny ? 24 : 64, 1, 4096));
    const int hid = int(o.integer("hidden_dim", tiny ? 56 : 160, 1, 4096));
    const int layers = int(o.integer("num_layers", 1, 1, 8));
    const double dropout = o.number("dropout", 0.35, 0, 0.9);
    const int epochs = int(o.integer("epochs", 12, 1, 100000));
    const int batch_size = int(o.integer("batch_size", 64, 1, 65536));
    const double lr = o.number("lr", 0.003, 1e-7, 10);
    const double tf = o.number("teacher_forcing_ratio", 1.0, 0, 1);
    const int patience = int(o.integer("patience", 15, 1, 100000));
    const double word_dropout = o.number("word_dropout", 0.25, 0, 0.9);
    const double average_decay = o.number("average", 0.999, 0, 0.99999);
    const uint64_t seed = uint64_t(o.integer("seed", 1, 0, 1L << 62));
    const int threads = int(o.integer("threads", 1, 1, 1024));
    const int sample_every = int(o.integer("sample_every", 5, 0, 100000));
    const std::string data_dir = o.str("data", source_dir() + "/trainer/data/pairs");
    const std::string out = o.str("out", "");

    torch::manual_seed(seed);
    torch::set_num_threads(threads);
    torch::set_num_interop_threads(1);

    // ---- data and vocabularies
    auto train = read_jsonl(data_dir + "/train.jsonl");
    auto valid = read_jsonl(data_dir + "/valid.jsonl");
    if (o.has("extra")) {
        std::istringstream files(o.str("extra", ""));
        for (std::string file; std::getline(files, file, ',');) {
            auto extra = read_jsonl(file);
            std::fprintf(stderr, "%zu more train pairs from %s\n", extra.size(), file.c_str());
            train.insert(train.end(), extra.begin(), extra.end());  // each epoch shuffles
        }
    }
    if (o.has("limit")) train.resize(std::min(train.size(), size_t(o.integer("limit", 0, 1, 1L << 40))));
    const int stop_after = int(o.integer("stop_after", 0, 1, 100000));
    if (train.empty() || valid.empty()) throw InputError("no training or validation pairs in " + data_dir);
    fs::create_directories(out);  // only once the data has been read
    const std::set<std::string> literals = form_literals(train);
    std::vector<TokenizedPair> examples;
    std::map<std::string, int64_t> src_counts, tgt_counts;
    for (auto& r : train) {
        examples.push_back(make_example(r, literals));
        for (auto& t : examples.back().source) ++src_counts[t];
        for (auto& t : examples.back().target) ++tgt_counts[t];
    }
    tgt_counts.erase(kUnkToken);
    Vocabulary src_vocab, tgt_vocab;
    const int64_t src_min_count = o.integer("min_count", tiny ? 5 : 2, 1, 1000000);
    const std::string vocab_path = out + "/vocab.json";
    if (o.has("resume")) {
        std::ifstream in(vocab_path);
        if (!in) throw IoError("--resume: cannot read " + vocab_path);
        json v = json::parse(in);
        src_vocab = Vocabulary(Vocabulary::Kind::Source, v["source"].get<std::vector<std::string>>());
        tgt_vocab = Vocabulary(Vocabulary::Kind::Target, v["target"].get<std::vector<std::string>>());
    } else {
        src_vocab = Vocabulary::build(Vocabulary::Kind::Source, src_counts, src_min_count);
        tgt_vocab = Vocabulary::build(Vocabulary::Kind::Target, tgt_counts, 1);
        std::string text = json{{"source", src_vocab.tokens()}, {"target", tgt_vocab.tokens()}}.dump() + "\n";
        write_file_atomic(vocab_path, std::vector<uint8_t>(text.begin(), text.end()));
    }
    const std::string match = o.str("source_match", "edit");
    SourceMatch source_match = SourceMatch::Edit;
    if (!parse_source_match(match, source_match)) throw OptionsError("--source_match must be exact, edit or trigram, got '" + match + "'");
    const std::string rare_words = o.str("rare_words", "unk");
    if (rare_words != "unk" && rare_words != "match") throw OptionsError("--rare_words must be unk or match, got '" + rare_words + "'");
    // Rare words as <unk>, or read the way the core will read them (one place decides: read_source_token).
    std::map<std::string, int> rare_ids;  // each rare word looked up once
    auto encode_source = [&](const std::vector<std::string>& words) {
        std::vector<int> ids = src_vocab.encode(words);
        if (rare_words == "unk") return ids;
        for (size_t i = 0; i < ids.size(); ++i) {
            if (ids[i] != src_vocab.unk_id()) continue;
            auto it = rare_ids.find(words[i]);
            if (it == rare_ids.end()) it = rare_ids.emplace(words[i], read_source_token(src_vocab, words[i], source_match)).first;
            ids[i] = it->second;
        }
        return ids;
    };
    std::vector<Sample> data;
    for (auto& e : examples) {
        Sample d;
        d.source = encode_source(e.source);
        d.target = tgt_vocab.encode(e.target);
        d.align = e.align;
        for (auto& t : e.source) d.plain.push_back(!is_placeholder(t) && t[0] != '.');
        data.push_back(std::move(d));
    }

    ModelConfig cfg;
    cfg.source_vocab_size = src_vocab.size();
    cfg.target_vocab_size = tgt_vocab.size();
    cfg.embedding_dim = emb;
    cfg.hidden_dim = hid;
    cfg.encoder_layers = layers;
    cfg.decoder_layers = layers;
    cfg.bidirectional = o.has("bidirectional");
    cfg.attention_dim = hid;
    cfg.source_match = source_match;
    // tiny stays within its budget for small boards however the vocabularies grow: its
    // hidden width gives way first (unless asked for), a step at a time
    if (tiny && !o.has("hidden_dim")) fit_hidden_width(cfg, kTinyParameterBudget);
    if (cfg.hidden_dim != hid) std::fprintf(stderr, "tiny: hidden width %d (not %d) keeps it within %lld parameters\n", cfg.hidden_dim, hid, (long long)kTinyParameterBudget);

    Seq2Seq model(cfg, dropout);
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(lr));
    WeightAverage avg(model, average_decay);
    int start_epoch = 0, bad_epochs = 0;
    double best = -1;
    const std::string last_pt = out + "/last.pt", best_pt = out + "/best.pt";
    if (o.has("resume")) {
        torch::serialize::InputArchive a, m, op, w;
        a.load_from(last_pt);
        a.read("model", m);
        a.read("optimizer", op);
        a.read("average", w);
        model->load(m);
        opt.load(op);
        avg.load(w);
        // a fresh tensor per read: reading into a defined one calls set_() on the archive's storage
        auto read = [&](const char* key) {
            torch::Tensor t;
            a.read(key, t);
            return t;
        };
        start_epoch = int(read("epoch").item<int64_t>());
        best = read("best").item<double>();
        bad_epochs = int(read("bad_epochs").item<int64_t>());
        at::Generator gen = at::detail::getDefaultCPUGenerator();
        gen.set_state(read("rng"));
        std::fprintf(stderr, "resuming after epoch %d (best valid exact match %.2f%%)\n", start_epoch, best);
    }
    int vector_words = 0;  // request words that started from a vector, for the metadata
    if (o.has("vectors") && !o.has("resume")) {
        // word vectors (fastText's .vec text: a header, then "word v1 v2 ...") as the
        // starting point of the request words' embeddings; each scaled to the norm
        // of the default N(0, 1) start, sqrt(E), so the learning rate suits both
        const std::string path = o.str("vectors", "");
        std::ifstream in(path);
        if (!in) throw IoError("cannot open " + path);
        std::string header;
        std::getline(in, header);
        std::istringstream h(header);
        long count = 0, dim = 0;
        if (!(h >> count >> dim) || dim != emb)
            throw InputError(path + ": the vectors have " + std::to_string(dim) + " dimensions, the embedding " + std::to_string(emb));
        torch::NoGradGuard no_grad;
        torch::Tensor weight = model->source_embedding();
        int found = 0;
        std::vector<float> v(static_cast<size_t>(emb));
        for (std::string line; std::getline(in, line);) {
            std::istringstream l(line);
            std::string word;
            l >> word;
            if (!src_vocab.contains(word)) continue;
            double norm = 0;
            for (auto& x : v) {
                l >> x;
                norm += double(x) * x;
            }
            if (!l || norm <= 0) continue;
            const float scale = float(std::sqrt(double(emb) / norm));
            for (auto& x : v) x *= scale;
            weight[src_vocab.id(word)].copy_(torch::from_blob(v.data(), {emb}, torch::kFloat32));
            ++found;
        }
        std::fprintf(stderr, "word vectors: %d of %d request words start from %s\n", found, src_vocab.size(), path.c_str());
        vector_words = found;
    }
    const int64_t params = parameter_count(cfg);
    std::fprintf(stderr, "%zu train / %zu valid pairs; vocab %d source, %d target; %lld parameters; %d threads\n", train.size(),
                 valid.size(), src_vocab.size(), tgt_vocab.size(), (long long)params, torch::get_num_threads());

    json meta = {{"preset", preset},         {"seed", seed},          {"epochs", epochs},         {"batch_size", batch_size},
                 {"lr", lr},                 {"dropout", dropout},  {"average", average_decay},    {"teacher_forcing_ratio", tf}, {"word_dropout", word_dropout},
                 {"min_count", src_min_count}, {"rare_words", rare_words}, {"train_pairs", train.size()}, {"trainer", "cmdseq-train " CMDSEQ_VERSION}};
    if (o.has("vectors")) meta["vectors"] = {{"file", fs::path(o.str("vectors", "")).filename().string()}, {"words", vector_words}};
    if (o.has("extra")) meta["extra"] = o.str("extra", "");
    std::map<std::string, std::string> word_map;  // filled for the final export only
    auto model_data = [&](Storage storage) {
        ModelData md;
        md.word_map = word_map;
        md.config = cfg;
        md.config.storage = storage;
        md.source_vocab = src_vocab.tokens();
        md.target_vocab = tgt_vocab.tokens();
        md.tensors = model->export_tensors();
        md.metadata_json = meta.dump();
        return md;
    };

    // ---- the log
    const std::string csv = out + "/train_log.csv";
    if (!o.has("resume") || !fs::exists(csv)) {
        std::ofstream(csv) << "epoch,train_loss,train_token_acc,valid_loss,valid_exact,lr,seconds\n";
    }
    std::vector<std::array<double, 4>> curve;  // epoch, train loss, valid loss, valid exact
    {
        std::ifstream in(csv);
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) {
            std::array<double, 7> f{};
            if (std::sscanf(line.c_str(), "%lf,%lf,%lf,%lf,%lf,%lf,%lf", &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]) == 7)
                curve.push_back({f[0], f[1], f[3], f[4]});
        }
    }

    // validation data for the loss
    std::vector<Sample> vdata;
    for (auto& r : valid) {
        TokenizedPair e = make_example(r, literals);
        Sample d;
        d.source = encode_source(e.source);
        d.target = tgt_vocab.encode(e.target);
        d.align = e.align;
        d.plain.assign(e.source.size(), false);
        vdata.push_back(std::move(d));
    }
    std::vector<cmdseq::Example> valid_examples;
    for (auto& r : valid) valid_examples.push_back({r.input, r.output, r.category});
    std::vector<size_t> vidx(vdata.size());
    std::iota(vidx.begin(), vidx.end(), 0);

    std::signal(SIGINT, on_sigint);
    const int bos = tgt_vocab.bos_id(), eos = tgt_vocab.eos_id(), unk = src_vocab.unk_id();
    const auto t_start = std::chrono::steady_clock::now();
    std::vector<size_t> order(data.size());
    std::iota(order.begin(), order.end(), 0);
    const size_t n_batches = (data.size() + size_t(batch_size) - 1) / size_t(batch_size);
    int epoch = start_epoch;
    bool interrupted = false;
    for (; epoch < epochs && !interrupted; ++epoch) {
        if (stop_after > 0 && epoch - start_epoch >= stop_after) {
            std::fprintf(stderr, "stopping after %d epochs as asked; --resume goes on from %s\n", stop_after, last_pt.c_str());
            interrupted = true;
            break;
        }
        const auto e_start = std::chrono::steady_clock::now();
        std::mt19937_64 rng(seed * 1000003ULL + uint64_t(epoch));
        std::iota(order.begin(), order.end(), size_t(0));  // each epoch's order from its seed alone: a resumed run gets the same
        std::shuffle(order.begin(), order.end(), rng);
        // Batches of like lengths: a batch is padded to its longest command and request,
        // and the padding costs as much as words (the decoder runs one step per command
        // token, so its length counts first). Sorted within windows of 32 batches, then
        // the batches shuffled, so each epoch still mixes every kind of pair.
        const size_t window = size_t(batch_size) * 32;
        for (size_t w = 0; w < order.size(); w += window)
            std::stable_sort(order.begin() + long(w), order.begin() + long(std::min(order.size(), w + window)), [&](size_t a, size_t b) {
                return std::make_pair(data[a].target.size(), data[a].source.size()) <
                       std::make_pair(data[b].target.size(), data[b].source.size());
            });
        std::vector<size_t> batch_order(n_batches);
        std::iota(batch_order.begin(), batch_order.end(), size_t(0));
        std::shuffle(batch_order.begin(), batch_order.end(), rng);
        std::uniform_real_distribution<double> uni(0, 1);
        const double cur_lr = lr * (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * epoch / std::max(1, epochs))));
        for (auto& g : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(g.options()).lr(cur_lr);
        model->train();
        double loss_sum = 0, correct = 0, counted = 0;
        for (size_t b = 0; b < n_batches; ++b) {
            if (g_stop) { interrupted = true; break; }
            const size_t from = batch_order[b] * size_t(batch_size), to = std::min(data.size(), from + size_t(batch_size));
            Batch batch = make_batch(data, order, from, to, bos, eos);
            if (word_dropout > 0) {
                auto src = batch.source.accessor<int64_t, 2>();
                for (int64_t k = 0; k < batch.source.size(0); ++k)
                    for (size_t s = 0; s < batch.plain[size_t(k)].size(); ++s)
                        if (batch.plain[size_t(k)][s] && uni(rng) < word_dropout) src[k][int64_t(s)] = unk;
            }
            auto [logits, attention] = model->forward(batch.source, batch.lengths, batch.target_in, tf);
            const int64_t V = logits.size(2);
            auto flat_target = batch.target_out.reshape({-1});
            auto loss = torch::nn::functional::cross_entropy(
                logits.reshape({-1, V}), flat_target,
                torch::nn::functional::CrossEntropyFuncOptions().ignore_index(0).label_smoothing(0.05));
            // guide attention onto the value a placeholder or copied word comes from
            auto has = batch.align.ge(0);
            if (has.any().item<bool>()) {
                auto picked = attention.gather(2, batch.align.clamp_min(0).unsqueeze(2)).squeeze(2);
                loss = loss - torch::log(picked.clamp_min(1e-6)).masked_select(has).mean();
            }
            opt.zero_grad();
            loss.backward();
            torch::nn::utils::clip_grad_norm_(model->parameters(), 1.0);
            opt.step();
            avg.update();
            {
                torch::NoGradGuard ng;
                auto mask = flat_target.ne(0);
                correct += logits.reshape({-1, V}).argmax(1).eq(flat_target).masked_select(mask).sum().item<double>();
                counted += mask.sum().item<double>();
                loss_sum += loss.item<double>();
            }
            const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - e_start).count();
            if (b % 8 == 0 || b + 1 == n_batches) {
                const int filled = int(30.0 * double(b + 1) / double(n_batches));
                std::fprintf(stderr, "\repoch %d/%d [%s%s] %zu/%zu loss %.4f acc %.1f%% eta %s   ", epoch + 1, epochs,
                             std::string(size_t(filled), '#').c_str(), std::string(size_t(30 - filled), '.').c_str(), b + 1, n_batches,
                             loss_sum / double(b + 1), 100.0 * correct / std::max(1.0, counted),
                             fmt_time(el / double(b + 1) * double(n_batches - b - 1)).c_str());
            }
        }
        if (interrupted) {
            std::fprintf(stderr, "\ninterrupted: saving %s (epoch %d is replayed on --resume)\n", last_pt.c_str(), epoch + 1);
            save_checkpoint(last_pt, model, opt, avg, epoch, best, bad_epochs);
            break;
        }

        // ---- validation of the averaged weights: loss in LibTorch, exact match through the core
        model->eval();
        avg.swap();
        double vloss = 0;
        {
            torch::NoGradGuard ng;
            size_t nb = 0;
            for (size_t from = 0; from < vdata.size(); from += 256, ++nb) {
                Batch batch = make_batch(vdata, vidx, from, std::min(vdata.size(), from + 256), bos, eos);
                auto [logits, attention] = model->forward(batch.source, batch.lengths, batch.target_in, 1.0);
                vloss += torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(2)}), batch.target_out.reshape({-1}),
                                                              torch::nn::functional::CrossEntropyFuncOptions().ignore_index(0))
                             .item<double>();
            }
            vloss /= double(std::max<size_t>(1, nb));
        }
        auto bytes = serialize_model(model_data(Storage::Fp32));
        Translator tr(Model::load_buffer(bytes.data(), bytes.size(), "epoch model"));
        Evaluation ev = evaluate(tr, valid_examples);
        const bool better = ev.all().exact_pct() > best;
        if (better) write_model_file(out + "/model.cmdseq", model_data(Storage::Fp32));  // usable while training goes on
        avg.swap();
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - e_start).count();
        const double tloss = loss_sum / double(n_batches), tacc = 100.0 * correct / std::max(1.0, counted);
        std::fprintf(stderr, "\repoch %d/%d train loss %.4f acc %.1f%% | valid loss %.4f exact %.2f%% | lr %.5f | %.0fs%s\n", epoch + 1,
                     epochs, tloss, tacc, vloss, ev.all().exact_pct(), cur_lr, secs, ev.all().exact_pct() > best ? "  (best)" : "");
        std::ofstream(csv, std::ios::app) << epoch + 1 << "," << tloss << "," << tacc << "," << vloss << "," << ev.all().exact_pct() << ","
                                          << cur_lr << "," << secs << "\n";
        curve.push_back({double(epoch + 1), tloss, vloss, ev.all().exact_pct()});
        if (sample_every > 0 && (epoch + 1) % sample_every == 0)
            for (size_t i = 0; i < valid.size(); i += valid.size() / 5 + 1)
                std::fprintf(stderr, "    \"%s\" -> `%s`%s\n", valid[i].input.c_str(), ev.commands[i].c_str(),
                             ev.commands[i] == valid[i].output ? "" : ("   (want `" + valid[i].output + "`)").c_str());
        if (better) {
            best = ev.all().exact_pct();
            bad_epochs = 0;
            save_checkpoint(best_pt, model, opt, avg, epoch + 1, best, bad_epochs);
        } else {
            ++bad_epochs;
        }
        save_checkpoint(last_pt, model, opt, avg, epoch + 1, best, bad_epochs);
        if (bad_epochs >= patience) {
            std::fprintf(stderr, "no better validation score for %d epochs: stopping early\n", patience);
            ++epoch;
            break;
        }
    }
    std::signal(SIGINT, SIG_DFL);
    if (!curve.empty()) write_curves_svg(out + "/curves.svg", curve);
    if (interrupted) return g_stop ? 130 : 0;

    // ---- the outputs, from the best epoch
    if (fs::exists(best_pt)) {
        torch::serialize::InputArchive a, m, w;
        a.load_from(best_pt);
        a.read("model", m);
        a.read("average", w);
        model->load(m);
        avg.load(w);
    }
    avg.swap();
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    meta["valid_exact"] = best;
    // WordNet's synonyms and base forms for request words the vocabulary lacks
    if (!o.has("no_word_map")) {
        const std::string dir = o.str("wordnet", "/usr/share/wordnet");
        if (fs::exists(dir + "/index.verb")) {
            const WordNet wn = load_wordnet(dir);
            word_map = build_word_map(wn, src_vocab.tokens());
            meta["word_map"] = {{"words", word_map.size()}, {"wordnet", wn.version}};
        } else {
            std::fprintf(stderr, "no WordNet in %s (Debian's wordnet-base): the model has no word map\n", dir.c_str());
        }
    }
    write_model_file(out + "/model.cmdseq", model_data(Storage::Fp32));
    write_model_file(out + "/model-int8.cmdseq", model_data(Storage::Int8));
    if (!o.has("no_onnx")) export_onnx(model_data(Storage::Fp32), out);
    std::fprintf(stderr, "best valid exact match %.2f%%; wrote %s/{model.cmdseq,model-int8.cmdseq%s} in %s\n", best, out.c_str(),
                 o.has("no_onnx") ? "" : ",encoder.onnx,decoder.onnx,model_config.json", fmt_time(total).c_str());
    return 0;
}

}  // namespace cmdseq::train
