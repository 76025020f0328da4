// The dataset generator's promises: the test split holds phrasings training
// never sees, the held-out choice survives edits to a form, and the
// augmentations keep meaning and slots intact.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "dataset.h"
#include "errors.h"
#include "man_pages.h"
#include "tokenizer.h"
#include "word_net.h"

using namespace cmdseq::train;
using cmdseq::tokenize_request;

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

TEST_CASE("requests without values: slots said as nouns, commands with named blanks") {
    std::mt19937_64 rng(7);
    // a noun already names the slot: the slot goes, the noun stays
    CHECK(phrasing_without_values("launch the {service} service", rng) == "launch the service");
    CHECK(phrasing_without_values("archive the folder {dir}", rng) == "archive the folder");
    CHECK(phrasing_without_values("start {service} service", rng) == "start a service");
    // a count drops out after "last"/"first"/"top"
    CHECK(phrasing_without_values("show the last {num} lines of the file {file}", rng) == "show the last lines of the file");
    // elsewhere a plain noun phrase of the slot's kind, with one article
    for (int k = 0; k < 20; ++k) {
        const std::string t = phrasing_without_values("extract {targz} into {dir}", rng);
        CHECK(t.rfind("extract ", 0) == 0);
        CHECK(t.find(" into ") != std::string::npos);
        CHECK(t.find('{') == std::string::npos);
        CHECK(t.find("the a ") == std::string::npos);
        CHECK(t.find("a the ") == std::string::npos);
        CHECK(tokenize_request(t).slots.empty());
        const std::string f = phrasing_without_values("show the {file}", rng);
        CHECK((f == "show the file" || f == "show the text file" || f == "show the given file" || f == "show the specific file"));
    }
    // what does not read well without its value is left out
    CHECK(phrasing_without_values("make a branch called {name}", rng).empty());
    CHECK(phrasing_without_values("show {user}'s processes", rng).empty());
    CHECK(phrasing_without_values("ping {host} {num} times", rng).empty());
    CHECK(phrasing_without_values("show memory usage", rng).empty());  // no slot: nothing to leave out
    // the target a request ends on may go unsaid; what it acts on stays
    CHECK(phrasing_without_target("change the owner of {file} to {user}") == "change the owner of {file}");
    CHECK(phrasing_without_target("move {file} into {dir}") == "");  // too little left: "move {file}"
    CHECK(phrasing_without_target("please copy the file {file} into {dir}") == "please copy the file {file}");
    CHECK(phrasing_without_target("set the hostname of this box as {name}") == "set the hostname of this box");
    CHECK(phrasing_without_target("send {file} over to {machine}:{dir}") == "");  // a glued target is no word of its own
    CHECK(phrasing_without_target("give {user} write access to the folder") == "");  // no slot at the end
    CHECK(phrasing_without_target("please copy the file {file} from {machine}") == "");  // a source is no target
    CHECK(phrasing_without_target("show everything in {dir} belonging to {user}") == "");  // ends on what the target completed
    CHECK(phrasing_without_target("trim the journal logs down to {size}") == "");

    CHECK(command_with_blanks("tar -xzf {targz} -C {dir}") == "tar -xzf ARCHIVE -C PATH");
    CHECK(command_with_blanks("cp {file} {file2}") == "cp FILE FILE2");
    CHECK(command_with_blanks("sudo systemctl start {service}") == "sudo systemctl start SERVICE");
    CHECK(command_with_blanks("kill -9 {pid}") == "kill -9 N");
    // a slot inside a longer word is a blank inside it; a slot said twice is one blank
    CHECK(command_with_blanks("dd if={file} of={dev}") == "dd if=FILE of=DEVICE");
    CHECK(command_with_blanks("sudo chown {user}:{group} {file}") == "sudo chown USER:GROUP FILE");
    CHECK(command_with_blanks("cp {file} {file}.bak") == "cp FILE FILE.bak");

    CHECK(blank_placeholder("ARCHIVE") == "<archive0>");
    CHECK(blank_placeholder("PATH2") == "<path1>");
    CHECK(blank_placeholder("N") == "<num0>");
    CHECK(blank_placeholder("SERVICE") == "<service0>");
    CHECK(blank_placeholder("ls").empty());
    CHECK(blank_placeholder("FILE9").empty());

    // a named blank in a pair's command trains the placeholder, attending nowhere
    const TokenizedPair ex = make_example({"extract an archive into a folder", "tar -xzf ARCHIVE -C PATH", "", "", ""}, {"tar", "-xzf", "-C"});
    CHECK(ex.target == std::vector<std::string>{"tar", "-xzf", "<archive0>", "-C", "<path0>"});
    CHECK(ex.align == std::vector<int>{-1, -1, -1, -1, -1});

    // blanks inside a word are pieces glued by <join>, as the form's word is
    const TokenizedPair glued = make_example({"give a file to a user and a group", "sudo chown USER:GROUP FILE", "", "sudo chown {user}:{group} {file}", ""},
                                             {"sudo", "chown", ":"});
    CHECK(glued.target == std::vector<std::string>{"sudo", "chown", "<user0>", "<join>", ":", "<join>", "<group0>", "<file0>"});
}

