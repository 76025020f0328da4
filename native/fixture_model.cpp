// cmdseq-fixture: writes a model with seeded random weights and a small fixed
// vocabulary. It stands in for a trained model in tests and as the binary's
// embedded default until trained models ship; its commands mean nothing.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "cmdseq.h"

namespace {

const char* kSourceWords[] = {
    "show", "list", "display", "print", "find", "search", "copy", "move", "delete", "remove", "make", "create", "disk",
    "usage", "space", "free", "memory", "files", "file", "directory", "folder", "network", "interfaces", "ip", "address",
    "processes", "running", "kill", "process", "the", "a", "all", "in", "to", "from", "of", "my", "me", "what", "is",
    "how", "do", "i", "last", "first", "lines", "times", "ping", "host", "user", "users", "logged", "who", "current",
    "hidden", "size", "sizes", "largest", "compress", "extract", "archive", "permissions", "owner", "service", "status",
    "restart", "logs", "open", "ports", "download", "connect", "schedule", "every", "minute", "count", "words", "sort",
    "unique", "replace", "with", "and", "for", "named", "containing", "text", "system", "kernel", "version", "cpu", "info",
    "uptime", "date", "time", "mounted", "filesystems", "<path0>", "<path1>", "<file0>", "<file1>", "<glob0>", "<num0>",
    "<num1>", "<ip0>", "<host0>", "<url0>", "<addr0>", "<size0>", "<str0>", "<remote0>"};

const char* kTargetWords[] = {
    "ls", "-la", "-l", "-a", "-lh", "df", "-h", "du", "-sh", "free", "ip", "addr", "link", "ps", "aux", "kill", "-9",
    "cp", "-r", "mv", "rm", "mkdir", "-p", "find", "-name", "-type", "f", "d", "-size", "grep", "-rn", "-i", "tail",
    "-n", "head", "ping", "-c", "who", "whoami", "uname", "-a", "-r", "uptime", "date", "lscpu", "mount", "tar", "-czf",
    "-xzf", "chmod", "chown", "systemctl", "status", "restart", "journalctl", "-u", "ss", "-tulpn", "wget", "curl", "-O",
    "ssh", "scp", "sort", "uniq", "wc", "-w", "sed", "-i", "|", ">", "crontab", "-e", "<path0>", "<path1>", "<file0>",
    "<file1>", "<glob0>", "<num0>", "<num1>", "<ip0>", "<host0>", "<url0>", "<addr0>", "<size0>", "<str0>", "<remote0>"};

int usage() {
    std::fprintf(stderr,
                 "usage: cmdseq-fixture --out FILE [--preset small|standard] [--storage fp32|int8]\n"
                 "                      [--seed N] [--bidirectional] [--layers N] [--eos-bias B]\n"
                 "Writes a model with seeded random weights (no training: its commands mean nothing).\n");
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string out, preset = "small", storage = "fp32";
    uint64_t seed = 1;
    bool bidirectional = false;
    int layers = 1;
    float eos_bias = 2.0f;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw cmdseq::OptionsError(a + " needs a value");
            return argv[++i];
        };
        try {
            if (a == "--out") out = value();
            else if (a == "--preset") preset = value();
            else if (a == "--storage") storage = value();
            else if (a == "--seed") seed = std::stoull(value());
            else if (a == "--bidirectional") bidirectional = true;
            else if (a == "--layers") layers = std::stoi(value());
            else if (a == "--eos-bias") eos_bias = std::stof(value());
            else if (a == "--help" || a == "-h") return usage(), 0;
            else return usage();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "cmdseq-fixture: %s: %s\n", a.c_str(), e.what());
            return 1;
        }
    }
    if (out.empty() || (preset != "small" && preset != "standard") || (storage != "fp32" && storage != "int8")) return usage();

    cmdseq::ModelData m;
    m.source_vocab = cmdseq::Vocabulary::specials(cmdseq::Vocabulary::Kind::Source);
    for (auto* w : kSourceWords) m.source_vocab.push_back(w);
    m.target_vocab = cmdseq::Vocabulary::specials(cmdseq::Vocabulary::Kind::Target);
    for (auto* w : kTargetWords)
        if (std::find(m.target_vocab.begin(), m.target_vocab.end(), w) == m.target_vocab.end()) m.target_vocab.push_back(w);

    cmdseq::ModelConfig& c = m.config;
    c.source_vocab_size = int(m.source_vocab.size());
    c.target_vocab_size = int(m.target_vocab.size());
    const bool standard = preset == "standard";
    c.embedding_dim = standard ? 128 : 16;
    c.hidden_dim = standard ? 256 : 24;
    c.attention_dim = standard ? 128 : 16;
    c.encoder_layers = c.decoder_layers = layers;
    c.bidirectional = bidirectional;
    c.storage = storage == "int8" ? cmdseq::Storage::Int8 : cmdseq::Storage::Fp32;

    // PyTorch's default GRU/Linear initialisation range: U(-1/sqrt(fan), 1/sqrt(fan))
    cmdseq::Rng rng(seed);
    for (const cmdseq::TensorSpec& spec : cmdseq::expected_tensors(c)) {
        cmdseq::FloatTensor t;
        t.shape = spec.shape;
        size_t n = 1;
        for (auto d : spec.shape) n *= size_t(d);
        const bool embedding = spec.name.find("embedding") != std::string::npos;
        const float fan = spec.shape.size() == 2 ? float(spec.shape[1]) : float(c.hidden_dim);
        const float range = embedding ? 1.0f : 1.0f / std::sqrt(fan);
        t.data.resize(n);
        for (auto& x : t.data) x = (2.0f * rng.uniform() - 1.0f) * range * (embedding ? 1.0f : 2.0f);
        m.tensors[spec.name] = std::move(t);
    }
    m.tensors["decoder.out.bias"].data[3] += eos_bias;  // </s>: keeps random commands short
    m.metadata_json = "{\"kind\": \"fixture\", \"note\": \"seeded random weights, untrained\", \"seed\": " + std::to_string(seed) +
                      ", \"preset\": \"" + preset + "\"}";
    try {
        cmdseq::write_model_file(out, m);
    } catch (const cmdseq::Error& e) {
        std::fprintf(stderr, "cmdseq-fixture: %s\n", e.what());
        return 2;
    }
    return 0;
}
