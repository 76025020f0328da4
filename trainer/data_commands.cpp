// make-data and check-data.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "dataset.h"
#include "man_pages.h"
#include "model_file.h"
#include "options.h"
#include "tokenizer.h"
#include "onnx_export.h"
#include "word_net.h"

#include <array>
#include <algorithm>
#include <sstream>
#include <fstream>
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

const char* kMakeSynonymDataHelp = R"(usage: cmdseq-train make-synonym-data [options]

Reads WordNet (Debian's wordnet-base) and writes training requests with one
word swapped for a synonym of the same sense ("begin" <-> "start", "huge" <->
"enormous"): the most frequent sense of common verbs, adjectives and adverbs,
both ways, never a program's name. The commands stay. The pairs go to --out,
with WordNet's version and the synonym count beside them (FILE.meta.json);
`cmdseq-train train --extra FILE` adds them to the training pairs.

  --data DIR      the own pairs to vary (train.jsonl; valid and test are kept out)
                  (default trainer/data/pairs)
  --forms DIR     for the program names to leave alone (default trainer/data/forms)
  --wordnet DIR   (default /usr/share/wordnet)
  --share P       about this share of the requests gets a variant (default 0.35)
  --corpus FILE   make-corpus's text: both words must occur in it at least
  --min_count N   N times (default 50), which keeps to the manuals' register
  --seed N        (default 1)
  --out FILE      (default build/data/synonyms.jsonl)
)";

const char* kMakeCorpusHelp = R"(usage: cmdseq-train make-corpus [options]

Writes a plain-text corpus for word vectors (Debian's fasttext trains them):
the installed manual pages of the programs the forms use, WordNet's glosses
and examples, and the package descriptions apt and dpkg know. Each line is
one sentence read by the core's tokenizer (lower case, values as
placeholders). The text stays out of the repository; the sources' versions go
beside it (FILE.meta.json).

  --forms DIR     (default trainer/data/forms)
  --wordnet DIR   (default /usr/share/wordnet)
  --out FILE      (default build/data/corpus.txt)
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

// Every manual page a form may be about: the program, and "program-subcommand"
// (git-commit, ip-route); both make-man-data and make-corpus read these.
std::set<std::string> pages_of_forms(const std::vector<Form>& forms) {
    std::set<std::string> wanted;
    for (auto& f : forms)
        for (auto& name : page_names(f.command)) wanted.insert(name);
    return wanted;
}

// A page as plain text, one paragraph a line; "" when it is not installed.
std::string render_man_page(const std::string& name) {
    return safe_page_name(name) ? run_text("MANWIDTH=2000 MANPAGER=cat LC_ALL=C.UTF-8 man " + name + " 2>/dev/null | col -bx") : "";
}