TEST_CASE("word pieces: a value inside a command word is a piece of its own") {
    CHECK(word_pieces("{user}:{group}") == std::vector<std::string>{"{user}", ":", "{group}"});
    CHECK(word_pieces("'s/{word}/{word2}/g'") == std::vector<std::string>{"'s/", "{word}", "/", "{word2}", "/g'"});
    CHECK(word_pieces("u:{user}:rw") == std::vector<std::string>{"u:", "{user}", ":rw"});
    CHECK(word_pieces("{file}") == std::vector<std::string>{"{file}"});
    CHECK(word_pieces("'{print $2}'") == std::vector<std::string>{"'{print $2}'"});  // awk's braces are no slot

    CHECK(split_like("alice:staff", word_pieces("{user}:{group}")) == std::vector<std::string>{"alice", ":", "staff"});
    CHECK(split_like("'s/old/new/g'", word_pieces("'s/{word}/{word2}/g'")) == std::vector<std::string>{"'s/", "old", "/", "new", "/g'"});
    CHECK(split_like("db1:/srv/a:b", word_pieces("{machine}:{dir}")) == std::vector<std::string>{"db1", ":", "/srv/a:b"});
    CHECK(split_like("a.bak.bak", word_pieces("{file}.bak")) == std::vector<std::string>{"a.bak", ".bak"});
    CHECK(split_like("alice", word_pieces("{user}:{group}")).empty());       // not that shape
    CHECK(split_like("'s/old/new/'", word_pieces("'s/{word}/{word2}/g'")).empty());
    CHECK(split_like(":staff", word_pieces("{user}:{group}")).empty());       // a value is never empty

    const std::set<std::string> lit = {"sudo", "chown", ":", "sed", "-i", "'s/", "/", "/g'", "scp", "."};
    // copied words are <unk> attending to where the request says them; a slot's value is its placeholder
    TokenizedPair ex = make_example({"make alice the owner of notes.txt, group staff", "sudo chown alice:staff notes.txt", "",
                                     "sudo chown {user}:{group} {file}", ""}, lit);
    CHECK(ex.target == std::vector<std::string>{"sudo", "chown", "<unk>", "<join>", ":", "<join>", "<unk>", "<file0>"});
    CHECK(ex.align == std::vector<int>{-1, -1, 1, -1, -1, -1, 7, 5});
    ex = make_example({"replace old with new in a.txt", "sed -i 's/old/new/g' a.txt", "", "sed -i 's/{word}/{word2}/g' {file}", ""}, lit);
    CHECK(ex.target == std::vector<std::string>{"sed", "-i", "'s/", "<join>", "<unk>", "<join>", "/", "<join>", "<unk>", "<join>", "/g'", "<file0>"});
    CHECK(ex.align[4] == 1);
    CHECK(ex.align[8] == 3);
    // a value the request gives whole stays one placeholder
    ex = make_example({"scp db1:/var/log/app.log .", "scp db1:/var/log/app.log .", "", "scp {machine}:{file} .", ""}, lit);
    CHECK(ex.target == std::vector<std::string>{"scp", "<remote0>", "<path0>"});  // "." is the path it names
}

