// `cmdseq eval DATA.json`: exact-match and command-name accuracy per category,
// for one model or several side by side, with how often they agree.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "subcommands.h"

namespace cmdseq_native {

int run_eval(const CliOptions& o) {
    if (o.words.size() != 1) throw cmdseq::OptionsError("usage: cmdseq eval DATA.json [--model A] [--compare B]");
    const auto examples = cmdseq::read_examples(o.words[0]);
    std::vector<std::string> paths = {o.model_path};
    for (auto& p : o.compare_models) paths.push_back(p);
    auto label = [&](size_t m) { return paths[m].empty() ? std::string("embedded") : paths[m]; };

    std::vector<cmdseq::Evaluation> evs;
    for (auto& path : paths) {
        cmdseq::Translator tr(load_model(path));
        if (o.match_set) tr.set_source_match(o.source_match);
        evs.push_back(cmdseq::evaluate(tr, examples, o.decode));
    }

    int status = 0;
    std::vector<std::string> failures;
    if (evs[0].all().exact_pct() < o.min_exact)
        failures.push_back("exact match " + std::to_string(evs[0].all().exact_pct()) + "% is below --min-exact " + std::to_string(o.min_exact));
    for (size_t m = 1; m < evs.size(); ++m)
        if (cmdseq::agreement_pct(evs[0], evs[m]) < o.min_agreement)
            failures.push_back(label(m) + " agrees with " + label(0) + " on " + std::to_string(cmdseq::agreement_pct(evs[0], evs[m])) +
                               "% of examples, below --min-agreement " + std::to_string(o.min_agreement));
    if (!failures.empty()) status = 1;

    if (o.json) {
        nlohmann::json report = nlohmann::json::array();
        for (size_t m = 0; m < paths.size(); ++m) {
            nlohmann::json cats;
            for (auto& [cat, s] : evs[m].by_category) cats[cat] = {{"n", s.n}, {"exact", s.exact_pct()}, {"name", s.name_pct()}};
            nlohmann::json entry = {{"model", label(m)}, {"categories", cats}};
            if (m > 0) entry["agreement_with_first"] = cmdseq::agreement_pct(evs[0], evs[m]);
            report.push_back(entry);
        }
        std::printf("%s\n", report.dump().c_str());
    } else {
        std::printf("%-28s %6s", "category", "n");
        for (size_t m = 0; m < paths.size(); ++m) std::printf(" | %-22s", label(m).substr(0, 22).c_str());
        std::printf("\n%-28s %6s", "", "");
        for (size_t m = 0; m < paths.size(); ++m) std::printf(" | %10s %11s", "exact", "name");
        std::printf("\n");
        auto row = [&](const std::string& cat) {
            std::printf("%-28s %6d", cat.substr(0, 28).c_str(), evs[0].by_category.at(cat).n);
            for (auto& e : evs) {
                const cmdseq::Score& s = e.by_category.at(cat);
                std::printf(" | %9.1f%% %10.1f%%", s.exact_pct(), s.name_pct());
            }
            std::printf("\n");
        };
        for (auto& [cat, s] : evs[0].by_category)
            if (cat != "all") row(cat);
        row("all");
        for (size_t m = 1; m < evs.size(); ++m)
            std::printf("%s prints the same command as %s for %.2f%% of the examples\n", label(m).c_str(), label(0).c_str(),
                        cmdseq::agreement_pct(evs[0], evs[m]));
        int shown = 0;
        for (size_t i = 0; i < examples.size() && shown < o.show_errors; ++i) {
            if (evs[0].correct[i]) continue;
            std::printf("  \"%s\"\n      want `%s`\n      got  `%s`\n", examples[i].input.c_str(), examples[i].output.c_str(), evs[0].commands[i].c_str());
            ++shown;
        }
    }
    for (auto& f : failures) std::fprintf(stderr, "cmdseq eval: %s\n", f.c_str());
    return status;
}

}  // namespace cmdseq_native
