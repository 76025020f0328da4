#include "evaluate.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "errors.h"
#include "tokenizer.h"

namespace cmdseq {

std::vector<Example> read_examples(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot open " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    std::vector<nlohmann::json> items;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_array()) {
        for (auto& x : parsed) items.push_back(x);
    } else {  // JSON lines
        std::istringstream lines(text);
        std::string line;
        int n = 0;
        while (std::getline(lines, line)) {
            ++n;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            auto j = nlohmann::json::parse(line, nullptr, false);
            if (j.is_discarded()) throw InputError(path + ":" + std::to_string(n) + ": not valid JSON (expected an array or one object per line)");
            items.push_back(j);
        }
    }
    std::vector<Example> out;
    for (size_t i = 0; i < items.size(); ++i) {
        const auto& j = items[i];
        if (!j.is_object() || !j.contains("input") || !j.contains("output") || !j["input"].is_string() || !j["output"].is_string())
            throw InputError(path + ": example " + std::to_string(i + 1) + " needs string fields \"input\" and \"output\"");
        out.push_back({j["input"], j["output"], j.contains("category") && j["category"].is_string() ? j["category"].get<std::string>() : "uncategorized"});
    }
    if (out.empty()) throw InputError(path + " holds no examples");
    return out;
}

std::string command_name(const std::string& command) {
    for (auto& t : tokenize_command(command)) {
        if (t == "sudo" || (t.find('=') != std::string::npos && t[0] != '-')) continue;
        return t;
    }
    return "";
}

static std::string normalise(const std::string& c) { return join_command(tokenize_command(c)); }

Evaluation evaluate(Translator& tr, const std::vector<Example>& examples, const DecodeOptions& options) {
    Evaluation ev;
    ev.by_category["all"];
    for (auto& ex : examples) {
        std::string got;
        try {
            got = tr.translate(ex.input, options).command;
        } catch (const InputError&) {
        }
        const bool exact = normalise(got) == normalise(ex.output);
        const bool name = command_name(got) == command_name(ex.output);
        for (const std::string& cat : {ex.category, std::string("all")}) {
            Score& s = ev.by_category[cat];
            ++s.n;
            s.exact += exact;
            s.name += name;
        }
        ev.commands.push_back(got);
        ev.correct.push_back(exact);
    }
    return ev;
}

double agreement_pct(const Evaluation& a, const Evaluation& b) {
    const size_t n = std::min(a.commands.size(), b.commands.size());
    size_t same = 0;
    for (size_t i = 0; i < n; ++i) same += a.commands[i] == b.commands[i];
    return n ? 100.0 * double(same) / double(n) : 0;
}

}  // namespace cmdseq