TEST_CASE("generated splits: the held-out phrasings without values are their own test split, never trained") {
    GenerateOptions opt;
    opt.train_fills = 3;
    opt.eval_fills = 2;
    opt.no_value_share = 1.0;
    const Dataset d = generate_dataset(two_forms(), some_values(), opt);
    REQUIRE(d.test_blanks.size() >= 1);
    std::set<std::string> train_inputs;
    for (auto& r : d.train) train_inputs.insert(r.input);
    for (auto& r : d.test_blanks) {
        CHECK(tokenize_request(r.input).slots.empty());
        CHECK((r.output == "kill N" || r.output == "sudo systemctl start SERVICE"));
        CHECK(train_inputs.count(r.input) == 0);
    }
    size_t blanks_in_train = 0;
    for (auto& r : d.train) blanks_in_train += r.output == "kill N" || r.output == "sudo systemctl start SERVICE";
    CHECK(blanks_in_train >= 4);
}

namespace {

// A made-up page in the shape `man | col -bx` prints.
const char* kFrobPage =
    "FROB(1)                     User Commands                    FROB(1)\n"
    "\n"
    "NAME\n"
    "       frob - turn widgets into gadgets\n"
    "\n"
    "SYNOPSIS\n"
    "       frob [-as] [-t TYPE] [FILE]...\n"
    "\n"
    "DESCRIPTION\n"
    "       Turns widgets.  Long text here.\n"
    "\n"
    "       -a, --all\n"
    "              include hidden widgets.  They start with a dot.\n"
    "\n"
    "       -s     sort by widget size, largest first\n"
    "\n"
    "       -t TYPE\n"
    "              only widgets of TYPE\n"
    "\n"
    "       -q     like -s, but quieter\n"
    "\n"
    "       --version\n"
    "              output version information and exit\n";

}  // namespace

TEST_CASE("tiny's width gives way until it fits its parameter budget") {
    cmdseq::ModelConfig c;
    c.source_vocab_size = 3661;
    c.target_vocab_size = 946;
    c.embedding_dim = 24;
    c.hidden_dim = c.attention_dim = 56;
    REQUIRE(cmdseq::parameter_count(c) == 264002);  // what tiny had with a 946-token command vocabulary
    CHECK(fit_hidden_width(c, 250000) == c.hidden_dim);
    CHECK(c.attention_dim == c.hidden_dim);
    CHECK(c.hidden_dim < 56);
    CHECK(cmdseq::parameter_count(c) <= 250000);
    cmdseq::ModelConfig wider = c;
    wider.hidden_dim = wider.attention_dim = c.hidden_dim + 1;
    CHECK(cmdseq::parameter_count(wider) > 250000);  // the widest that fits
    const int before = c.hidden_dim;
    CHECK(fit_hidden_width(c, 250000) == before);  // within the budget: unchanged
    CHECK(fit_hidden_width(c, 10) == 16);          // never below 16
}