std::string package_version(const std::string& package) {
    return trimmed(run_text("dpkg-query -W -f='${Version}' " + package + " 2>/dev/null"));
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
  --vectors FILE  also read words WordNet leaves out by word vectors (fastText
                  .vec): as the vocabulary word nearest by cosine
  --min_similarity S   the least cosine for such a reading (default 0.8)
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
    const std::set<std::string> wanted = pages_of_forms(forms);
    std::map<std::string, ManPage> pages;
    nlohmann::json meta = {{"man-db", package_version("man-db")}, {"pages", nlohmann::json::object()}};
    size_t done = 0;
    for (auto& name : wanted) {
        if (++done % 50 == 0) std::fprintf(stderr, "make-man-data: %zu/%zu pages looked up\n", done, wanted.size());
        if (!safe_page_name(name)) continue;
        const std::string where = trimmed(run_text("man -w " + name + " 2>/dev/null"));
        if (where.empty() || where.find('\n') != std::string::npos) continue;
        ManPage page = parse_man_page(name, render_man_page(name));
        if (page.summary.empty() && page.options.empty()) continue;
        std::string package = trimmed(run_text("dpkg -S '" + where + "' 2>/dev/null"));
        package = package.substr(0, package.find(':'));
        meta["pages"][name] = {{"file", where}, {"package", package},
                               {"version", package.empty() ? "" : package_version(package)},
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

int run_make_synonym_data(const Args& args) {
    Options o(args, {{"forms", true}, {"data", true}, {"wordnet", true}, {"share", true}, {"seed", true}, {"out", true},
                     {"corpus", true}, {"min_count", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kMakeSynonymDataHelp, stdout), 0;
    const uint64_t seed = static_cast<uint64_t>(o.integer("seed", 1, 0, 1L << 62));
    const double share = o.number("share", 0.35, 0.0, 1.0);
    const std::string dir = data_path(o, "data", "pairs");
    auto own = read_jsonl(dir + "/train.jsonl");
    std::set<std::string> held_out;
    for (const char* split : {"/valid.jsonl", "/test.jsonl"})
        for (auto& r : read_jsonl(dir + split)) held_out.insert(r.input);
    // a program's name is a cue for that program ("watch", "halt"): never swapped in or out
    std::set<std::string> programs;
    for (auto& f : load_forms(data_path(o, "forms", "forms")))
        for (auto& t : tokenize_command(f.command))
            if (can_start_command(t)) programs.insert(t);
    const WordNet wn = load_wordnet(o.str("wordnet", "/usr/share/wordnet"));
    auto synonyms = sense_synonyms(wn, programs);
    if (o.has("corpus")) {
        // a synonym the manuals and package descriptions seldom use belongs to another
        // register or sense ("salvage" for "save"): left out
        std::map<std::string, long> count;
        std::ifstream in(o.str("corpus", ""));
        if (!in) throw IoError("cannot open " + o.str("corpus", ""));
        for (std::string w; in >> w;) ++count[w];
        const long least = o.integer("min_count", 50, 1, 1L << 40);
        for (auto it = synonyms.begin(); it != synonyms.end();) {
            auto& words = it->second;
            words.erase(std::remove_if(words.begin(), words.end(), [&](const std::string& w) { return count[w] < least; }), words.end());
            it = words.empty() || count[it->first] < least ? synonyms.erase(it) : std::next(it);
        }
    }
    std::vector<Record> pairs = synonym_pairs(own, synonyms, held_out, share, seed);
    const std::string out = o.str("out", source_dir() + "/build/data/synonyms.jsonl");
    const std::filesystem::path parent = std::filesystem::path(out).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    write_jsonl(out, pairs);
    const nlohmann::json meta = {{"wordnet", wn.version}, {"words_with_synonyms", synonyms.size()}, {"share", share}, {"seed", seed}};
    const std::string m = meta.dump(1) + "\n";
    write_file_atomic(out + ".meta.json", std::vector<uint8_t>(m.begin(), m.end()));
    std::printf("%zu words with sense synonyms; %zu of %zu requests varied -> %s\n", synonyms.size(), pairs.size(), own.size(), out.c_str());
    return 0;
}

namespace {

// One line of the corpus: the text as the encoder reads it, or "" when it holds no words.
std::string corpus_line(const std::string& text) {
    std::string t = text.substr(0, 4000);
    std::replace_if(t.begin(), t.end(), [](char c) { return c == '\t' || c == '\r'; }, ' ');
    try {
        std::string line;
        for (auto& tok : tokenize_request(t).tokens) line += (line.empty() ? "" : " ") + tok;
        return line;
    } catch (const std::exception&) {
        return "";
    }
}

}  // namespace

int run_make_corpus(const Args& args) {
    Options o(args, {{"forms", true}, {"wordnet", true}, {"out", true}, {"help", false}});
    if (o.has("help")) return std::fputs(kMakeCorpusHelp, stdout), 0;
    const std::string out = o.str("out", source_dir() + "/build/data/corpus.txt");
    const std::string wordnet = o.str("wordnet", "/usr/share/wordnet");
    std::string corpus;
    size_t lines = 0;
    auto add = [&](const std::string& text) {
        std::string l = corpus_line(text);
        if (l.find(' ') == std::string::npos) return;  // one word says nothing about its neighbours
        corpus += l + "\n";
        ++lines;
    };
    nlohmann::json meta = {{"man-db", package_version("man-db")}};
    // manual pages: each paragraph of each page
    size_t pages = 0;
    for (auto& name : pages_of_forms(load_forms(data_path(o, "forms", "forms")))) {
        const std::string text = render_man_page(name);
        if (text.empty()) continue;
        ++pages;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) add(line);
    }
    meta["man_pages"] = pages;
    // WordNet: glosses and their examples ("... | a gloss; \"an example\"")
    for (const char* part : {"noun", "verb", "adj", "adv"}) {
        std::ifstream in(wordnet + "/data." + part);
        if (!in) throw IoError("cannot open " + wordnet + "/data." + part + " (WordNet: Debian's wordnet-base package)");
        for (std::string line; std::getline(in, line);) {
            const size_t bar = line.find(" | ");
            if (line.empty() || line[0] == ' ' || bar == std::string::npos) continue;
            std::string gloss = line.substr(bar + 3);
            for (size_t start = 0; start < gloss.size();) {
                size_t end = gloss.find("; ", start);
                if (end == std::string::npos) end = gloss.size();
                std::string piece = gloss.substr(start, end - start);
                piece.erase(std::remove(piece.begin(), piece.end(), '"'), piece.end());
                add(piece);
                start = end + 2;
            }
        }
    }
    meta["wordnet"] = package_version("wordnet-base");
    // package descriptions: every package apt knows (the short line), and the installed ones in full
    size_t packages = 0;
    {
        std::istringstream in(run_text("apt-cache dumpavail 2>/dev/null; cat /var/lib/dpkg/status 2>/dev/null"));
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("Description: ", 0) == 0) {
                add(line.substr(13));
                ++packages;
            } else if (line.size() > 1 && line[0] == ' ' && line != " .") {
                add(line.substr(1));
            }
        }
    }
    meta["package_descriptions"] = packages;
    meta["lines"] = lines;
    const std::filesystem::path parent = std::filesystem::path(out).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    write_file_atomic(out, std::vector<uint8_t>(corpus.begin(), corpus.end()));
    const std::string m = meta.dump(1) + "\n";
    write_file_atomic(out + ".meta.json", std::vector<uint8_t>(m.begin(), m.end()));
    std::printf("%zu manual pages, WordNet's glosses, %zu package descriptions -> %zu lines, %zu bytes in %s\n", pages, packages,
                lines, corpus.size(), out.c_str());
    return 0;
}

int run_word_map(const Args& args) {
    Options o(args, {{"model", true}, {"out", true}, {"wordnet", true}, {"senses", true}, {"vectors", true}, {"min_similarity", true},
                     {"none", false}, {"help", false}});
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
        if (o.has("vectors")) {
            auto more = vector_readings(o.str("vectors", ""), m.source_vocab, m.word_map, o.number("min_similarity", 0.8, -1, 1));
            std::printf("%zu more readings from %s\n", more.size(), o.str("vectors", "").c_str());
            m.word_map.insert(more.begin(), more.end());
        }
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
