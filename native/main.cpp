// cmdseq: the command-line front end. Parses options, calls the core, prints.
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <sys/wait.h>

#include <csignal>

#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "report.h"
#include "subcommands.h"

#ifdef CMDSEQ_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

using namespace cmdseq_native;

namespace {

constexpr int kExitOk = 0, kExitUsage = 1, kExitBadInput = 2;
constexpr size_t kMaxLineBytes = 1 << 20;  // batch lines beyond this are skipped unread

std::string json_string(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Prints a translation: the command alone on stdout (or JSON), notes on stderr
// when a person is watching it.
void print_translation(const cmdseq::Translation& t, const cmdseq::Model& model, const CliOptions& o) {
    if (o.json) {
        std::printf("%s\n", cmdseq::translation_to_json(t, model, o.explain).c_str());
    } else if (t.nbest.size() > 1) {
        for (auto& n : t.nbest) std::printf("%s\n", n.command.c_str());
    } else {
        std::printf("%s\n", t.command.c_str());
    }
    if (o.explain && !o.json) print_explanation(stdout, t, model, Style{o.color && isatty(1), o.numbers});
    std::fflush(stdout);
    if (isatty(2)) {
        print_risk(stderr, t.risk, Style{o.color, false});
        for (auto& w : t.warnings) std::fprintf(stderr, "note: %s\n", w.c_str());
        if (t.nbest.size() > 1)
            for (size_t i = 0; i < t.nbest.size(); ++i) std::fprintf(stderr, "  #%zu score %.3f  %s\n", i + 1, t.nbest[i].score, t.nbest[i].command.c_str());
    }
}

// One line typed on the terminal (at most 256 bytes kept), without surrounding blanks.
std::string read_answer(FILE* tty) {
    std::string s;
    for (int c; (c = std::fgetc(tty)) != EOF && c != '\n';)
        if (s.size() < 256) s += char(c);
    const auto first = s.find_first_not_of(" \t\r"), last = s.find_last_not_of(" \t\r");
    return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

// --exec: the answer asked for grows with the risk label. A read-only command runs on an answer
// starting with y; one that modifies files or that no rule knows needs the word "yes"; a destructive
// one is refused unless --force was given, and then needs "yes" too. Nothing runs without a terminal
// to ask on: standard input must be one.
int execute(const cmdseq::Translation& t, const CliOptions& o) {
    if (t.command.empty()) return kExitBadInput;
    const bool destructive = t.risk.has(cmdseq::kDestructive);
    const bool read_only = t.risk.has(cmdseq::kReadOnly) && !destructive && !t.risk.has(cmdseq::kModifiesFiles) && !t.risk.has(cmdseq::kUnknown);
    if (destructive && !o.force) {
        std::fprintf(stderr, "cmdseq: not running a command labelled destructive without --force\n");
        return kExitBadInput;
    }
    if (!isatty(0)) {
        std::fprintf(stderr, "cmdseq: --exec asks for confirmation on a terminal, and standard input is not one; nothing was run\n");
        return kExitUsage;
    }
    FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty) {
        std::fprintf(stderr, "cmdseq: --exec asks for confirmation on a terminal, and there is none; nothing was run\n");
        return kExitUsage;
    }
    std::fprintf(tty, "run: %s\n", t.command.c_str());
    if (!isatty(2)) {  // else already shown on stderr
        print_risk(tty, t.risk, Style{o.color, false});
        for (auto& w : t.warnings) std::fprintf(tty, "note: %s\n", w.c_str());  // "the model is unsure ..."
    }
    if (read_only) std::fprintf(tty, "run it? [y/N] ");
    else std::fprintf(tty, "this command is labelled %s; type \"yes\" to run it: ", t.risk.summary().c_str());
    std::fflush(tty);
    std::string answer = read_answer(tty);
    std::fclose(tty);
    for (char& c : answer) c = char(std::tolower(static_cast<unsigned char>(c)));
    const bool yes = read_only ? !answer.empty() && answer[0] == 'y' : answer == "yes";
    if (!yes) {
        std::fprintf(stderr, read_only ? "cmdseq: not run\n" : "cmdseq: not run (only the word \"yes\" runs it)\n");
        return kExitOk;
    }
    int status = std::system(t.command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : kExitBadInput;
}

// Reads one line of at most kMaxLineBytes; longer lines are consumed and flagged.
bool read_line(std::istream& in, std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    char c;
    bool any = false;
    while (in.get(c)) {
        any = true;
        if (c == '\n') break;
        if (line.size() < kMaxLineBytes) line += c;
        else too_long = true;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return any;
}

int batch(cmdseq::Translator& tr, const CliOptions& o) {
    int status = kExitOk;
    std::string line;
    bool too_long;
    long n = 0;
    while (read_line(std::cin, line, too_long)) {
        ++n;
        try {
            if (too_long) throw cmdseq::InputError("line longer than " + std::to_string(kMaxLineBytes) + " bytes");
            if (line.find_first_not_of(" \t") == std::string::npos) {
                std::printf(o.json ? "{\"input\":\"\",\"command\":\"\",\"error\":\"empty request\"}\n" : "\n");
                continue;
            }
            print_translation(tr.translate(line, o.decode), tr.model(), o);
        } catch (const cmdseq::Error& e) {
            status = kExitBadInput;
            std::fprintf(stderr, "cmdseq: line %ld: %s\n", n, e.what());
            if (o.json) std::printf("{\"input\":%s,\"command\":\"\",\"error\":%s}\n", json_string(line).c_str(), json_string(e.what()).c_str());
            else std::printf("\n");
        }
        std::fflush(stdout);
    }
    return status;
}

const char* kInteractiveHelp =
    ":greedy | :beam N | :sample     decoding strategy\n"
    ":temp T  :topk K  :topp P  :seed S  :maxlen N\n"
    ":explain on|off  :numbers on|off  :json on|off\n"
    ":risk COMMAND                   label a command\n"
    ":options                        show the current settings\n"
    ":help  :quit\n";

// One ':' command of the interactive prompt; returns false to quit.
bool interactive_command(const std::string& line, CliOptions& o) {
    std::string cmd = line.substr(1), arg;
    auto sp = cmd.find(' ');
    if (sp != std::string::npos) {
        arg = cmd.substr(sp + 1);
        cmd = cmd.substr(0, sp);
    }
    auto on = [&] { return arg != "off" && arg != "0"; };
    CliOptions next = o;
    cmdseq::DecodeOptions& d = next.decode;
    try {
        if (cmd == "q" || cmd == "quit" || cmd == "exit") return false;
        if (cmd == "help" || cmd == "h") std::printf("%s", kInteractiveHelp);
        else if (cmd == "greedy") d.strategy = cmdseq::Strategy::Greedy;
        else if (cmd == "beam") { d.strategy = cmdseq::Strategy::Beam; if (!arg.empty()) d.beam_width = std::stoi(arg); }
        else if (cmd == "sample") d.strategy = cmdseq::Strategy::Sample;
        else if (cmd == "temp") d.temperature = std::stof(arg);
        else if (cmd == "topk") d.top_k = std::stoi(arg);
        else if (cmd == "topp") d.top_p = std::stof(arg);
        else if (cmd == "seed") d.seed = std::stoull(arg);
        else if (cmd == "maxlen") d.max_len = std::stoi(arg);
        else if (cmd == "explain") { next.explain = on(); d.trace = next.explain; }
        else if (cmd == "numbers") next.numbers = on();
        else if (cmd == "json") next.json = on();
        else if (cmd == "risk") print_risk(stdout, cmdseq::assess_risk(arg), Style{o.color, false});
        else if (cmd == "options") {
            std::printf("strategy %s, beam %d, temperature %g, top-k %d, top-p %g, seed %llu, max-len %d, explain %s, json %s\n",
                        cmdseq::strategy_name(d.strategy), d.beam_width, d.temperature, d.top_k, d.top_p,
                        static_cast<unsigned long long>(d.seed), d.max_len, next.explain ? "on" : "off", next.json ? "on" : "off");
        } else std::printf("unknown command :%s (:help lists them)\n", cmd.c_str());
        d.validate();
        o = next;
    } catch (const std::exception& e) {
        std::printf("not changed: %s\n", dynamic_cast<const cmdseq::Error*>(&e) ? e.what() : ("bad value \"" + arg + "\"").c_str());
    }
    return true;
}

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) { g_interrupted = 1; }

int interactive(cmdseq::Translator& tr, CliOptions o) {
    std::printf("cmdseq %s: type a request, :help for commands, Ctrl-D to leave\n", CMDSEQ_VERSION);
    // Ctrl-C drops the line being typed, as in a shell, instead of ending the session
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    for (;;) {
        std::string line;
#ifdef CMDSEQ_HAVE_LIBEDIT
        g_interrupted = 0;
        char* raw = readline("cmdseq> ");
        if (g_interrupted) {
            std::free(raw);
            std::printf("^C\n");
            continue;
        }
        if (!raw) break;
        line = raw;
        std::free(raw);
        if (!line.empty()) add_history(line.c_str());
#else
        std::printf("cmdseq> ");
        std::fflush(stdout);
        if (!std::getline(std::cin, line)) break;
#endif
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        if (line[0] == ':') {
            if (!interactive_command(line, o)) break;
            continue;
        }
        try {
            print_translation(tr.translate(line, o.decode), tr.model(), o);
        } catch (const cmdseq::Error& e) {
            std::printf("error: %s\n", e.what());
        }
    }
    std::printf("\n");
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CliOptions o;
    try {
        o = parse_cli(argc, argv);
    } catch (const cmdseq::Error& e) {
        std::fprintf(stderr, "cmdseq: %s\n", e.what());
        return kExitUsage;
    }
    if (o.help) {
        std::printf("%s", kHelpText);
        return kExitOk;
    }
    if (o.version) {
        std::printf("cmdseq %s (model format %u)\n", CMDSEQ_VERSION, cmdseq::kFormatVersion);
        return kExitOk;
    }
    try {
        if (o.subcommand == "risk") return run_risk(o);
        if (o.subcommand == "info") return run_info(o);
        if (o.subcommand == "eval") return run_eval(o);
        if (o.subcommand == "bench") return run_bench(o);
        if (o.subcommand == "serve") return run_serve(o);

        auto model = load_model(o.model_path);
        cmdseq::Translator tr(model);
        if (o.match_set) tr.set_source_match(o.source_match);
        if (!o.words.empty()) {
            std::string request;
            for (auto& w : o.words) request += (request.empty() ? "" : " ") + w;
            cmdseq::Translation t = tr.translate(request, o.decode);
            print_translation(t, *model, o);
            return o.exec ? execute(t, o) : kExitOk;
        }
        if (o.exec) throw cmdseq::OptionsError("--exec needs a request on the command line");
        if (!isatty(0)) return batch(tr, o);
        return interactive(tr, o);
    } catch (const cmdseq::OptionsError& e) {
        std::fprintf(stderr, "cmdseq: %s\n", e.what());
        return kExitUsage;
    } catch (const cmdseq::Error& e) {
        std::fprintf(stderr, "cmdseq: %s\n", e.what());
        return kExitBadInput;
    }
}
