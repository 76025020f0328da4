// The dataset generator's promises: the test split holds phrasings training
// never sees, the held-out choice survives edits to a form, and the
// augmentations keep meaning and slots intact.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "dataset.h"

using namespace cmdseq::train;

namespace {

std::vector<Form> two_forms() {
    return {{"processes", "kill {pid}", {"kill {pid}", "end process {pid}", "stop pid {pid}", "terminate {pid}", "close {pid}",
                                          "ask {pid} to exit", "kill process {pid}"}, "t:1"},
            {"services", "sudo systemctl start {service}",
             {"start {service}", "launch {service}", "bring up {service}", "fire up {service}", "get {service} running",
              "turn on {service}", "kick off {service}"}, "t:9"}};
}

std::map<std::string, std::vector<std::string>> some_values() {
    return {{"pid", {"1234", "777", "4242", "31337", "90210"}},
            {"service", {"nginx", "ssh", "cron", "docker", "mysql", "redis"}}};
}

std::set<std::string> phrasings_of(const std::vector<Record>& records) {
    std::set<std::string> s;
    for (auto& r : records) s.insert(r.phrasing);
    return s;
}

}  // namespace

TEST_CASE("command echo: the command as typed, without sudo, and none for pipelines, quotes, redirections") {
    CHECK(command_echo("sudo systemctl start {service}") == "systemctl start {service}");
    CHECK(command_echo("ping -c {num} {host}") == "ping -c {num} {host}");
    CHECK(command_echo("lspci") == "lspci");
    CHECK(command_echo("du -h -d 1 | sort -hr") == "");
    CHECK(command_echo("stat -c '%a' {file}") == "");
    CHECK(command_echo("cat {file} {file2} > {file3}") == "");
    CHECK(command_echo("echo $PATH") == "");
}

TEST_CASE("held-out order: stable under added phrasings, echo last, seed-dependent") {
    const std::vector<std::string> p = {"a", "b", "c", "d", "e", "f"};
    const auto order = held_out_first(p, "", 1);
    REQUIRE(order.size() == p.size());
    CHECK(std::is_permutation(order.begin(), order.end(), p.begin()));
    CHECK(held_out_first(p, "", 1) == order);  // deterministic

    // a phrasing added after the first two in rank leaves test and valid in place
    std::vector<std::string> more = p;
    for (const char* extra : {"g", "h", "i", "j", "k", "l"}) {
        more.push_back(extra);
        const auto o = held_out_first(more, "", 1);
        if (o[0] != extra && o[1] != extra) {
            CHECK(o[0] == order[0]);
            CHECK(o[1] == order[1]);
        }
    }

    // the command typed as is never goes to test or valid
    for (auto& echo : p) CHECK(held_out_first(p, echo, 1).back() == echo);

    bool differs = false;
    for (uint64_t seed = 2; seed < 6; ++seed) differs |= held_out_first(p, "", seed) != order;
    CHECK(differs);
}

TEST_CASE("generated splits: held-out phrasings never reach training, one test and one valid phrasing per form") {
    GenerateOptions opt;
    opt.train_fills = 3;
    opt.eval_fills = 2;
    const Dataset d = generate_dataset(two_forms(), some_values(), opt);
    const auto train = phrasings_of(d.train), valid = phrasings_of(d.valid), test = phrasings_of(d.test);
    CHECK(valid.size() == 2);
    CHECK(test.size() == 2);
    for (auto& t : test) {
        CHECK(train.count(t) == 0);
        CHECK(valid.count(t) == 0);
    }
    for (auto& v : valid) CHECK(train.count(v) == 0);
    // the echoes train: "kill {pid}" is a phrasing of its form, "systemctl start {service}" is added
    CHECK(test.count("kill {pid}") == 0);
    CHECK(valid.count("kill {pid}") == 0);
    CHECK(train.count("systemctl start {service}") == 1);
    // every pair's values went into both sides
    for (auto& r : d.train) {
        CHECK(r.input.find('{') == std::string::npos);
        CHECK(r.output.find('{') == std::string::npos);
    }
    for (auto& r : d.test_typos) CHECK(test.count(r.phrasing) == 0);  // misspelt: the template itself changed

    // the same seed, the same bytes
    const Dataset again = generate_dataset(two_forms(), some_values(), opt);
    REQUIRE(again.train.size() == d.train.size());
    for (size_t i = 0; i < d.train.size(); ++i) CHECK(record_to_json(again.train[i]) == record_to_json(d.train[i]));
}

TEST_CASE("synonym swap: whole words only, one group, slots untouched") {
    std::mt19937_64 rng(7);
    CHECK(swap_synonym("showcase {file}", rng) == "showcase {file}");  // "show" inside a word
    CHECK(swap_synonym("ls {dir}", rng) == "ls {dir}");                 // "dir" inside a slot
    std::set<std::string> seen;
    for (int i = 0; i < 40; ++i) seen.insert(swap_synonym("delete {file}", rng));
    CHECK(seen == std::set<std::string>{"remove {file}", "erase {file}"});
    for (int i = 0; i < 40; ++i) {
        const std::string s = swap_synonym("show the biggest folders", rng);
        const int changed = (s.find("show") == std::string::npos) + (s.find("biggest") == std::string::npos) +
                            (s.find("folders") == std::string::npos);
        CHECK(changed == 1);
    }
}
