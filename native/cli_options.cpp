#include "cli_options.h"

#include <cerrno>
#include <cstdlib>

namespace cmdseq_native {

const char* kHelpText = R"(cmdseq - turn a request in plain English into one Linux command

usage:
  cmdseq [options] REQUEST...        translate one request; only the command goes to stdout
  cmdseq [options] < FILE            batch: one request per line in, one command per line out
  cmdseq [options]                   interactive prompt (stdin a terminal); :help lists its commands
  cmdseq risk [--json] -- COMMAND... label a command: read-only, modifies-files, destructive, needs-root
  cmdseq info [MODEL] [--json]       sizes, parameters, vocabularies, storage, checksum, metadata
  cmdseq eval DATA.json [--model A] [--compare B] [--errors N] [--min-exact X] [--min-agreement X]
                                     exact-match and command-name accuracy, per category; with
                                     --compare, how often B prints the same command as A; --errors
                                     lists wrong answers; the --min options make it exit 1 below X%
  cmdseq bench [--model M] [--compare M2] [--requests FILE] [--runs N] [--beam N] [--max-len N]
                                     latency p50/p95/p99, throughput, load time, peak memory;
                                     with --compare, side by side with the time ratios
  cmdseq serve [--host H] [--port P] [--threads N (16)] [--root DIR] [--quiet] [--model M] [decoding options]
                                     the web app (DIR/index.html, default: this source tree) and a
                                     JSON API on http://H:P/ (default 127.0.0.1:8080; port 0: any
                                     free one): POST /translate {"text": ..., "strategy": "beam",
                                     "beam_width": 4, "trace": true, ...} answers like --json;
                                     GET /health, GET /model (like info --json)

model:
  -m, --model PATH       a .cmdseq model file (default: the model built into this binary)

decoding:
  --beam N               beam search with N hypotheses (default: greedy)
  --nbest K              with --beam: list the K best commands (JSON: "nbest")
  --length-penalty A     with --beam: rank by log-prob / length^A (default 1)
  --sample               sample instead of searching
  --temperature T        sampling temperature, 0 (or below 0.0001) = argmax (default 1)
  --top-k K              sample among the K most likely tokens (default 0 = all)
  --top-p P              sample among the tokens making up probability P (default 1)
  --seed S               sampling seed; the same seed gives the same command everywhere (default 1)
  --max-len N            longest command in tokens (default 64)
  --match exact|edit|trigram
                         how a request word the model does not know is read: as unknown
                         (exact), or as the known word nearest in spelling (default: the
                         model's own setting, see cmdseq info)

output:
  --json                 one JSON object per request: input, command, risk, score, ms, ...
  --explain              attention heatmap (request tokens x command tokens) and the top
                         candidates at each step, on stdout after the command
  --numbers              with --explain: print the attention weights in the cells
  --top N                with --explain: candidates per step (default 3)
  --no-color             plain characters instead of terminal colours

running (never by default):
  --exec                 show the command and its risk, ask on the terminal, then run it:
                         read-only needs an answer starting with y; modifies-files or
                         unknown needs the word "yes"; never without a terminal on stdin
  --force                with --exec: allow commands labelled destructive (then "yes" too)

  -h, --help             this text
  --version              version

exit status: 0 ok, 1 usage error, 2 bad model or input
)";

namespace {

int to_int(const std::string& opt, const std::string& v) {
    char* end = nullptr;
    errno = 0;
    long x = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || errno || x < -1000000000L || x > 1000000000L)
        throw cmdseq::OptionsError(opt + " needs an integer, got \"" + v + "\"");
    return int(x);
}

float to_float(const std::string& opt, const std::string& v) {
    char* end = nullptr;
    errno = 0;
    float x = std::strtof(v.c_str(), &end);
    if (v.empty() || *end || errno) throw cmdseq::OptionsError(opt + " needs a number, got \"" + v + "\"");
    return x;
}

}  // namespace

