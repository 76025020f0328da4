// make-data and check-data.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "dataset.h"
#include "man_pages.h"
#include "model_file.h"
#include "options.h"
#include "onnx_export.h"
#include "word_net.h"

#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace cmdseq::train {

namespace {

const char* kMakeDataHelp = R"(usage: cmdseq-train make-data [options]

Expands the command forms and their phrasings into request -> command pairs
and writes train.jsonl, valid.jsonl, test.jsonl (held-out phrasings) and
test-typos.jsonl (the same phrasings, misspelt once) and test-blanks.jsonl (the
same phrasings with their values left out: "extract an archive" -> `tar -xzf
ARCHIVE`). Deterministic per seed.

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

const char* kMakeManDataHelp = R"(usage: cmdseq-train make-man-data [options]

Reads the installed manual pages of the programs the forms use (man-db renders
them) and writes pairs from them: each page's NAME line for the program's
plainest form, and each option's description for the forms that use it, with
values as named blanks. The text stays out of the repository: the pairs go to
--out, with the pages' packages and versions beside them (FILE.meta.json).
`cmdseq-train train --extra FILE` adds them to the training pairs.

  --forms DIR     (default trainer/data/forms)
  --data DIR      the own pairs, whose requests keep their commands (default trainer/data/pairs)
  --seed N        (default 1)
  --out FILE      (default build/data/man.jsonl)
)";

// stdout of a shell command, or "" when it fails
std::string run_text(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return "";
    std::string out;
    std::array<char, 65536> buf;
    for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0;) out.append(buf.data(), n);
    return out;
}

bool safe_page_name(const std::string& name) {
    return !name.empty() && name.size() < 64 && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._+-") == std::string::npos &&
           name[0] != '-';
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

const char* kWordMapHelp = R"(usage: cmdseq-train word-map --model FILE --out FILE [options]

Writes a copy of a model with a word map built from WordNet: common words its
source vocabulary lacks, read as a known word that shares their meaning
("terminate" -> "end") or as their base form ("ran" -> "run"). The core reads a
request word through the map before it tries the nearest spelling. `train`
adds the map by itself when WordNet is installed (--no_word_map: leave it out).

  --model FILE    the model to copy (fp32 or int8; int8 stays int8)
  --out FILE      the copy, written atomically
  --wordnet DIR   (default /usr/share/wordnet, Debian's wordnet-base)
  --senses N      the senses per part of speech whose synonyms count (default 2)
  --none          write the copy without a word map (for comparisons)
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
    write_jsonl(out + "/test-blanks.jsonl", d.test_blanks);
    std::printf("%zu forms -> %zu train, %zu valid, %zu test, %zu test-typos, %zu test-blanks pairs in %s\n", forms.size(),
                d.train.size(), d.valid.size(), d.test.size(), d.test_typos.size(), d.test_blanks.size(), out.c_str());
    return 0;
}

int run_make_man_data(const Args& args) {
    Options o(args, {{"forms", true}, {"data", true}, {"seed", true}, {"out", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kMakeManDataHelp, stdout), 0;
    const uint64_t seed = static_cast<uint64_t>(o.integer("seed", 1, 0, 1L << 62));
    auto forms = load_forms(data_path(o, "forms", "forms"));
    auto own = read_jsonl(data_path(o, "data", "pairs") + "/train.jsonl");
    const std::string out = o.str("out", source_dir() + "/build/data/man.jsonl");
    if (run_text("command -v man").empty()) throw IoError("make-man-data needs man (Debian's man-db package)");

    // every page a form may be about: the program, and "program-subcommand" (git-commit, ip-route)
    std::set<std::string> wanted;
    for (auto& f : forms)
        for (auto& name : page_names(f.command)) wanted.insert(name);
    std::map<std::string, ManPage> pages;
    nlohmann::json meta = {{"man-db", trimmed(run_text("dpkg-query -W -f='${Version}' man-db 2>/dev/null"))}, {"pages", nlohmann::json::object()}};
    size_t done = 0;
    for (auto& name : wanted) {
        if (++done % 50 == 0) std::fprintf(stderr, "make-man-data: %zu/%zu pages looked up\n", done, wanted.size());
        if (!safe_page_name(name)) continue;
        const std::string where = trimmed(run_text("man -w " + name + " 2>/dev/null"));
        if (where.empty() || where.find('\n') != std::string::npos) continue;
        ManPage page = parse_man_page(name, run_text("MANWIDTH=2000 MANPAGER=cat LC_ALL=C.UTF-8 man " + name + " 2>/dev/null | col -bx"));
        if (page.summary.empty() && page.options.empty()) continue;
        std::string package = trimmed(run_text("dpkg -S '" + where + "' 2>/dev/null"));
        package = package.substr(0, package.find(':'));
        meta["pages"][name] = {{"file", where}, {"package", package},
                               {"version", package.empty() ? "" : trimmed(run_text("dpkg-query -W -f='${Version}' " + package + " 2>/dev/null"))},
                               {"options", page.options.size()}};
        pages.emplace(name, std::move(page));
    }
    std::vector<Record> pairs = man_pairs(forms, pages, own, seed);
    const std::filesystem::path parent = std::filesystem::path(out).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    write_jsonl(out, pairs);
    const std::string m = meta.dump(1) + "\n";
    write_file_atomic(out + ".meta.json", std::vector<uint8_t>(m.begin(), m.end()));
    std::printf("%zu manual pages of %zu looked up -> %zu pairs in %s\n", pages.size(), wanted.size(), pairs.size(), out.c_str());
    return 0;
}

int run_word_map(const Args& args) {
    Options o(args, {{"model", true}, {"out", true}, {"wordnet", true}, {"senses", true}, {"none", false}, {"help", false}});
    if (o.has("help")) return std::fputs(kWordMapHelp, stdout), 0;
    if (!o.has("model") || !o.has("out")) throw OptionsError("--model FILE and --out FILE are required");
    const auto bytes = read_file_bytes(o.str("model", ""));
    ParsedModel p = parse_model(bytes.data(), bytes.size(), o.str("model", ""));
    ModelData m = model_data_of_file(o.str("model", ""));
    m.config.storage = p.config.storage;  // re-quantizing int8 weights from their int8 values is exact
    m.word_map.clear();
    if (!o.has("none")) {
        WordNet wn = load_wordnet(o.str("wordnet", "/usr/share/wordnet"));
        m.word_map = build_word_map(wn, m.source_vocab, int(o.integer("senses", 2, 1, 100)));
    }
    write_model_file(o.str("out", ""), m);
    std::printf("%s: %zu words in the word map, %zu bytes\n", o.str("out", "").c_str(), m.word_map.size(),
                read_file_bytes(o.str("out", "")).size());
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
