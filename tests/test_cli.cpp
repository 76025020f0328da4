// End-to-end: the cmdseq binary as a user runs it.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "helpers.h"

namespace fs = std::filesystem;

namespace {

struct Run {
    int status;
    std::string out, err;
    std::vector<std::string> lines() const {
        std::vector<std::string> v;
        std::istringstream s(out);
        for (std::string l; std::getline(s, l);) v.push_back(l);
        return v;
    }
};

// A private folder for this test process, removed when it exits.
fs::path scratch() {
    struct Dir {
        fs::path path = fs::temp_directory_path() / ("cmdseq-cli-" + std::to_string(::getpid()));
        Dir() { fs::create_directories(path); }
        ~Dir() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    };
    static Dir dir;
    return dir.path;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs cmdseq with these arguments and standard input; stdout and stderr are files, not terminals.
// The binary as a shell word, behind the cross build's emulator if there is one.
std::string binary() { return std::string(CMDSEQ_EMULATOR) + (*CMDSEQ_EMULATOR ? " " : "") + quote(CMDSEQ_BIN); }

// `prefix` goes before the binary (e.g. "setsid -w" to run without a controlling terminal).
Run run_cmdseq(const std::vector<std::string>& args, const std::string& input = "", const std::string& prefix = "") {
    const fs::path in = scratch() / "stdin", out = scratch() / "stdout", err = scratch() / "stderr";
    std::ofstream(in, std::ios::binary) << input;
    std::string cmd = prefix + (prefix.empty() ? "" : " ") + binary();
    for (auto& a : args) cmd += " " + quote(a);
    cmd += " < " + in.string() + " > " + out.string() + " 2> " + err.string();
    const int raw = std::system(cmd.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

// What the core itself says for this request with the binary's embedded model.
cmdseq::Translation expected(const std::string& request, const cmdseq::DecodeOptions& o = {}) {
    static auto model = cmdseq::Model::load_file(EMBEDDED_MODEL);
    cmdseq::Translator tr(model);
    return tr.translate(request, o);
}

// What the shipped model says (models/standard-int8.cmdseq), for the tests that
// need one particular command: they run the binary with --model SHIPPED_MODEL
// (shipped_model_args), so they hold whatever model the binary embeds.
cmdseq::Translation shipped(const std::string& request) {
    static auto model = cmdseq::Model::load_file(SHIPPED_MODEL);
    cmdseq::Translator tr(model);
    return tr.translate(request);
}

std::vector<std::string> shipped_model_args(std::vector<std::string> args) {
    args.insert(args.begin(), {"--model", SHIPPED_MODEL});
    return args;
}

// script(1) gives a command a pseudo-terminal, as a person typing would.
bool have_pty() {
    static const bool ok = std::system("script -qec true /dev/null < /dev/null > /dev/null 2>&1") == 0;
    return ok;
}

}  // namespace

TEST_CASE("cli: stdout holds only the command") {
    Run r = run_cmdseq({"show", "disk", "usage"});
    CHECK(r.status == 0);
    CHECK(r.out == expected("show disk usage").command + "\n");
    CHECK(r.err == "");  // risk notes go to stderr only when it is a terminal
}

TEST_CASE("cli: --json carries the fields, with the n-best list under beam search") {
    Run r = run_cmdseq({"--json", "copy zqxwv.txt to /opt/blorp"});
    REQUIRE(r.status == 0);
    auto j = nlohmann::json::parse(r.out);
    const cmdseq::Translation t = expected("copy zqxwv.txt to /opt/blorp");
    CHECK(j["input"] == "copy zqxwv.txt to /opt/blorp");
    CHECK(j["command"] == t.command);
    CHECK(j["risk"] == t.risk.summary());
    CHECK(j["score"].get<double>() == doctest::Approx(t.score));
    CHECK(j["ms"].get<double>() > 0);
    CHECK(j["source_tokens"] == std::vector<std::string>{"copy", "<file0>", "to", "<path0>"});
    CHECK(j["slots"][1]["value"] == "/opt/blorp");
    CHECK(j["min_token_prob"].get<double>() == doctest::Approx(t.min_token_prob));
    CHECK(j["warnings"].size() == t.warnings.size());

    Run b = run_cmdseq({"--json", "--beam", "4", "--nbest", "3", "list files in /tmp"});
    REQUIRE(b.status == 0);
    auto jb = nlohmann::json::parse(b.out);
    REQUIRE(jb["nbest"].size() == 3);
    CHECK(jb["nbest"][0]["command"] == jb["command"]);
    CHECK(jb["nbest"][0]["score"].get<double>() >= jb["nbest"][1]["score"].get<double>());
}

TEST_CASE("cli: invalid UTF-8 in a request: plain output and --json print the same command, U+FFFD for each bad byte") {
    const std::string request = "show the contents of \xFF\xFE.txt";
    const std::string fffd = "\xEF\xBF\xBD";
    Run plain = run_cmdseq(shipped_model_args({request}));
    Run json = run_cmdseq(shipped_model_args({"--json", request}));
    REQUIRE(plain.status == 0);
    REQUIRE(json.status == 0);
    auto j = nlohmann::json::parse(json.out);
    CHECK(plain.out == j["command"].get<std::string>() + "\n");
    CHECK(cmdseq::valid_utf8(plain.out) == plain.out);
    CHECK(plain.out.find(fffd + fffd + ".txt") != std::string::npos);  // the copied file name, both bytes replaced
    CHECK(j["input"] == "show the contents of " + fffd + fffd + ".txt");
    // batch mode reads lines with the same rule
    Run batch = run_cmdseq(shipped_model_args({}), request + "\n");
    CHECK(batch.out == plain.out);
}

TEST_CASE("cli: batch mode gives one line per request line, errors included") {
    std::string huge(5000, 'x');
    Run r = run_cmdseq({}, "show disk usage\nlist files in /tmp\n\n" + huge + "\nwho is logged in\n");
    CHECK(r.status == 2);  // one request was refused
    auto lines = r.lines();
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == expected("show disk usage").command);
    CHECK(lines[1] == expected("list files in /tmp").command);
    CHECK(lines[2] == "");
    CHECK(lines[3] == "");
    CHECK(lines[4] == expected("who is logged in").command);
    CHECK(r.err == "cmdseq: line 4: request is 5000 bytes; the limit is 4096\n");

    Run j = run_cmdseq({"--json"}, "show disk usage\r\nping 10.0.0.7 twice\n");
    REQUIRE(j.status == 0);
    REQUIRE(j.lines().size() == 2);
    CHECK(nlohmann::json::parse(j.lines()[1])["slots"][1]["value"] == "2");
}

TEST_CASE("cli: sampling options and seeds reach the core") {
    cmdseq::DecodeOptions o;
    o.strategy = cmdseq::Strategy::Sample;
    o.temperature = 1.3f;
    o.seed = 99;
    Run r = run_cmdseq({"--sample", "--temperature", "1.3", "--seed", "99", "find big files"});
    CHECK(r.status == 0);
    CHECK(r.out == expected("find big files", o).command + "\n");
}

TEST_CASE("cli: exit codes and messages for bad options, models and input") {
    Run unknown = run_cmdseq({"--frobnicate", "x"});
    CHECK(unknown.status == 1);
    CHECK(unknown.err == "cmdseq: unknown option --frobnicate (see cmdseq --help)\n");
    Run temp = run_cmdseq({"--temperature", "-1", "x"});
    CHECK(temp.status == 1);
    CHECK(temp.err == "cmdseq: temperature must be between 0 and 100, got -1.000000\n");
    Run nan = run_cmdseq({"--beam", "four", "x"});
    CHECK(nan.status == 1);
    CHECK(nan.err == "cmdseq: --beam needs an integer, got \"four\"\n");
    Run both = run_cmdseq({"--beam", "2", "--sample", "x"});
    CHECK(both.status == 1);
    Run match = run_cmdseq({"--match", "fuzzy", "x"});
    CHECK(match.status == 1);
    CHECK(match.err == "cmdseq: --match must be exact, edit or trigram, got \"fuzzy\"\n");
    Run missing = run_cmdseq({"--model", "/nonexistent/m.cmdseq", "x"});
    CHECK(missing.status == 2);
    CHECK(missing.err.find("cmdseq: cannot open /nonexistent/m.cmdseq") == 0);

    std::vector<uint8_t> bytes = cmdseq::read_file_bytes(EMBEDDED_MODEL);
    bytes[bytes.size() / 2] ^= 0xFF;
    const fs::path bad = scratch() / "corrupt.cmdseq";
    std::ofstream(bad, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), long(bytes.size()));
    Run corrupt = run_cmdseq({"--model", bad.string(), "x"});
    CHECK(corrupt.status == 2);
    CHECK(corrupt.err.find("checksum mismatch") != std::string::npos);
    CHECK(corrupt.out == "");

    Run empty = run_cmdseq({"?!"});
    CHECK(empty.status == 2);
    CHECK(empty.err == "cmdseq: the request is empty\n");
}

TEST_CASE("cli: serve refuses bad options before it listens") {
    struct Case {
        std::vector<std::string> args;
        const char* err;
    };
    const Case cases[] = {
        {{"serve", "show disk usage"}, "cmdseq: serve takes no request (got \"show disk usage\"); POST it to /translate\n"},
        {{"serve", "--port", "70000"}, "cmdseq: --port must be between 0 (any free port) and 65535\n"},
        {{"serve", "--port", "http"}, "cmdseq: --port needs an integer, got \"http\"\n"},
        {{"serve", "--threads", "0"}, "cmdseq: --threads must be between 1 and 64\n"},
        {{"serve", "--beam", "0"}, "cmdseq: beam width must be between 1 and 64, got 0\n"},
        {{"--port", "8080", "ls"}, "cmdseq: unknown option --port (see cmdseq --help)\n"},  // serve's options only after serve
    };
    for (const Case& c : cases) {
        CAPTURE(c.args[1]);
        Run r = run_cmdseq(c.args);
        CHECK(r.status == 1);
        CHECK(r.err == c.err);
        CHECK(r.out == "");
    }
    Run model = run_cmdseq({"serve", "--model", "/nonexistent/m.cmdseq", "--port", "0"});
#ifdef CMDSEQ_HAVE_SERVE
    CHECK(model.status == 2);
    CHECK(model.err.find("cmdseq: cannot open /nonexistent/m.cmdseq") == 0);
#else  // a build without cpp-httplib (cross builds) says so
    CHECK(model.status == 1);
    CHECK(model.err == "cmdseq: this build has no HTTP server (cpp-httplib was not found when it was built)\n");
#endif
}

TEST_CASE("cli: risk, info, explain, help, version") {
    Run risk = run_cmdseq({"risk", "--", "rm", "-rf", "~"});
    CHECK(risk.status == 0);
    CHECK(risk.out.find("risk: destructive\n") == 0);
    CHECK(risk.out.find("rm -r on ~: deletes the home directory") != std::string::npos);
    Run rj = run_cmdseq({"risk", "--json", "ls", "-la"});
    CHECK(nlohmann::json::parse(rj.out)["labels"] == std::vector<std::string>{"read-only"});

    Run info = run_cmdseq({"info", "--json", EMBEDDED_MODEL});
    REQUIRE(info.status == 0);
    auto j = nlohmann::json::parse(info.out);
    auto model = cmdseq::Model::load_file(EMBEDDED_MODEL);
    CHECK(j["parameters"] == model->parameter_count());
    CHECK(j["storage"] == "int8");
    CHECK(j["metadata"] == nlohmann::json::parse(model->metadata_json()));
    CHECK(j["config"]["source_match"] == cmdseq::source_match_name(model->config().source_match));
    Run text = run_cmdseq({"info"});
    CHECK(text.out.find("int8 storage") != std::string::npos);
    CHECK(text.out.find("unknown words: read as ") != std::string::npos);

    Run ex = run_cmdseq({"--explain", "--numbers", "--no-color", "ping 10.41.7.3 five times"});
    REQUIRE(ex.status == 0);
    auto lines = ex.lines();
    CHECK(lines[0] == expected("ping 10.41.7.3 five times").command);
    CHECK(ex.out.find("attention (rows: command tokens, columns: request tokens; weights per cell)") != std::string::npos);
    CHECK(ex.out.find("ping <ip0> <num0> times") != std::string::npos);
    CHECK(ex.out.find("<ip0> = 10.41.7.3") != std::string::npos);
    // every heatmap row is a distribution: its printed weights add up to about 1
    // (a weight of 0.999 once printed as ".00")
    {
        auto start = ex.out.find("attention (rows");
        auto end = ex.out.find("  <ip0> = ");
        REQUIRE(start != std::string::npos);
        std::istringstream rows(ex.out.substr(start, end - start));
        std::string row;
        std::getline(rows, row);  // title
        std::getline(rows, row);  // request tokens
        int checked = 0;
        while (std::getline(rows, row)) {
            double sum = 0;
            std::istringstream cells(row);
            std::string c;
            while (cells >> c)
                if (c.size() >= 3 && (c[0] == '.' || c.rfind("1.", 0) == 0) && c.find_first_not_of("0123456789.") == std::string::npos)
                    sum += std::stod(c[0] == '.' ? "0" + c : c);
            CAPTURE(row);
            CHECK(sum == doctest::Approx(1.0).epsilon(0.05));
            ++checked;
        }
        CHECK(checked == int(ex.lines().size() > 0 ? expected("ping 10.41.7.3 five times").output_tokens.size() + 1 : 0));
    }
    CHECK(ex.out.find("candidates per step") != std::string::npos);

    Run help = run_cmdseq({"--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("usage:") != std::string::npos);
    CHECK(help.out.find("--top-p P") != std::string::npos);
    CHECK(run_cmdseq({"--version"}).out == std::string("cmdseq ") + CMDSEQ_VERSION + " (model format 2)\n");
}

TEST_CASE("cli: eval scores exact match and command name per category") {
    // two examples the model gets right by construction, two it gets wrong
    const std::string a = "show disk usage", b = "list files in /tmp";
    nlohmann::json data = nlohmann::json::array({
        {{"input", a}, {"output", expected(a).command}, {"category", "disk"}},
        {{"input", b}, {"output", expected(b).command}, {"category", "files"}},
        {{"input", a}, {"output", "zzz-never"}, {"category", "disk"}},
        {{"input", b}, {"output", cmdseq::tokenize_command(expected(b).command)[0] + " --other-flag"}, {"category", "files"}},
    });
    const fs::path file = scratch() / "eval.json";
    std::ofstream(file) << data.dump();
    Run r = run_cmdseq({"eval", file.string(), "--json", "--compare", EMBEDDED_MODEL});
    REQUIRE(r.status == 0);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["categories"]["all"]["n"] == 4);
    CHECK(j[0]["categories"]["all"]["exact"].get<double>() == doctest::Approx(50.0));
    CHECK(j[0]["categories"]["all"]["name"].get<double>() == doctest::Approx(75.0));
    CHECK(j[0]["categories"]["files"]["name"].get<double>() == doctest::Approx(100.0));
    CHECK(j[1]["categories"]["all"] == j[0]["categories"]["all"]);  // the same model, side by side

    CHECK(j[1]["agreement_with_first"].get<double>() == doctest::Approx(100.0));

    Run table = run_cmdseq({"eval", file.string(), "--errors", "1"});
    CHECK(table.out.find("all") != std::string::npos);
    CHECK(table.out.find("50.0%") != std::string::npos);
    CHECK(table.out.find("want `zzz-never`") != std::string::npos);       // the first wrong answer
    CHECK(table.out.find("want `" + cmdseq::tokenize_command(expected(b).command)[0]) == std::string::npos);  // only one shown
    Run floor = run_cmdseq({"eval", file.string(), "--min-exact", "60"});
    CHECK(floor.status == 1);
    CHECK(floor.err.find("exact match 50.000000% is below --min-exact 60") != std::string::npos);
    CHECK(run_cmdseq({"eval", file.string(), "--min-exact", "50", "--compare", EMBEDDED_MODEL, "--min-agreement", "100"}).status == 0);
    std::ofstream(scratch() / "bad.json") << "{not json";
    CHECK(run_cmdseq({"eval", (scratch() / "bad.json").string()}).status == 2);
}

TEST_CASE("cli: bench prints latency percentiles, throughput, load time and memory") {
    Run r = run_cmdseq({"bench", "--runs", "2"});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("load time:") != std::string::npos);
    CHECK(r.out.find("p50 ms") != std::string::npos);
    CHECK(r.out.find("\ngreedy ") != std::string::npos);
    CHECK(r.out.find("\nbeam 4 ") != std::string::npos);
    CHECK(r.out.find("peak memory of this process (max RSS):") != std::string::npos);
    Run c = run_cmdseq({"bench", "--runs", "1", "--compare", EMBEDDED_MODEL});
    REQUIRE(c.status == 0);
    CHECK(c.out.find("greedy:  p50: " + std::string(EMBEDDED_MODEL) + " takes ") != std::string::npos);
    CHECK(c.out.find("beam 4:  p50: ") != std::string::npos);
}

TEST_CASE("cli: the interactive prompt translates and takes runtime options") {
    if (!have_pty()) {
        MESSAGE("script(1) cannot open a pseudo-terminal here: interactive test skipped");
        return;
    }
    const std::string typed = "show disk usage\n:beam 3\n:temp 500\n:options\n:explain on\nlist files in /tmp\n:quit\n";
    const fs::path in = scratch() / "typed", out = scratch() / "session";
    std::ofstream(in) << typed;
    const std::string cmd = "script -qec " + quote(binary() + " --no-color") + " /dev/null < " + in.string() + " > " + out.string() + " 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const std::string session = slurp(out);
    CHECK(session.find("cmdseq> ") != std::string::npos);
    CHECK(session.find(expected("show disk usage").command) != std::string::npos);
    CHECK(session.find("risk: ") != std::string::npos);  // stderr is the terminal here
    CHECK(session.find("not changed: temperature must be between 0 and 100, got 500.000000") != std::string::npos);
    CHECK(session.find("strategy beam, beam 3, temperature 1, top-k 0") != std::string::npos);
    cmdseq::DecodeOptions beam;
    beam.strategy = cmdseq::Strategy::Beam;
    beam.beam_width = 3;
    CHECK(session.find(expected("list files in /tmp", beam).command) != std::string::npos);
    CHECK(session.find("attention (rows: command tokens") != std::string::npos);
}

namespace {

// A fresh folder inside scratch() for one --exec test, so a command that does run touches only it.
fs::path exec_dir(const std::string& name) {
    const fs::path dir = scratch() / name;
    fs::create_directories(dir);
    return dir;
}

// cmdseq ARGS under script(1), in `dir`, with `typed` as what the person types; returns the session.
std::string exec_session(const fs::path& dir, const std::vector<std::string>& args, const std::string& typed, int* status = nullptr) {
    const fs::path in = dir / "typed", out = dir / "session";
    std::ofstream(in) << typed;
    std::string inner = binary() + " --no-color";
    for (auto& a : args) inner += " " + quote(a);
    const std::string cmd = "cd " + quote(dir.string()) + " && script -qec " + quote(inner) + " /dev/null < " + quote(in.string()) + " > " +
                            quote(out.string()) + " 2>&1";
    const int raw = std::system(cmd.c_str());
    if (status) *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return slurp(out);
}

}  // namespace

TEST_CASE("cli: --exec refuses without a terminal on standard input, whatever is typed") {
    const std::string request = "make a directory named qqq";
    REQUIRE(shipped(request).command == "mkdir qqq");
    const fs::path dir = exec_dir("exec-no-tty");
    // stdin is a file holding "yes": not a terminal, so nothing may run (whether or not a controlling terminal exists)
    for (const std::string prefix : {"cd " + quote(dir.string()) + " &&", "cd " + quote(dir.string()) + " && setsid -w"}) {
        CAPTURE(prefix);
        Run r = run_cmdseq(shipped_model_args({"--exec", request}), "yes\n", prefix);
        CHECK(r.status == 1);
        CHECK(r.err == "cmdseq: --exec asks for confirmation on a terminal, and standard input is not one; nothing was run\n");
        CHECK(r.out == "mkdir qqq\n");  // the command is printed, not run
        CHECK_FALSE(fs::exists(dir / "qqq"));
    }
    Run force = run_cmdseq({"--force", "x"});
    CHECK(force.status == 1);
    CHECK(force.err == "cmdseq: --force only makes sense with --exec\n");
}

TEST_CASE("cli: --exec refuses a destructive command without --force before asking") {
    const std::string request = "delete the file zqxwv.txt";
    REQUIRE(shipped(request).command == "rm zqxwv.txt");
    REQUIRE(shipped(request).risk.has(cmdseq::kDestructive));
    const fs::path dir = exec_dir("exec-destructive");
    std::ofstream(dir / "zqxwv.txt") << "keep me\n";
    const std::string refusal = "cmdseq: not running a command labelled destructive without --force\n";
    Run r = run_cmdseq(shipped_model_args({"--exec", request}), "yes\n", "cd " + quote(dir.string()) + " &&");
    CHECK(r.status == 2);
    CHECK(r.err == refusal);  // refused outright: no prompt, no terminal needed to say so
    CHECK(fs::exists(dir / "zqxwv.txt"));
    if (!have_pty()) {
        MESSAGE("script(1) cannot open a pseudo-terminal here: the terminal half of this test is skipped");
        return;
    }
    int status = 0;
    const std::string session = exec_session(dir, shipped_model_args({"--exec", request}), "yes\n", &status);
    CHECK(status == 2);
    CHECK(session.find("not running a command labelled destructive without --force") != std::string::npos);
    CHECK(session.find("run it?") == std::string::npos);  // never asked
    CHECK(session.find("type \"yes\"") == std::string::npos);
    CHECK(fs::exists(dir / "zqxwv.txt"));
}

TEST_CASE("cli: --exec asks for the answer the risk label needs") {
    if (!have_pty()) {
        MESSAGE("script(1) cannot open a pseudo-terminal here: --exec terminal tests skipped");
        return;
    }
    SUBCASE("read-only: an answer starting with y runs it, anything else does not") {
        REQUIRE(shipped("show disk usage").risk.summary() == "read-only");
        const fs::path dir = exec_dir("exec-read-only");
        std::string session = exec_session(dir, shipped_model_args({"--exec", "show disk usage"}), "n\n");
        CHECK(session.find("run: " + shipped("show disk usage").command) != std::string::npos);
        CHECK(session.find("run it? [y/N]") != std::string::npos);
        CHECK(session.find("cmdseq: not run") != std::string::npos);
        CHECK(session.find("Filesystem") == std::string::npos);  // df's header: it did not run
        session = exec_session(dir, shipped_model_args({"--exec", "show disk usage"}), "Y\n");
        CHECK(session.find("cmdseq: not run") == std::string::npos);
        CHECK(session.find("Filesystem") != std::string::npos);
    }
    SUBCASE("modifies-files: only the word yes runs it") {
        REQUIRE(shipped("make a directory named qqq").risk.summary() == "modifies-files");
        const fs::path dir = exec_dir("exec-modifies");
        std::string session = exec_session(dir, shipped_model_args({"--exec", "make a directory named qqq"}), "y\n");
        CHECK(session.find("this command is labelled modifies-files; type \"yes\" to run it:") != std::string::npos);
        CHECK(session.find("cmdseq: not run (only the word \"yes\" runs it)") != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "qqq"));
        exec_session(dir, shipped_model_args({"--exec", "make a directory named qqq"}), "yess\n");
        CHECK_FALSE(fs::exists(dir / "qqq"));
        session = exec_session(dir, shipped_model_args({"--exec", "make a directory named qqq"}), "  YES \n");
        CHECK(session.find("cmdseq: not run") == std::string::npos);
        CHECK(fs::is_directory(dir / "qqq"));
    }
    SUBCASE("destructive with --force: only the word yes runs it") {
        const fs::path dir = exec_dir("exec-forced");
        std::ofstream(dir / "zqxwv.txt") << "delete me\n";
        std::string session = exec_session(dir, shipped_model_args({"--exec", "--force", "delete the file zqxwv.txt"}), "y\n");
        CHECK(session.find("this command is labelled destructive; type \"yes\" to run it:") != std::string::npos);
        CHECK(session.find("cmdseq: not run") != std::string::npos);
        CHECK(fs::exists(dir / "zqxwv.txt"));
        session = exec_session(dir, shipped_model_args({"--exec", "--force", "delete the file zqxwv.txt"}), "yes\n");
        CHECK_FALSE(fs::exists(dir / "zqxwv.txt"));
    }
}
