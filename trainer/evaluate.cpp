#include "evaluate.h"

#include <cstdio>

#include "commands.h"
#include "errors.h"
#include "model.h"
#include "options.h"
#include "tokenizer.h"

namespace cmdseq::train {

std::string command_name(const std::string& command) {
    auto tokens = tokenize_command(command);
    size_t i = 0;
    while (i < tokens.size() && tokens[i] == "sudo") ++i;
    return i < tokens.size() ? tokens[i] : "";
}

Evaluation evaluate(Translator& tr, const std::vector<Record>& records, const DecodeOptions& options) {
    Evaluation ev;
    double ms = 0;
    for (auto& r : records) {
        std::string got;
        try {
            Translation t = tr.translate(r.input, options);
            got = t.command;
            ms += t.ms;
        } catch (const InputError&) {
            got = "";
        }
        const bool exact = got == r.output;
        const bool name = command_name(got) == command_name(r.output);
        for (Score* s : {&ev.all, &ev.by_category[r.category]}) {
            ++s->total;
            s->exact += exact;
            s->command_name += name;
        }
        ev.commands.push_back(got);
    }
    ev.mean_ms = records.empty() ? 0 : ms / double(records.size());
    return ev;
}

namespace {

const char* kHelp = R"(usage: cmdseq-train evaluate --model FILE [--model FILE ...] [options]

Runs every request of a JSONL split through the core and prints exact-match and
command-name accuracy per category, side by side for each model given. With two
or more models it also prints how often their commands agree with the first's.

  --model FILE    a .cmdseq model (repeat the option to compare models)
  --data FILE     the split (default trainer/data/pairs/test.jsonl)
  --beam N        beam search of width N instead of greedy
  --errors N      print up to N wrong answers of the first model
  --markdown      print the table as Markdown
  --min-exact X   exit 1 when the first model's exact match is below X percent
  --min-agreement X  exit 1 when another model agrees with the first on fewer than X percent
)";

}  // namespace

int run_evaluate(const Args& raw) {
    // --model may repeat: take them out before the single-valued parser
    Args args;
    std::vector<std::string> models;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == "--model") {
            if (i + 1 >= raw.size()) throw OptionsError("--model needs a value");
            models.push_back(raw[++i]);
        } else {
            args.push_back(raw[i]);
        }
    }
    Options o(args, {{"data", true}, {"beam", true}, {"errors", true}, {"markdown", false}, {"min-exact", true},
                     {"min-agreement", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kHelp, stdout), 0;
    if (models.empty()) throw OptionsError("give at least one --model FILE");
    auto records = read_jsonl(o.str("data", source_dir() + "/trainer/data/pairs/test.jsonl"));
    DecodeOptions opt;
    if (o.has("beam")) {
        opt.strategy = Strategy::Beam;
        opt.beam_width = int(o.integer("beam", 4, 1, 64));
    }
    std::vector<Evaluation> evs;
    for (auto& m : models) {
        Translator tr(Model::load_file(m));
        evs.push_back(evaluate(tr, records, opt));
    }
    const bool md = o.has("markdown");
    std::printf(md ? "| category | n |" : "%-12s %5s", "category", "n");
    for (auto& m : models) std::printf(md ? " %s exact | name |" : "  %22.22s", m.c_str());
    std::printf("\n");
    if (md) {
        std::printf("|---|---:|");
        for (size_t i = 0; i < models.size(); ++i) std::printf("---:|---:|");
        std::printf("\n");
    }
    auto row = [&](const std::string& name, auto score_of) {
        std::printf(md ? "| %s | %d |" : "%-12s %5d", name.c_str(), score_of(evs[0]).total);
        for (auto& e : evs) std::printf(md ? " %.1f%% | %.1f%% |" : "  exact %5.1f%% name %5.1f%%", score_of(e).exact_pct(), score_of(e).name_pct());
        std::printf("\n");
    };
    for (auto& [cat, _] : evs[0].by_category) row(cat, [&](const Evaluation& e) { return e.by_category.at(cat); });
    row(md ? "**all**" : "all", [](const Evaluation& e) { return e.all; });
    int status = 0;
    const double min_exact = o.number("min-exact", 0, 0, 100), min_agree = o.number("min-agreement", 0, 0, 100);
    if (evs[0].all.exact_pct() < min_exact) {
        std::printf("FAIL: exact match %.2f%% is below %.2f%%\n", evs[0].all.exact_pct(), min_exact);
        status = 1;
    }
    for (size_t k = 1; k < evs.size(); ++k) {
        int same = 0;
        for (size_t i = 0; i < records.size(); ++i) same += evs[k].commands[i] == evs[0].commands[i];
        const double pct = 100.0 * same / double(std::max<size_t>(1, records.size()));
        std::printf("%s agrees with %s on %d of %zu requests (%.2f%%)\n", models[k].c_str(), models[0].c_str(), same, records.size(), pct);
        if (pct < min_agree) {
            std::printf("FAIL: agreement %.2f%% is below %.2f%%\n", pct, min_agree);
            status = 1;
        }
    }
    long show = o.integer("errors", 0, 0, 1000000);
    for (size_t i = 0; i < records.size() && show > 0; ++i) {
        if (evs[0].commands[i] == records[i].output) continue;
        std::printf("  \"%s\"\n      want `%s`\n      got  `%s`\n", records[i].input.c_str(), records[i].output.c_str(), evs[0].commands[i].c_str());
        --show;
    }
    return status;
}

}  // namespace cmdseq::train