TEST_CASE("manual pages: the NAME line and each option's first sentence") {
    const ManPage p = parse_man_page("frob", kFrobPage);
    CHECK(p.summary == "turn widgets into gadgets");
    CHECK(p.options.at("-a") == "include hidden widgets");
    CHECK(p.options.at("--all") == "include hidden widgets");
    CHECK(p.options.at("-s") == "sort by widget size, largest first");
    CHECK(p.options.count("-t") == 0);  // takes a value: its text is about the value
    CHECK(p.options.count("-q") == 0);  // points at another option
    CHECK(p.options.at("--version") == "output version information and exit");
    CHECK(option_phrase("Sort by size.  Then more text.") == "sort by size");
    CHECK(option_phrase("scale sizes by SIZE when printing them; e.g., '--block-size=M'").empty());

    std::map<std::string, ManPage> pages = {{"frob", p}};
    CHECK(command_options("frob -as {file}", p) == std::vector<std::string>{"-a", "-s"});
    CHECK(command_options("sudo frob --all | head", p) == std::vector<std::string>{"--all"});
    CHECK(page_for("sudo frob -s {file} | head", pages) == "frob");
    CHECK(page_for("frob-tool x", pages).empty());
    pages["frob-widget"] = p;
    CHECK(page_for("frob widget -s", pages) == "frob-widget");
    CHECK(page_names("sudo LC_ALL=C git commit -m {str} | head") == std::vector<std::string>{"git-commit", "git"});
    CHECK(page_names("ls -la {dir}") == std::vector<std::string>{"ls"});
    CHECK(page_names("sudo").empty());

    const std::vector<Form> forms = {
        {"files", "frob {file}", {"frob {file}", "gadgetize {file}", "turn {file} into gadgets", "make gadgets of {file}"}, "t:1"},
        {"files", "frob -s {file}", {"frob {file} by size", "gadgets of {file}, biggest first", "sorted gadgets from {file}",
                                     "big gadgets first from {file}"}, "t:7"}};
    const std::vector<Record> made = man_pairs(forms, {{"frob", p}}, {}, 1);
    std::map<std::string, std::string> by_input;
    for (auto& r : made) by_input[r.input] = r.output;
    CHECK(by_input.at("turn widgets into gadgets") == "frob FILE");
    CHECK(by_input.at("turn widgets into gadgets, sort by widget size, largest first") == "frob -s FILE");
    CHECK(by_input.at("sort by widget size, largest first") == "frob -s FILE");
    for (auto& r : made) {
        CHECK(r.phrasing == "man frob");
        CHECK(tokenize_request(r.input).slots.empty());
    }
    // a request the own pairs already give another command keeps that command
    const std::vector<Record> own = {{"turn widgets into gadgets", "ls", "files", "ls", "turn widgets into gadgets"}};
    for (auto& r : man_pairs(forms, {{"frob", p}}, own, 1)) CHECK(r.input != "turn widgets into gadgets");
}

