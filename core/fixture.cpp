#include "fixture.h"

#include <algorithm>
#include <cmath>

#include "decode.h"
#include "vocab.h"

namespace cmdseq {

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
    "-n", "head", "ping", "-c", "who", "whoami", "uname", "uptime", "date", "lscpu", "mount", "tar", "-czf",
    "-xzf", "chmod", "chown", "systemctl", "status", "restart", "journalctl", "-u", "ss", "-tulpn", "wget", "curl", "-O",
    "ssh", "scp", "sort", "uniq", "wc", "-w", "sed", "|", ">", "crontab", "-e", "<path0>", "<path1>", "<file0>",
    "<file1>", "<glob0>", "<num0>", "<num1>", "<ip0>", "<host0>", "<url0>", "<addr0>", "<size0>", "<str0>", "<remote0>"};

}  // namespace

ModelData make_fixture_model(const FixtureOptions& o) {
    ModelData m;
    m.source_vocab = Vocabulary::specials(Vocabulary::Kind::Source);
    m.source_vocab.insert(m.source_vocab.end(), std::begin(kSourceWords), std::end(kSourceWords));
    m.target_vocab = Vocabulary::specials(Vocabulary::Kind::Target);
    m.target_vocab.insert(m.target_vocab.end(), std::begin(kTargetWords), std::end(kTargetWords));

    ModelConfig& c = m.config;
    c.source_vocab_size = int(m.source_vocab.size());
    c.target_vocab_size = int(m.target_vocab.size());
    c.embedding_dim = o.standard ? 128 : 16;
    c.hidden_dim = o.standard ? 256 : 24;
    c.attention_dim = o.standard ? 128 : 16;
    c.encoder_layers = c.decoder_layers = o.layers;
    c.bidirectional = o.bidirectional;
    c.storage = o.storage;

    Rng rng(o.seed);
    for (const TensorSpec& spec : expected_tensors(c)) {
        FloatTensor t;
        t.shape = spec.shape;
        size_t n = 1;
        for (auto d : spec.shape) n *= size_t(d);
        const bool embedding = spec.name.find("embedding") != std::string::npos;
        const float fan = spec.shape.size() == 2 ? float(spec.shape[1]) : float(c.hidden_dim);
        // twice PyTorch's default range, so that an untrained model's choices are not all ties
        const float range = embedding ? 1.0f : 2.0f / std::sqrt(fan);
        t.data.resize(n);
        for (auto& x : t.data) x = (2.0f * rng.uniform() - 1.0f) * range;
        m.tensors[spec.name] = std::move(t);
    }
    m.tensors["decoder.out.bias"].data[3] += o.eos_bias;  // id 3 is </s>
    if (o.word_map)
        m.word_map = {{"duplicate", "copy"}, {"exhibit", "show"}, {"terminate", "kill"}, {"obliterate", "delete"}, {"ran", "running"}};
    m.metadata_json = "{\"kind\": \"fixture\", \"note\": \"seeded random weights, untrained\", \"seed\": " + std::to_string(o.seed) +
                      ", \"preset\": \"" + (o.standard ? "standard" : "small") + "\"}";
    return m;
}

}  // namespace cmdseq