CliOptions parse_cli(int argc, char** argv) {
    CliOptions o;
    int i = 1;
    if (argc > 1) {
        std::string first = argv[1];
        if (first == "risk" || first == "info" || first == "eval" || first == "bench" || first == "serve") {
            o.subcommand = first;
            ++i;
        }
    }
    if (o.subcommand == "risk") {  // everything after the options is the command, dashes and all
        for (; i < argc; ++i) {
            std::string a = argv[i];
            if (a == "--json") o.json = true;
            else if (a == "-h" || a == "--help") o.help = true;
            else break;
        }
        if (i < argc && std::string(argv[i]) == "--") ++i;
        for (; i < argc; ++i) o.words.push_back(argv[i]);
        return o;
    }
    bool beam_set = false, sample_set = false;
    for (; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw cmdseq::OptionsError(a + " needs a value");
            return argv[++i];
        };
        if (a == "--") {
            for (++i; i < argc; ++i) o.words.push_back(argv[i]);
            break;
        }
        if (a == "-h" || a == "--help") o.help = true;
        else if (a == "--version") o.version = true;
        else if (a == "-m" || a == "--model") o.model_path = value();
        else if (a == "--compare") o.compare_models.push_back(value());
        else if (a == "--beam") { o.decode.beam_width = to_int(a, value()); beam_set = true; }
        else if (a == "--nbest") o.decode.nbest = to_int(a, value());
        else if (a == "--length-penalty") o.decode.length_penalty = to_float(a, value());
        else if (a == "--sample") sample_set = true;
        else if (a == "--temperature") { o.decode.temperature = to_float(a, value()); sample_set = true; }
        else if (a == "--top-k") { o.decode.top_k = to_int(a, value()); sample_set = true; }
        else if (a == "--top-p") { o.decode.top_p = to_float(a, value()); sample_set = true; }
        else if (a == "--seed") {
            std::string v = value();
            char* end = nullptr;
            o.decode.seed = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end || v[0] == '-') throw cmdseq::OptionsError("--seed needs a non-negative integer, got \"" + v + "\"");
        }
        else if (a == "--max-len") o.decode.max_len = to_int(a, value());
        else if (a == "--match") {
            std::string v = value();
            if (!cmdseq::parse_source_match(v, o.source_match))
                throw cmdseq::OptionsError("--match must be exact, edit or trigram, got \"" + v + "\"");
            o.match_set = true;
        }
        else if (a == "--json") o.json = true;
        else if (a == "--explain") o.explain = true;
        else if (a == "--numbers") { o.numbers = true; o.explain = true; }
        else if (a == "--top") o.explain_top = to_int(a, value());
        else if (a == "--no-color") o.color = false;
        else if (a == "--exec") o.exec = true;
        else if (a == "--force") o.force = true;
        else if (a == "--requests") o.requests_file = value();
        else if (a == "--host" && o.subcommand == "serve") o.serve_host = value();
        else if (a == "--port" && o.subcommand == "serve") o.serve_port = to_int(a, value());
        else if (a == "--threads" && o.subcommand == "serve") o.serve_threads = to_int(a, value());
        else if (a == "--root" && o.subcommand == "serve") o.web_root = value();
        else if (a == "--quiet" && o.subcommand == "serve") o.quiet = true;
        else if (a == "--runs") o.runs = to_int(a, value());
        else if (a == "--errors") o.show_errors = to_int(a, value());
        else if (a == "--min-exact") o.min_exact = to_float(a, value());
        else if (a == "--min-agreement") o.min_agreement = to_float(a, value());
        else if (a.size() > 1 && a[0] == '-') throw cmdseq::OptionsError("unknown option " + a + " (see cmdseq --help)");
        else o.words.push_back(a);
    }
    if (beam_set && sample_set) throw cmdseq::OptionsError("--beam and sampling options exclude each other");
    if (o.decode.nbest > 1 && !beam_set) throw cmdseq::OptionsError("--nbest needs --beam N");
    if (beam_set) {
        o.decode.strategy = cmdseq::Strategy::Beam;
        o.beam_for_bench = o.decode.beam_width;
    }
    if (sample_set) o.decode.strategy = cmdseq::Strategy::Sample;
    if (o.explain) {
        o.decode.trace = true;
        if (o.explain_top < 1 || o.explain_top > 20) throw cmdseq::OptionsError("--top must be between 1 and 20");
        o.decode.trace_candidates = o.explain_top;
    }
    if (o.runs < 1 || o.runs > 100000) throw cmdseq::OptionsError("--runs must be between 1 and 100000");
    if (o.serve_port < 0 || o.serve_port > 65535) throw cmdseq::OptionsError("--port must be between 0 (any free port) and 65535");
    if (o.serve_threads < 1 || o.serve_threads > 64) throw cmdseq::OptionsError("--threads must be between 1 and 64");
    if (o.subcommand == "serve" && !o.words.empty()) throw cmdseq::OptionsError("serve takes no request (got \"" + o.words[0] + "\"); POST it to /translate");
    if (o.force && !o.exec) throw cmdseq::OptionsError("--force only makes sense with --exec");
    if (o.subcommand.empty() || o.subcommand == "bench" || o.subcommand == "serve") o.decode.validate();
    return o;
}

}  // namespace cmdseq_native
