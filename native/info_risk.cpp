// `cmdseq risk` and `cmdseq info`.
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "embedded_model.h"
#include "report.h"
#include "subcommands.h"

namespace cmdseq_native {

std::shared_ptr<const cmdseq::Model> load_model(const std::string& path) {
    if (path.empty()) return cmdseq::Model::load_buffer(embedded_model_data(), embedded_model_size(), "embedded model");
    return cmdseq::Model::load_file(path);
}

int run_risk(const CliOptions& o) {
    if (o.words.empty()) throw cmdseq::OptionsError("usage: cmdseq risk [--json] -- COMMAND...");
    std::string command;
    for (auto& w : o.words) command += (command.empty() ? "" : " ") + w;
    cmdseq::RiskReport r = cmdseq::assess_risk(command);
    if (o.json) std::printf("%s\n", cmdseq::risk_to_json(command, r).c_str());
    else print_risk(stdout, r, Style{o.color && isatty(1), false});
    return 0;
}

int run_info(const CliOptions& o) {
    if (o.words.size() > 1) throw cmdseq::OptionsError("usage: cmdseq info [MODEL] [--json]");
    const std::string path = o.words.empty() ? o.model_path : o.words[0];
    auto model = load_model(path);
    const std::string info = cmdseq::model_info_json(*model);
    if (o.json) {
        std::printf("%s\n", info.c_str());
        return 0;
    }
    auto j = nlohmann::json::parse(info);
    const auto& c = model->config();
    std::printf("model:       %s\n", path.empty() ? "embedded" : path.c_str());
    std::printf("format:      version %u, %s storage, %llu bytes, checksum %s\n", model->format_version(), cmdseq::storage_name(c.storage),
                static_cast<unsigned long long>(model->file_bytes()), j["checksum"].get<std::string>().c_str());
    std::printf("parameters:  %lld (%.2f MB of weights in memory)\n", static_cast<long long>(model->parameter_count()), model->weight_bytes() / 1e6);
    std::printf("encoder:     %d layer(s) of GRU %d%s, embedding %d\n", c.encoder_layers, c.hidden_dim, c.bidirectional ? " x2 (bidirectional)" : "",
                c.embedding_dim);
    std::printf("decoder:     %d layer(s) of GRU %d, additive attention %d\n", c.decoder_layers, c.hidden_dim, c.attention_dim);
    std::printf("unknown words: read as %s\n", c.source_match == cmdseq::SourceMatch::Exact ? "<unk> (exact)"
                                                : c.source_match == cmdseq::SourceMatch::Edit ? "the nearest known word by edit distance (edit)"
                                                                                              : "the nearest known word by character trigrams (trigram)");
    if (model->source_vocab().has_word_map())
        std::printf("word map:    %zu words the vocabulary lacks, read as a known word of the same meaning first\n",
                    model->source_vocab().word_map_size());
    auto sample = [](const cmdseq::Vocabulary& v) {
        std::string s;
        for (int i = 0; i < v.size() && i < 12; ++i) s += (i ? " " : "") + v.token(i);
        return s + (v.size() > 12 ? " ..." : "");
    };
    std::printf("source vocab: %d tokens: %s\n", model->source_vocab().size(), sample(model->source_vocab()).c_str());
    std::printf("target vocab: %d tokens: %s\n", model->target_vocab().size(), sample(model->target_vocab()).c_str());
    std::printf("metadata:    %s\n", j["metadata"].dump().c_str());
    return 0;
}

}  // namespace cmdseq_native
