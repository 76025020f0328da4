#include "json_io.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace cmdseq {

using json = nlohmann::json;

namespace {

// Model output can hold bytes that are not UTF-8 (a request's odd bytes copied
// through); replace them rather than fail the whole result.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json risk_json(const RiskReport& r) { return json{{"labels", r.labels()}, {"summary", r.summary()}, {"reasons", r.reasons}}; }

}  // namespace

std::string risk_to_json(const std::string& command, const RiskReport& risk) {
    json j = risk_json(risk);
    j["command"] = command;
    return dump(j);
}

std::string translation_to_json(const Translation& t, const Model& model, bool with_trace) {
    json j;
    j["input"] = t.request;
    j["command"] = t.command;
    j["risk"] = t.risk.summary();
    j["risk_labels"] = t.risk.labels();
    j["risk_reasons"] = t.risk.reasons;
    j["score"] = t.score;
    j["log_prob"] = t.log_prob;
    if (t.min_token_prob >= 0) j["min_token_prob"] = t.min_token_prob;
    j["ms"] = t.ms;
    j["finished"] = t.finished;
    j["source_tokens"] = t.source_tokens;
    // words the vocabulary lacks and the word read for each; read_by says how: "meaning"
    // (the word map: a synonym or base form) or "spelling" (the nearest known word)
    json read_as = json::object(), read_by = json::object();
    for (size_t i = 0; i < t.source_read.size() && i < t.source_tokens.size(); ++i)
        if (t.source_read[i] != t.source_tokens[i] && t.source_read[i] != "<unk>") {
            read_as[t.source_tokens[i]] = t.source_read[i];
            if (i < t.source_read_by.size()) read_by[t.source_tokens[i]] = t.source_read_by[i];
        }
    j["read_as"] = read_as;
    j["read_by"] = read_by;
    j["output_tokens"] = t.output_tokens;
    json slots = json::array();
    for (auto& s : t.slots) slots.push_back({{"placeholder", s.placeholder}, {"kind", slot_kind_name(s.kind)}, {"value", s.value}, {"source_index", s.source_index}});
    j["slots"] = slots;
    json fills = json::array();
    for (auto& f : t.fills)
        fills.push_back({{"output_index", f.output_index}, {"source_index", f.source_index}, {"token", f.token}, {"value", f.value},
                         {"copied", f.copied}, {"blank", f.blank}});
    j["fills"] = fills;
    j["warnings"] = t.warnings;
    if (!t.nbest.empty()) {
        json nb = json::array();
        for (auto& n : t.nbest) nb.push_back({{"command", n.command}, {"tokens", n.tokens}, {"score", n.score}, {"log_prob", n.log_prob}});
        j["nbest"] = nb;
    }
    if (with_trace) {
        const Vocabulary& v = model.target_vocab();
        json steps = json::array();
        for (auto& s : t.trace) {
            json cands = json::array();
            for (auto& c : s.candidates) cands.push_back({{"token", v.token(c.token)}, {"prob", c.prob}, {"sample_prob", c.sample_prob}});
            json step = {{"attention", s.attention}, {"candidates", cands}, {"chosen", v.token(s.chosen)}, {"chosen_prob", s.chosen_prob}};
            if (!s.beams.empty()) {
                json beams = json::array();
                for (auto& b : s.beams) {
                    json toks = json::array();
                    for (int id : b.tokens) toks.push_back(v.token(id));
                    beams.push_back({{"tokens", toks}, {"log_prob", b.log_prob}, {"finished", b.finished}});
                }
                step["beams"] = beams;
            }
            steps.push_back(step);
        }
        j["trace"] = steps;
    }
    return dump(j);
}

std::string model_info_json(const Model& m) {
    const ModelConfig& c = m.config();
    char checksum[24];
    std::snprintf(checksum, sizeof checksum, "%016llx", static_cast<unsigned long long>(m.checksum()));
    json j = {{"format_version", m.format_version()},
              {"storage", storage_name(c.storage)},
              {"file_bytes", m.file_bytes()},
              {"weight_bytes", m.weight_bytes()},
              {"parameters", m.parameter_count()},
              {"checksum", checksum},
              {"config",
               {{"embedding_dim", c.embedding_dim}, {"hidden_dim", c.hidden_dim}, {"attention_dim", c.attention_dim},
                {"encoder_layers", c.encoder_layers}, {"decoder_layers", c.decoder_layers}, {"bidirectional", c.bidirectional},
                {"source_vocab_size", c.source_vocab_size}, {"target_vocab_size", c.target_vocab_size},
                {"source_match", source_match_name(c.source_match)}}},
              {"metadata", json::parse(m.metadata_json(), nullptr, false)}};
    return dump(j);
}

}  // namespace cmdseq
