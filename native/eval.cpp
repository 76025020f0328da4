// `cmdseq eval DATA.json`: exact-match and command-name accuracy per category,
// for one model or several side by side.
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "subcommands.h"

namespace cmdseq_native {

namespace {

struct Example {
    std::string input, output, category;
};

std::vector<Example> read_examples(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw cmdseq::IoError("cannot open " + path);
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
            if (j.is_discarded()) throw cmdseq::InputError(path + ":" + std::to_string(n) + ": not valid JSON (expected an array or one object per line)");
            items.push_back(j);
        }
    }
    std::vector<Example> out;
    for (size_t i = 0; i < items.size(); ++i) {
        const auto& j = items[i];
        if (!j.is_object() || !j.contains("input") || !j.contains("output") || !j["input"].is_string() || !j["output"].is_string())
            throw cmdseq::InputError(path + ": example " + std::to_string(i + 1) + " needs string fields \"input\" and \"output\"");
        out.push_back({j["input"], j["output"], j.contains("category") && j["category"].is_string() ? j["category"].get<std::string>() : "uncategorized"});
    }
    if (out.empty()) throw cmdseq::InputError(path + " holds no examples");
    return out;
}

// The command's program name: the first word that is not sudo or VAR=value.
std::string command_name(const std::string& command) {
    for (auto& t : cmdseq::tokenize_command(command)) {
        if (t == "sudo" || (t.find('=') != std::string::npos && t[0] != '-')) continue;
        return t;
    }
    return "";
}

std::string normalise(const std::string& c) { return cmdseq::join_command(cmdseq::tokenize_command(c)); }

struct Score {
    int n = 0, exact = 0, name = 0;
};

}  // namespace

int run_eval(const CliOptions& o) {
    if (o.words.size() != 1) throw cmdseq::OptionsError("usage: cmdseq eval DATA.json [--model A] [--compare B]");
    const auto examples = read_examples(o.words[0]);
    std::vector<std::string> paths = {o.model_path};
    for (auto& p : o.compare_models) paths.push_back(p);

    std::vector<std::map<std::string, Score>> scores(paths.size());
    nlohmann::json report = nlohmann::json::array();
    for (size_t m = 0; m < paths.size(); ++m) {
        auto model = load_model(paths[m]);
        cmdseq::Translator tr(model);
        for (auto& ex : examples) {
            std::string got;
            try {
                got = tr.translate(ex.input, o.decode).command;
            } catch (const cmdseq::InputError&) {
            }
            for (const std::string& cat : {ex.category, std::string("all")}) {
                Score& s = scores[m][cat];
                ++s.n;
                s.exact += normalise(got) == normalise(ex.output);
                s.name += command_name(got) == command_name(ex.output);
            }
        }
    }

    auto pct = [](int a, int n) { return n ? 100.0 * a / n : 0.0; };
    if (o.json) {
        for (size_t m = 0; m < paths.size(); ++m) {
            nlohmann::json cats;
            for (auto& [cat, s] : scores[m]) cats[cat] = {{"n", s.n}, {"exact", pct(s.exact, s.n)}, {"name", pct(s.name, s.n)}};
            report.push_back({{"model", paths[m].empty() ? "embedded" : paths[m]}, {"categories", cats}});
        }
        std::printf("%s\n", report.dump().c_str());
        return 0;
    }
    std::printf("%-28s %6s", "category", "n");
    for (size_t m = 0; m < paths.size(); ++m) std::printf(" | %-22s", (paths[m].empty() ? std::string("embedded") : paths[m]).substr(0, 22).c_str());
    std::printf("\n%-28s %6s", "", "");
    for (size_t m = 0; m < paths.size(); ++m) std::printf(" | %10s %11s", "exact", "name");
    std::printf("\n");
    auto row = [&](const std::string& cat) {
        std::printf("%-28s %6d", cat.substr(0, 28).c_str(), scores[0][cat].n);
        for (size_t m = 0; m < paths.size(); ++m) {
            const Score& s = scores[m][cat];
            std::printf(" | %9.1f%% %10.1f%%", pct(s.exact, s.n), pct(s.name, s.n));
        }
        std::printf("\n");
    };
    for (auto& [cat, s] : scores[0])
        if (cat != "all") row(cat);
    row("all");
    return 0;
}

}  // namespace cmdseq_native