TEST_CASE("word map: common WordNet words the vocabulary lacks read as a synonym it has, irregular forms as their base") {
    // a made-up WordNet in the package's format: index lines "lemma pos synsets pointers ... senses tagged offsets",
    // data lines "offset lexfile type count(hex) word lexid ..."
    const std::string dir = "dataset-test-wordnet";
    std::filesystem::create_directories(dir);
    auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir + "/" + name) << text; };
    write("index.verb",
          "  1 licence text\n"
          "end v 1 0 1 5 00000100\n"
          "terminate v 2 0 2 3 00000100 00000300\n"
          "zap v 1 0 1 0 00000100\n"          // never sense-tagged: a rare word, left out
          "obliterate v 1 0 1 1 00000200\n"
          "run v 1 0 1 9 00000400\n");
    write("data.verb",
          "  1 licence text\n"
          "00000100 30 v 03 end 0 terminate 0 zap 0 | bring to an end\n"
          "00000200 35 v 01 obliterate 0 | do away with\n"
          "00000300 30 v 01 terminate 1 | other sense\n"
          "00000400 38 v 01 run 0 | move fast\n");
    for (const char* pos : {"adj", "adv"}) {
        write(std::string("index.") + pos, "");
        write(std::string("data.") + pos, "");
    }
    write("verb.exc", "ran run\nterminated terminate\n");
    write("noun.exc", "");
    write("adj.exc", "");
    write("adv.exc", "");
    write("index.noun", "  1 licence text\nrum n 1 0 1 2 00000500\nzebra n 1 0 1 4 00000600\n");
    write("data.noun", "  1 licence text\n00000500 13 n 01 rum 0 | a drink\n00000600 05 n 01 zebra 0 | an animal\n");
    const WordNet wn = load_wordnet(dir);
    const auto map = build_word_map(wn, {"<pad>", "<unk>", "end", "run", "<path0>"});
    CHECK(map.at("rum") == "<unk>");    // a word one letter from "run": not a misspelling of it
    CHECK(map.count("zebra") == 0);     // near no known word: the spelling match finds nothing anyway
    CHECK(map.at("terminate") == "end");
    CHECK(map.count("zap") == 0);         // untagged
    CHECK(map.count("obliterate") == 0);  // no synonym in the vocabulary
    CHECK(map.count("end") == 0);         // known words need no reading
    CHECK(map.at("ran") == "run");        // an irregular form, its base known
    CHECK(map.at("terminated") == "end"); // an irregular form, its base mapped

    // sense synonyms for training variants: both ways, only when each word's most
    // frequent sense is the other's too; untagged words, light verbs and avoided words never
    const auto syn = sense_synonyms(wn, {});
    CHECK(syn.at("end") == std::vector<std::string>{"terminate"});
    CHECK(syn.at("terminate") == std::vector<std::string>{"end"});
    CHECK(syn.count("zap") == 0);
    CHECK(syn.count("run") == 0);
    CHECK(syn.count("rum") == 0);  // nouns are left out: their senses are too many to trust
    CHECK(sense_synonyms(wn, {"end"}).empty());
    // variants of the own requests: one word swapped, the command kept, never a held-out request
    const std::vector<Record> own = {{"end the job", "kill %1", "processes", "kill %1", "end the job"},
                                     {"terminate it now", "kill %1", "processes", "kill %1", "terminate it now"},
                                     {"list the files", "ls", "files", "ls", "list the files"}};
    const auto variants = synonym_pairs(own, syn, {"terminate the job"}, 1.0, 7);
    REQUIRE(variants.size() == 1);
    CHECK(variants[0].input == "end it now");
    CHECK(variants[0].output == "kill %1");
    CHECK(synonym_pairs(own, syn, {}, 1.0, 7).size() == 2);
    CHECK(synonym_pairs(own, syn, {}, 0.0, 7).empty());
    std::filesystem::remove_all(dir);
    CHECK_THROWS_AS(load_wordnet("no-such-wordnet-dir"), cmdseq::IoError);
}

TEST_CASE("vector readings: a word the vocabulary and the map lack reads as the nearest vocabulary word, above a cosine") {
    const std::string vec = "dataset-test-vectors.vec";
    std::ofstream(vec) << "5 3\n"
                          "copy 1 0 0\n"
                          "list 0 1 0\n"
                          "duplicate 0.95 0.1 0\n"   // cosine 0.99 with copy
                          "enumerate 0.6 0.4 0.7\n"  // cosine 0.60 with copy, 0.40 with list: too far
                          "erase 0 0 1\n";
    const std::vector<std::string> vocab = {"<pad>", "<unk>", "copy", "list"};
    auto r = vector_readings(vec, vocab, {}, 0.8);
    CHECK(r.at("duplicate") == "copy");
    CHECK(r.count("enumerate") == 0);
    CHECK(r.count("erase") == 0);
    CHECK(r.count("copy") == 0);  // known words need no reading
    CHECK(vector_readings(vec, vocab, {}, 0.5).at("enumerate") == "copy");
    CHECK(vector_readings(vec, vocab, {{"duplicate", "<unk>"}}, 0.8).count("duplicate") == 0);  // the map decides first
    std::ofstream(vec) << "not a header\n";
    CHECK_THROWS_AS(vector_readings(vec, vocab, {}, 0.8), cmdseq::InputError);
    std::filesystem::remove(vec);
    CHECK_THROWS_AS(vector_readings("no-such.vec", vocab, {}, 0.8), cmdseq::IoError);
}
