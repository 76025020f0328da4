// make-data and check-data.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "dataset.h"
#include "options.h"

namespace cmdseq::train {

namespace {

const char* kMakeDataHelp = R"(usage: cmdseq-train make-data [options]

Expands the command forms and their phrasings into request -> command pairs
and writes train.jsonl, valid.jsonl, test.jsonl (held-out phrasings) and
test-typos.jsonl (the same phrasings, misspelt once). Deterministic per seed.

  --forms DIR     the forms (default trainer/data/forms)
  --values FILE   slot values (default trainer/data/values.txt)
  --seed N        (default 1)
  --out DIR       (default trainer/data/pairs)
)";

const char* kCheckDataHelp = R"(usage: cmdseq-train check-data [options]

Lints the forms and the pairs: phrasings that are the same or one word apart
for different commands, duplicate or conflicting pairs, commands that do not
parse as shell, slots missing on either side, values that do not read back as
their slot, thin categories. Exits 1 when there are errors.

  --forms DIR     (default trainer/data/forms)
  --values FILE   (default trainer/data/values.txt)
  --data DIR      the pairs to check (default trainer/data/pairs)
  --quiet         errors only
)";

std::string data_path(const Options& o, const std::string& name, const std::string& fallback) {
    return o.str(name, source_dir() + "/trainer/data/" + fallback);
}

}  // namespace

int run_make_data(const Args& args) {
    Options o(args, {{"forms", true}, {"values", true}, {"seed", true}, {"out", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kMakeDataHelp, stdout), 0;
    GenerateOptions g;
    g.seed = static_cast<uint64_t>(o.integer("seed", 1, 0, 1L << 62));
    auto forms = load_forms(data_path(o, "forms", "forms"));
    auto values = load_values(data_path(o, "values", "values.txt"));
    Dataset d = generate_dataset(forms, values, g);
    const std::string out = data_path(o, "out", "pairs");
    std::filesystem::create_directories(out);
    write_jsonl(out + "/train.jsonl", d.train);
    write_jsonl(out + "/valid.jsonl", d.valid);
    write_jsonl(out + "/test.jsonl", d.test);
    write_jsonl(out + "/test-typos.jsonl", d.test_typos);
    std::printf("%zu forms -> %zu train, %zu valid, %zu test, %zu test-typos pairs in %s\n", forms.size(), d.train.size(),
                d.valid.size(), d.test.size(), d.test_typos.size(), out.c_str());
    return 0;
}

int run_check_data(const Args& args) {
    Options o(args, {{"forms", true}, {"values", true}, {"data", true}, {"quiet", false}, {"help", false}});
    if (o.has("help")) return std::fputs(kCheckDataHelp, stdout), 0;
    auto forms = load_forms(data_path(o, "forms", "forms"));
    auto values = load_values(data_path(o, "values", "values.txt"));
    const std::string dir = data_path(o, "data", "pairs");
    Dataset d;
    d.train = read_jsonl(dir + "/train.jsonl");
    d.valid = read_jsonl(dir + "/valid.jsonl");
    d.test = read_jsonl(dir + "/test.jsonl");
    CheckReport r = check_data(forms, values, d);
    if (!o.has("quiet")) {
        for (auto& s : r.info) std::printf("  %s\n", s.c_str());
        for (auto& s : r.warnings) std::printf("warning: %s\n", s.c_str());
    }
    for (auto& s : r.errors) std::printf("error: %s\n", s.c_str());
    std::printf("%zu errors, %zu warnings\n", r.errors.size(), r.warnings.size());
    return r.errors.empty() ? 0 : 1;
}

}  // namespace cmdseq::train
