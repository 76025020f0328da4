#include "dataset.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "errors.h"
#include "model_file.h"
#include "tokenizer.h"
#include "translator.h"
#include "vocab.h"

namespace cmdseq::train {

namespace fs = std::filesystem;
using json = nlohmann::json;

// ============================================================ loading

static std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<Form> load_forms(const std::string& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".txt") files.push_back(e.path());
    if (ec) throw IoError("cannot read the forms folder " + dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<Form> forms;
    for (auto& path : files) {
        std::ifstream in(path);
        if (!in) throw IoError("cannot open " + path.string());
        std::string line, category;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            line = trim(line);
            const std::string where = path.filename().string() + ":" + std::to_string(n);
            if (line.empty() || line[0] == '#') continue;
            if (line.rfind("@category ", 0) == 0) {
                category = trim(line.substr(10));
            } else if (line.rfind("= ", 0) == 0) {
                if (category.empty()) throw InputError(where + ": a form before any @category line");
                forms.push_back({category, trim(line.substr(2)), {}, where});
            } else {
                if (forms.empty() || forms.back().origin.rfind(path.filename().string(), 0) != 0)
                    throw InputError(where + ": a phrasing before any \"= command\" line");
                forms.back().phrasings.push_back(line);
            }
        }
    }
    return forms;
}

std::map<std::string, std::vector<std::string>> load_values(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot open " + path);
    std::map<std::string, std::vector<std::string>> lists;
    std::string line, section;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        if (line.front() == '[' && line.back() == ']') {
            section = line.substr(1, line.size() - 2);
            continue;
        }
        if (section.empty()) throw InputError(path + ":" + std::to_string(n) + ": values before any [section]");
        // words split at white space, except inside quotes
        size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && line[i] == ' ') ++i;
            if (i >= line.size()) break;
            size_t j = i;
            if (line[i] == '\'' || line[i] == '"') {
                j = line.find(line[i], i + 1);
                if (j == std::string::npos) throw InputError(path + ":" + std::to_string(n) + ": unclosed quote");
                ++j;
            } else {
                while (j < line.size() && line[j] != ' ') ++j;
            }
            lists[section].push_back(line.substr(i, j - i));
            i = j;
        }
    }
    return lists;
}

namespace {
// only {lowercase name}: awk's '{print $1}' is not a slot
bool is_slot_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}
bool is_slot_piece(const std::string& p) { return p.size() > 2 && p.front() == '{' && p.back() == '}' && is_slot_name(p.substr(1, p.size() - 2)); }
}  // namespace

std::vector<std::string> word_pieces(const std::string& form_word) {
    std::vector<std::string> pieces;
    size_t from = 0, i = 0;
    while ((i = form_word.find('{', i)) != std::string::npos) {
        const size_t j = form_word.find('}', i);
        if (j == std::string::npos) break;
        if (is_slot_name(form_word.substr(i + 1, j - i - 1))) {
            if (i > from) pieces.push_back(form_word.substr(from, i - from));
            pieces.push_back(form_word.substr(i, j - i + 1));
            from = j + 1;
        }
        i = j + 1;
    }
    if (from < form_word.size()) pieces.push_back(form_word.substr(from));
    if (pieces.empty()) pieces.push_back(form_word);
    return pieces;
}

std::vector<std::string> template_slots(const std::string& text) {
    std::vector<std::string> slots;
    for (const std::string& p : word_pieces(text))
        if (is_slot_piece(p)) slots.push_back(p.substr(1, p.size() - 2));
    return slots;
}

namespace {
// split_like from piece k and character `at` on; a value may hold its next literal
// ("a.bak" in "{file}.bak" for a.bak.bak), so each place it could end is tried.
bool split_from(const std::string& word, const std::vector<std::string>& pieces, size_t k, size_t at, std::vector<std::string>& out) {
    if (k == pieces.size()) return at == word.size();
    const std::string& p = pieces[k];
    if (!is_slot_piece(p)) {
        if (word.compare(at, p.size(), p) != 0) return false;
        out.push_back(p);
        if (split_from(word, pieces, k + 1, at + p.size(), out)) return true;
        out.pop_back();
        return false;
    }
    if (k + 1 < pieces.size() && is_slot_piece(pieces[k + 1])) return false;  // two slots side by side: no telling where one ends
    for (size_t end = at + 1; end <= word.size(); ++end) {  // a value is never empty
        if (k + 1 < pieces.size() && word.compare(end, pieces[k + 1].size(), pieces[k + 1]) != 0) continue;
        out.push_back(word.substr(at, end - at));
        if (split_from(word, pieces, k + 1, end, out)) return true;
        out.pop_back();
    }
    return false;
}
}  // namespace

std::vector<std::string> split_like(const std::string& word, const std::vector<std::string>& pieces) {
    std::vector<std::string> out;
    return split_from(word, pieces, 0, 0, out) ? out : std::vector<std::string>{};
}

std::string slot_type(const std::string& slot) {
    size_t end = slot.size();
    while (end > 0 && std::isdigit(static_cast<unsigned char>(slot[end - 1]))) --end;
    return slot.substr(0, end);
}

// ============================================================ values

namespace {

using Rng = std::mt19937_64;

size_t pick(Rng& rng, size_t n) { return static_cast<size_t>(rng() % n); }
bool chance(Rng& rng, double p) { return (rng() >> 11) * (1.0 / 9007199254740992.0) < p; }

const std::string& pick_of(Rng& rng, const std::vector<std::string>& v) { return v[pick(rng, v.size())]; }

// Pronounceable made-up words ("zorbek"): names nobody wrote into the lists.
std::string pseudo_word(Rng& rng) {
    static const char* onsets[] = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "st", "tr", "gl", "pl", "qu", "x"};
    static const char* vowels[] = {"a", "e", "i", "o", "u", "a", "o", "y"};
    static const char* codas[] = {"", "", "", "n", "k", "x", "r", "s", "t", "m"};
    std::string w;
    int syllables = 2 + static_cast<int>(pick(rng, 2));
    for (int s = 0; s < syllables; ++s) w += std::string(onsets[pick(rng, 22)]) + vowels[pick(rng, 8)];
    return w + codas[pick(rng, 10)];
}

const char* kNumberWords[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                              "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                              "eighteen", "nineteen", "twenty"};

// A value for one slot: what the request says and what the command says.
struct Value {
    std::string request, command;
};

class ValueMaker {
public:
    ValueMaker(const std::map<std::string, std::vector<std::string>>& lists, const std::set<std::string>& literals)
        : lists_(lists), literals_(literals) {}

    Value make(const std::string& type, Rng& rng) const {
        for (int attempt = 0; attempt < 50; ++attempt) {
            Value v = raw(type, rng);
            if (!valid(type, v.request)) continue;
            // people quote names: "change the owner of "folder" to "bob""; the quoted
            // value reads as the same word or path, and the command holds it as is
            static const std::set<std::string> quotable = {"file", "dir", "script", "user", "group", "service",
                                                           "proc", "pkg", "name", "word"};
            if (quotable.count(type) && chance(rng, 0.08)) {
                const std::string q = chance(rng, 0.6) ? "\"" : "'";
                if (valid(type, q + v.request + q)) v.request = q + v.request + q;
            }
            return v;
        }
        throw InputError("could not make a valid value for {" + type + "}");
    }

    // The request tokenizer must read the value as one token of the slot's kind
    // (or, for words that are copied, as that plain word).
    bool valid(const std::string& type, const std::string& value) const {
        TokenizedRequest t = tokenize_request("x " + value + " y");
        if (t.tokens.size() == 4 && t.tokens[2][0] == '.') t.tokens.erase(t.tokens.begin() + 2);  // "<file0> .tar.gz"
        if (t.tokens.size() != 3) return false;
        static const std::map<std::string, std::vector<SlotKind>> kinds = {
            {"file", {SlotKind::File, SlotKind::Path}}, {"targz", {SlotKind::File, SlotKind::Path}},
            {"tarbz", {SlotKind::File, SlotKind::Path}}, {"tar", {SlotKind::File, SlotKind::Path}},
            {"tarxz", {SlotKind::File, SlotKind::Path}}, {"xz", {SlotKind::File, SlotKind::Path}},
            {"bzip", {SlotKind::File, SlotKind::Path}},
            {"zip", {SlotKind::File, SlotKind::Path}},   {"gz", {SlotKind::File, SlotKind::Path}},
            {"dir", {SlotKind::Path}},                   {"dev", {SlotKind::Path}},
            {"script", {SlotKind::File}},                {"glob", {SlotKind::Glob}},
            {"host", {SlotKind::Host}},                  {"ip", {SlotKind::Ip}},
            {"num", {SlotKind::Number}},                 {"port", {SlotKind::Number}},
            {"pid", {SlotKind::Number}},                 {"mode", {SlotKind::Number}},
            {"size", {SlotKind::Size}},                  {"url", {SlotKind::Url}},
            {"remote", {SlotKind::Remote}},              {"addr", {SlotKind::Address}},
            {"str", {SlotKind::Quoted}},                 {"job", {SlotKind::Quoted}}};
        // a server by its bare name ("db1") is a copied word, by a dotted one a host
        if (type == "machine" && t.slots.size() == 1) return t.slots[0].kind == SlotKind::Host;
        auto k = kinds.find(type);
        if (k != kinds.end()) {
            if (t.slots.size() != 1) return false;
            return std::find(k->second.begin(), k->second.end(), t.slots[0].kind) != k->second.end();
        }
        // a copied word: one plain lower-case word, spelled as typed (quoted or not), that no form uses literally
        std::string bare = value;
        if (bare.size() > 2 && (bare.front() == '"' || bare.front() == '\'') && bare.back() == bare.front())
            bare = bare.substr(1, bare.size() - 2);
        return t.slots.empty() && t.tokens[1] == bare && t.surface[1] == bare && !literals_.count(bare);
    }

private:
    const std::vector<std::string>& list(const std::string& name) const {
        auto it = lists_.find(name);
        if (it == lists_.end() || it->second.empty()) throw InputError("values.txt has no [" + name + "] list");
        return it->second;
    }
    std::string word_or_pseudo(const std::string& name, Rng& rng, double p_pseudo) const {
        return chance(rng, p_pseudo) ? pseudo_word(rng) : pick_of(rng, list(name));
    }
    std::string dir_path(Rng& rng) const {
        const std::string w = word_or_pseudo("dir_word", rng, 0.35);
        switch (pick(rng, 6)) {
            case 0: return pick_of(rng, list("dir_root"));
            case 1: case 2: return pick_of(rng, list("dir_root")) + "/" + w;
            case 3: return "~/" + w + (chance(rng, 0.4) ? "/" + word_or_pseudo("dir_word", rng, 0.3) : "");
            case 4: return "./" + w;
            default: return w + "/" + word_or_pseudo("dir_word", rng, 0.3);
        }
    }
    std::string base_name(Rng& rng) const {
        std::string b = word_or_pseudo("file_base", rng, 0.4);
        if (chance(rng, 0.2)) b += (chance(rng, 0.5) ? "_" : "-") + std::to_string(1 + pick(rng, 2030));
        return b;
    }
    std::string maybe_in_dir(const std::string& name, Rng& rng, double p) const {
        return chance(rng, p) ? dir_path(rng) + "/" + name : name;
    }
    std::string host(Rng& rng) const {
        std::string h = word_or_pseudo("host_word", rng, 0.5);
        if (chance(rng, 0.35)) h = word_or_pseudo("host_word", rng, 0.5) + "." + h;
        return h + "." + pick_of(rng, list("host_tld"));
    }
    std::string ip(Rng& rng) const {
        auto n = [&](int lo, int hi) { return std::to_string(lo + static_cast<int>(pick(rng, hi - lo + 1))); };
        switch (pick(rng, 4)) {
            case 0: return "10." + n(0, 255) + "." + n(0, 255) + "." + n(1, 254);
            case 1: return "192.168." + n(0, 255) + "." + n(1, 254);
            case 2: return "172." + n(16, 31) + "." + n(0, 255) + "." + n(1, 254);
            default: return n(1, 223) + "." + n(0, 255) + "." + n(0, 255) + "." + n(1, 254);
        }
    }

    Value raw(const std::string& type, Rng& rng) const {
        auto same = [](const std::string& s) { return Value{s, s}; };
        if (type == "file") {
            // files without an extension read as paths: /etc/hosts, /var/log/syslog
            if (chance(rng, 0.12)) return same(pick_of(rng, list("file_noext")));
            return same(maybe_in_dir(base_name(rng) + "." + pick_of(rng, list("file_ext")), rng, 0.4));
        }
        if (type == "targz") return same(maybe_in_dir(base_name(rng) + (chance(rng, 0.75) ? ".tar.gz" : ".tgz"), rng, 0.3));
        if (type == "tarbz") return same(maybe_in_dir(base_name(rng) + (chance(rng, 0.85) ? ".tar.bz2" : ".tbz2"), rng, 0.3));
        if (type == "tarxz") return same(maybe_in_dir(base_name(rng) + (chance(rng, 0.8) ? ".tar.xz" : ".txz"), rng, 0.3));
        if (type == "xz") return same(maybe_in_dir(base_name(rng) + "." + pick_of(rng, list("file_ext")) + ".xz", rng, 0.3));
        if (type == "bzip") return same(maybe_in_dir(base_name(rng) + "." + pick_of(rng, list("file_ext")) + ".bz2", rng, 0.3));
        if (type == "machine") {  // a server by its bare name, often numbered (db1), or a dotted one
            if (chance(rng, 0.4)) return same(host(rng));
            std::string h = word_or_pseudo("host_word", rng, 0.4);
            return same(chance(rng, 0.5) ? h + std::to_string(1 + pick(rng, 20)) : h);
        }
        if (type == "ext") {  // a file type said as its extension: "pdf files"
            if (chance(rng, 0.2)) return same(pseudo_word(rng).substr(0, 3 + pick(rng, 2)));
            return same(pick_of(rng, list("ext")));
        }
        if (type == "tar") return same(maybe_in_dir(base_name(rng) + ".tar", rng, 0.3));
        if (type == "zip") return same(maybe_in_dir(base_name(rng) + ".zip", rng, 0.3));
        if (type == "gz") return same(maybe_in_dir(base_name(rng) + "." + pick_of(rng, list("file_ext")) + ".gz", rng, 0.3));
        if (type == "dir") return same(dir_path(rng));
        if (type == "dev") {
            static const char* stems[] = {"sd", "sd", "sd", "vd", "nvme", "mmcblk"};
            std::string s = stems[pick(rng, 6)];
            if (s == "nvme") return same("/dev/nvme" + std::to_string(pick(rng, 3)) + "n1" + (chance(rng, 0.7) ? "p" + std::to_string(1 + pick(rng, 4)) : ""));
            if (s == "mmcblk") return same("/dev/mmcblk0p" + std::to_string(1 + pick(rng, 3)));
            return same("/dev/" + s + std::string(1, char('a' + pick(rng, 6))) + (chance(rng, 0.8) ? std::to_string(1 + pick(rng, 5)) : ""));
        }
        if (type == "script") return same(chance(rng, 0.6) ? pick_of(rng, list("script")) : "./" + pseudo_word(rng) + (chance(rng, 0.7) ? ".sh" : ".py"));
        if (type == "glob") {
            std::string ext = pick_of(rng, list("glob_ext"));
            if (chance(rng, 0.2)) return {"." + ext, "*." + ext};  // "all .log files": a bare extension reads as *.log
            return same(chance(rng, 0.7) ? "*." + ext : pick_of(rng, list("glob_prefix")) + "*." + ext);
        }
        if (type == "host") return same(host(rng));
        if (type == "ip") return same(ip(rng));
        if (type == "num") {
            int n = 1 + static_cast<int>(pick(rng, chance(rng, 0.7) ? 20 : 100));
            if (n <= 20 && chance(rng, 0.35)) return {kNumberWords[n], std::to_string(n)};
            return same(std::to_string(n));
        }
        if (type == "port") return same(chance(rng, 0.6) ? pick_of(rng, list("port")) : std::to_string(1024 + pick(rng, 60000)));
        if (type == "pid") return same(std::to_string(100 + pick(rng, 99000)));
        if (type == "mode") return same(pick_of(rng, list("mode")));
        if (type == "size") {
            static const char* units[] = {"M", "G", "k", "K", "MB", "GB", "M", "G"};
            return same(std::to_string(1 + pick(rng, 999)) + units[pick(rng, 8)]);
        }
        if (type == "url") {
            std::string path = chance(rng, 0.6) ? base_name(rng) + "." + pick_of(rng, list("file_ext")) : word_or_pseudo("dir_word", rng, 0.4);
            if (chance(rng, 0.4)) path = word_or_pseudo("dir_word", rng, 0.3) + "/" + path;
            return same(std::string(chance(rng, 0.8) ? "https" : "http") + "://" + host(rng) + "/" + path);
        }
        if (type == "remote") {
            std::string where = chance(rng, 0.7) ? host(rng) : ip(rng);
            if (chance(rng, 0.7)) where = word_or_pseudo("user", rng, 0.3) + "@" + where;
            std::string path = chance(rng, 0.75) ? pick_of(rng, list("dir_root")) + "/" + word_or_pseudo("dir_word", rng, 0.3) : "~/" + word_or_pseudo("dir_word", rng, 0.3);
            return same(where + ":" + path);
        }
        if (type == "addr") return same(word_or_pseudo("user", rng, 0.3) + "@" + (chance(rng, 0.6) ? host(rng) : ip(rng)));
        if (type == "str") {
            if (chance(rng, 0.6)) return same(pick_of(rng, list("str")));
            std::string inner = word_or_pseudo("word", rng, 0.5);
            if (chance(rng, 0.4)) inner += " " + word_or_pseudo("word", rng, 0.5);
            return same(chance(rng, 0.5) ? "'" + inner + "'" : "\"" + inner + "\"");
        }
        if (type == "job") return same(pick_of(rng, list("job")));
        if (type == "iface") {
            if (chance(rng, 0.7)) return same(pick_of(rng, list("iface")));
            static const char* stems[] = {"eth", "enp", "wlan", "wlp", "ens", "veth"};
            std::string s = stems[pick(rng, 6)];
            return same(s + std::to_string(pick(rng, 10)) + ((s == "enp" || s == "wlp") ? "s" + std::to_string(pick(rng, 8)) : ""));
        }
        // words copied through attention: user, group, service, proc, pkg, name, word
        return same(word_or_pseudo(type, rng, 0.35));
    }

    const std::map<std::string, std::vector<std::string>>& lists_;
    const std::set<std::string>& literals_;
};

// The tokens a command template spells out itself ("sudo", "-rn"), not its {slots}.
void add_literals(const std::string& command_template, std::set<std::string>& into) {
    for (auto& t : tokenize_command(command_template))
        for (auto& p : word_pieces(t))  // "{user}:{group}" spells out ":"
            if (template_slots(p).empty()) into.insert(p);
}

std::set<std::string> literals_of_forms(const std::vector<Form>& forms) {
    std::set<std::string> lit;
    for (auto& f : forms) add_literals(f.command, lit);
    return lit;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    size_t i = 0;
    while ((i = s.find(from, i)) != std::string::npos) {
        s.replace(i, from.size(), to);
        i += to.size();
    }
    return s;
}

// Wrappers people put around a request; they must not change the command.
const std::vector<std::string> kPrefixes = {"please ", "can you ", "could you ", "hey, ", "ok ", "quick question: ", "so ", "um ",
                                           "in linux, ", "linux: ", "bash: "};
const std::vector<std::string> kSuffixes = {" please", " thanks", " for me", " now", " pls", "?", " thx",
                                           " in linux", " on linux", " in the terminal", " from the command line",
                                           " on ubuntu", " in bash"};

// Words people use interchangeably in these requests. A train phrasing gets
// variants with groups swapped, so the model learns the group, not the word.
const std::vector<std::vector<std::string>>& synonym_groups() {
    // Each group must mean the same in every phrasing it can occur in: "start"
    // and "enable" are not a group, nor "remove" (files) and "uninstall".
    static const std::vector<std::vector<std::string>> groups = {
        {"show", "display", "print"},
        {"show me", "give me", "tell me"},
        {"folder", "directory", "dir"},
        {"folders", "directories", "dirs"},
        {"current directory", "current folder", "this directory", "this folder"},
        {"delete", "remove", "erase"},
        {"biggest", "largest"},
        {"smallest", "tiniest"},
        {"big", "large", "huge"},
        {"newest", "latest", "most recent"},
        {"machine", "computer", "box", "system", "server"},
        {"how do i", "how can i", "how to", "how would i"},
        {"what is", "whats", "what's"},
        {"make", "create"},
        {"search for", "look for", "hunt for"},
        {"check", "verify"},
        {"please", "pls", "plz"},
        {"everything", "all"},
        {"entire", "whole"},
        {"right now", "currently", "at the moment"},
        {"contents", "content"},
        {"start", "launch"},
        {"kill", "terminate"},
        {"download", "fetch", "grab"},
        {"move", "relocate"},
        {"change", "modify", "alter"},
        {"extract", "unpack"},
        {"see", "view"},
        {"find out", "figure out"},
        {"want to", "need to", "wanna"},
        {"memory", "ram"},
        {"disk", "drive"},
        {"disks", "drives"},
        {"connections", "sockets"},
        {"service", "daemon"},
        {"services", "daemons"},
        {"errors", "problems", "failures"},
        {"settings", "config", "configuration"},
        {"info", "information", "details"},
        {"usage", "consumption"},
        {"recursively", "including subfolders"},
        {"empty", "blank"},
        {"duplicate", "repeated"},
        {"temporarily", "for now", "for a while"},
        {"permanently", "for good"},
        {"permissions", "perms", "access rights"},
        {"password", "passwd"},
        {"package", "pkg"},
        {"packages", "pkgs"},
        {"uppercase", "upper case", "capitals"},
        {"lowercase", "lower case"},
        {"how many", "the number of"},
    };
    return groups;
}

}  // namespace

// One synonym swapped at a word boundary, or the text unchanged.
std::string swap_synonym(const std::string& text, Rng& rng) {
    std::vector<std::pair<const std::vector<std::string>*, size_t>> found;  // group, position
    std::vector<size_t> lengths;
    for (auto& g : synonym_groups())
        for (auto& w : g) {
            size_t at = 0;
            while ((at = text.find(w, at)) != std::string::npos) {
                const bool start = at == 0 || text[at - 1] == ' ';
                const size_t end = at + w.size();
                const bool stop = end == text.size() || text[end] == ' ' || text[end] == ',' || text[end] == '?';
                if (start && stop) {
                    found.push_back({&g, at});
                    lengths.push_back(w.size());
                }
                at = end;
            }
        }
    if (found.empty()) return text;
    size_t k = pick(rng, found.size());
    auto [group, at] = found[k];
    const std::string old = text.substr(at, lengths[k]);
    std::string repl;
    do repl = (*group)[pick(rng, group->size())];
    while (repl == old);
    return text.substr(0, at) + repl + text.substr(at + lengths[k]);
}

// "how do i ..." around an imperative phrasing: people ask for the action in
// many frames, and the frame must not change the command.
std::string framed(const std::string& phrasing, Rng& rng) {
    static const std::set<std::string> verbs = {
        "show", "list", "display", "print", "find", "search", "delete", "remove", "create", "make", "copy", "move",
        "rename", "kill", "stop", "start", "restart", "check", "count", "compress", "extract", "unpack", "download",
        "upload", "change", "set", "add", "get", "open", "mount", "unmount", "sort", "ping", "connect", "install",
        "uninstall", "update", "upgrade", "enable", "disable", "follow", "watch", "monitor", "run", "schedule", "send",
        "trace", "look", "reload", "sync", "format", "repair", "scan", "test", "bring", "turn", "take", "put", "zip",
        "untar", "unzip", "decompress", "convert", "merge", "combine", "compare", "resume", "edit", "switch", "log",
        "lock", "protect", "pause", "suspend", "freeze", "give", "generate", "fetch", "save", "mirror", "back", "read",
        "view", "launch", "terminate", "clean", "wipe", "resolve", "query", "probe", "dump", "scroll", "clear", "get", "tell"};
    static const std::vector<std::string> frames = {
        "how do i ", "how can i ", "how to ", "i want to ", "i need to ", "help me ", "is there a way to ",
        "what is the command to ", "i would like to ", "let me ", "whats the linux command to ", "command to ",
        "what command do i use to ", "how would i ", "trying to "};
    const std::string first = phrasing.substr(0, phrasing.find(' '));
    if (!verbs.count(first)) return phrasing;
    return pick_of(rng, frames) + phrasing;
}

namespace {

// A prefix or a suffix around a request template. Never a suffix after a
// value: it would become part of it ("*.log?" is a glob).
std::pair<std::string, std::string> wrapper(const std::string& tmpl, Rng& rng) {
    const bool ends_in_value = !tmpl.empty() && tmpl.back() == '}';
    if (ends_in_value || chance(rng, 0.5)) return {pick_of(rng, kPrefixes), ""};
    return {"", pick_of(rng, kSuffixes)};
}

std::string wrap(const std::string& text, Rng& rng) {
    auto [prefix, suffix] = wrapper(text, rng);
    return prefix + text + suffix;
}

}  // namespace

namespace {

std::string mistype_once(std::string w, Rng& rng) {
    static const char* rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    const size_t len = w.size();
    size_t k = 1 + pick(rng, len - 1);  // leave the first letter: people rarely miss it
    switch (pick(rng, 4)) {
        case 0:
            if (k == 1) std::swap(w[1], w[2]);
            else std::swap(w[k - 1], w[k]);
            break;
        case 1: w.erase(k, 1); break;
        case 2: w.insert(k, 1, w[k]); break;
        default: {
            for (auto row : rows) {
                const char* p = std::strchr(row, w[k]);
                if (!p) continue;
                size_t pos = p - row, n = std::strlen(row);
                w[k] = row[pos + 1 < n ? pos + 1 : pos - 1];
                break;
            }
        }
    }
    return w;
}

// One typo in a word; never one that spells a number ("there" -> "three"
// would become a value).
std::string mistype(const std::string& word, Rng& rng) {
    static const std::set<std::string> numbers = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                                  "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty",
                                                  "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "twice",
                                                  "thrice", "dozen"};
    for (int attempt = 0; attempt < 8; ++attempt) {
        std::string w = mistype_once(word, rng);
        if (!numbers.count(w)) return w;
    }
    return word;
}

}  // namespace

std::string add_typo(const std::string& text, Rng& rng) {
    // candidate words: letters only, at least four, not inside a {slot}
    std::vector<std::pair<size_t, size_t>> words;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{') {
            i = text.find('}', i);
            if (i == std::string::npos) break;
            ++i;
            continue;
        }
        size_t j = i;
        while (j < text.size() && text[j] >= 'a' && text[j] <= 'z') ++j;
        if (j - i >= 4 && (j == text.size() || text[j] == ' ' || text[j] == ',' || text[j] == '?') &&
            (i == 0 || text[i - 1] == ' '))
            words.push_back({i, j - i});
        i = j == i ? i + 1 : j;
    }
    if (words.empty()) return text;
    auto [start, len] = words[pick(rng, words.size())];
    std::string w = mistype(text.substr(start, len), rng);
    return text.substr(0, start) + w + text.substr(start + len);
}




// ============================================================ requests without values

namespace {

// Per slot type: the blank kind it leaves, the nouns that already name it in a
// phrasing ("the folder {dir}": the slot goes, the noun stays), and what to say
// instead where no noun does ("" drops the slot).
struct SlotWords {
    std::string blank_kind;
    std::vector<std::string> nouns, instead;
};

const std::map<std::string, SlotWords>& slot_words() {
    static const std::map<std::string, SlotWords> w = {
        {"file", {"file", {"file", "files", "document", "logfile"}, {"a file", "the file", "some file", "my file", "a text file", "a given file", "a specific file"}}},
        {"dir", {"path", {"folder", "directory", "dir", "folders", "directories"}, {"a folder", "a directory", "the folder", "some directory", "a given directory", "the specified directory"}}},
        {"targz", {"archive", {"archive", "tarball", "tgz"}, {"a tarball", "an archive", "the archive", "a compressed tarball"}}},
        {"tarbz", {"archive", {"archive", "tarball"}, {"a bzip2 tarball", "an archive", "the tarball"}}},
        {"tarxz", {"archive", {"archive", "tarball"}, {"an xz tarball", "an archive", "the tarball"}}},
        {"xz", {"file", {"file"}, {"an xz file", "the compressed file"}}},
        {"bzip", {"file", {"file"}, {"a bz2 file", "the compressed file"}}},
        {"machine", {"host", {"server", "host", "machine", "box"}, {"a server", "a remote machine", "the server"}}},
        {"tar", {"archive", {"archive", "tarball"}, {"a tar archive", "a tarball", "the archive"}}},
        {"zip", {"archive", {"archive", "zip"}, {"a zip file", "a zip archive", "the zip"}}},
        {"gz", {"file", {"file"}, {"a gzipped file", "a gz file", "the compressed file"}}},
        {"script", {"file", {"script", "program"}, {"a script", "my script", "the script"}}},
        {"dev", {"dev", {"device", "disk", "drive", "partition"}, {"a disk", "a device", "the drive", "a partition", "a specific device"}}},
        {"glob", {"glob", {"pattern"}, {"a pattern", "some pattern"}}},
        {"host", {"host", {"host", "server", "machine", "site", "domain", "website"}, {"a host", "a server", "a website", "the server", "a given host", "a remote host"}}},
        {"ip", {"ip", {"ip", "address"}, {"an ip address", "an ip", "an address"}}},
        {"url", {"url", {"url", "link", "page"}, {"a url", "a link", "the url"}}},
        {"remote", {"remote", {"server", "machine", "host"}, {"a remote server", "another machine", "the server"}}},
        {"addr", {"addr", {"server", "machine", "host", "box"}, {"a server", "a remote machine", "the server"}}},
        {"num", {"num", {}, {""}}},
        {"port", {"num", {"port"}, {"a port", "some port", "a specific port", "a given port"}}},
        {"pid", {"num", {"process", "pid"}, {"a process", "a pid", "a specific process", "a given process id"}}},
        {"mode", {"num", {"permissions", "mode"}, {"some permissions", "a mode"}}},
        {"size", {"size", {"size"}, {"a size", "some size"}}},
        {"str", {"str", {"text", "string", "phrase", "word", "pattern"}, {"some text", "a string", "a word"}}},
        {"job", {"str", {"command", "job", "task"}, {"a command", "a job", "a task"}}},
        {"user", {"user", {"user", "account", "users"}, {"a user", "a user account", "someone", "a specific user", "a given user"}}},
        {"group", {"group", {"group"}, {"a group", "some group", "a specific group"}}},
        {"service", {"service", {"service", "daemon", "unit"}, {"a service", "the service", "a daemon", "a specific service", "a given unit"}}},
        {"proc", {"proc", {"process", "program", "app", "application"}, {"a program", "a process", "an app", "a specific process"}}},
        {"pkg", {"pkg", {"package", "program", "software"}, {"a package", "some package", "a program", "a specific package"}}},
        {"name", {"name", {"name", "branch", "session", "project", "folder"}, {"a name"}}},
        {"word", {"word", {"word", "text", "string", "pattern"}, {"a word", "some text"}}},
        {"iface", {"iface", {"interface", "nic", "adapter", "card"}, {"an interface", "a network interface", "the interface", "the specified interface"}}},
    };
    return w;
}

// The word without trailing punctuation: "folder," -> "folder".
std::string bare(const std::string& w) {
    size_t e = w.size();
    while (e > 0 && std::strchr(",.;:!?", w[e - 1])) --e;
    return w.substr(0, e);
}

}  // namespace

std::vector<std::string> split_spaces(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::string phrasing_without_values(const std::string& phrasing, std::mt19937_64& rng) {
    std::vector<std::string> words = split_spaces(phrasing), out;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w.front() != '{') {
            out.push_back(w);
            continue;
        }
        const size_t close = w.find('}');
        if (close == std::string::npos) return "";
        auto it = slot_words().find(slot_type(w.substr(1, close - 1)));
        if (it == slot_words().end()) return "";
        const std::string after = w.substr(close + 1);  // "{dir}," keeps its comma
        if (!after.empty() && after.find_first_not_of(",.;:!?") != std::string::npos) return "";  // "{file}'s", "{user}@"
        const auto& nouns = it->second.nouns;
        auto is_noun = [&](const std::string& x) { return std::find(nouns.begin(), nouns.end(), bare(x)) != nouns.end(); };
        if (!out.empty() && is_noun(out.back()) && bare(out.back()) == out.back()) {  // "the folder {dir}"
            out.back() += after;
            continue;
        }
        if (i + 1 < words.size() && is_noun(words[i + 1])) {  // "the {service} service"
            const std::string& prev = out.empty() ? "" : out.back();
            if (prev != "the" && prev != "a" && prev != "an" && prev != "my" && prev != "this" && prev != "that")
                out.push_back(words[i + 1][0] == 'a' || words[i + 1][0] == 'i' || words[i + 1][0] == 'e' ? "an" : "a");
            continue;
        }
        // "a branch called {name}", "commit with the message {str}": a name said as a noun reads wrong
        if (!out.empty() && (out.back() == "called" || out.back() == "named" || out.back() == "as" || out.back() == "message" ||
                             out.back() == "titled" || out.back() == "saying"))
            return "";
        const std::string& say = pick_of(rng, it->second.instead);
        if (say.empty()) {  // a count: "the last {num} lines" -> "the last lines"; others do not read well
            const std::string prev = out.empty() ? "" : out.back();
            if (prev != "last" && prev != "first" && prev != "top" && prev != "the") return "";
            if (!after.empty()) return "";
            continue;
        }
        // "the file a file": an article before the slot takes the noun without its own
        std::string phrase = say;
        if (!out.empty() && (out.back() == "the" || out.back() == "a" || out.back() == "an" || out.back() == "my")) {
            auto sp = phrase.find(' ');
            if (sp == std::string::npos) return "";
            const std::string head = phrase.substr(0, sp);
            if (head == "a" || head == "an" || head == "the" || head == "some" || head == "my") phrase = phrase.substr(sp + 1);
            if (out.back() == "a" && std::strchr("aeiou", phrase[0])) out.back() = "an";
            if (out.back() == "an" && !std::strchr("aeiou", phrase[0])) out.back() = "a";
        }
        out.push_back(phrase + after);
    }
    std::string text;
    for (auto& w : out) text += (text.empty() ? "" : " ") + w;
    if (text == phrasing || !template_slots(text).empty()) return "";
    return text;
}

std::string phrasing_without_target(const std::string& phrasing) {
    std::vector<std::string> words = split_spaces(phrasing);
    if (words.size() < 5) return "";
    const std::string& last = words.back();
    const std::string& prep = words[words.size() - 2];
    if (last.front() != '{' || last.back() != '}' || last.find('{', 1) != std::string::npos) return "";
    if (prep != "to" && prep != "into" && prep != "as") return "";
    words.resize(words.size() - 2);  // at least three words stay
    // what stays must end on what it acts on, a value or a noun of one ("the folder {dir}",
    // "ssh on a port"), not on a word the target completed ("belonging", "trim it down")
    const std::string end = bare(words.back());
    bool names_object = end.size() > 2 && end.front() == '{' && end.back() == '}';
    for (const auto& [type, w] : slot_words())
        names_object = names_object || std::find(w.nouns.begin(), w.nouns.end(), end) != w.nouns.end();
    if (!names_object) return "";
    std::string text;
    for (auto& w : words) text += (text.empty() ? "" : " ") + w;
    return text;
}

std::string command_with_blanks(const std::string& command_template) {
    std::map<std::string, int> used;  // per blank kind, in the order the command names them
    std::string out = command_template;
    std::set<std::string> done;
    for (auto& slot : template_slots(command_template)) {
        if (!done.insert(slot).second) continue;
        auto it = slot_words().find(slot_type(slot));
        if (it == slot_words().end()) return "";
        const std::string ph = "<" + it->second.blank_kind + std::to_string(used[it->second.blank_kind]++) + ">";
        // a blank inside a word ("USER:GROUP") reads as its own piece (word_pieces)
        out = replace_all(out, "{" + slot + "}", blank_name(ph));
    }
    return out;
}

std::string blank_placeholder(const std::string& word) {
    static const std::map<std::string, std::string> by_name = [] {
        std::map<std::string, std::string> m;
        for (auto& [type, w] : slot_words())
            for (int i = 0; i < 4; ++i) {
                const std::string ph = "<" + w.blank_kind + std::to_string(i) + ">";
                m[blank_name(ph)] = ph;
            }
        return m;
    }();
    auto it = by_name.find(word);
    return it == by_name.end() ? "" : it->second;
}

// ============================================================ generation

namespace {

// The command as the core prints it for `request`: without the options the request did not
// ask for (unasked_options), so the pairs teach what the core writes.
std::string as_core_prints(const std::string& command, const std::string& request) {
    const std::vector<std::string> words = split_spaces(command);
    const std::vector<bool> unasked = unasked_options(words, tokenize_request(request).tokens);
    if (std::find(unasked.begin(), unasked.end(), true) == unasked.end()) return command;
    std::string out;
    for (size_t i = 0; i < words.size(); ++i)
        if (!unasked[i]) out += (out.empty() ? "" : " ") + words[i];
    return out;
}

uint64_t fnv1a(const std::string& text, uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    return h;
}

}  // namespace

std::string command_echo(const std::string& command_template) {
    // a pipeline, quotes or redirections do not read as a request
    if (command_template.find_first_of("|'\"<>$;&`()*") != std::string::npos) return "";
    // nor does a value glued into an option ("dig @{ip}", "-o {num}h", "{port}-{port2}"):
    // typed, it reads as some other value
    for (size_t at = command_template.find('{'); at != std::string::npos; at = command_template.find('{', at + 1)) {
        const size_t close = command_template.find('}', at);
        if (close == std::string::npos) break;
        const char before = at > 0 ? command_template[at - 1] : ' ', after = close + 1 < command_template.size() ? command_template[close + 1] : ' ';
        if (std::isalnum(static_cast<unsigned char>(before)) || before == '@' || before == '=' ||
            std::isalnum(static_cast<unsigned char>(after)) || (after == '-' && close + 2 < command_template.size() && command_template[close + 2] == '{'))
            return "";
    }
    return command_template.rfind("sudo ", 0) == 0 ? command_template.substr(5) : command_template;
}

std::vector<std::string> held_out_first(const std::vector<std::string>& phrasings, const std::string& echo, uint64_t seed) {
    // Ranked by a hash of seed and text, so a phrasing added to a form leaves the
    // held-out ones in place unless it ranks before them. The command typed as
    // is goes last: it is no test of understanding a phrasing.
    const std::string salt = std::to_string(seed) + ":";
    std::vector<std::pair<uint64_t, std::string>> ranked;
    for (auto& p : phrasings) ranked.push_back({p == echo ? UINT64_MAX : fnv1a(salt + p), p});
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (auto& r : ranked) out.push_back(r.second);
    return out;
}

Dataset generate_dataset(const std::vector<Form>& forms, const std::map<std::string, std::vector<std::string>>& lists,
                         const GenerateOptions& opt) {
    Rng rng(opt.seed);
    const std::set<std::string> literals = literals_of_forms(forms);
    ValueMaker values(lists, literals);
    Dataset out;
    std::set<std::string> seen_inputs;
    std::map<std::string, std::string> form_of_tokens;  // request tokens -> the form they were made for

    // Split order per form, and every held-out template: no variant made for
    // training (synonym, frame, typo, echo) may come out as one of them.
    std::vector<std::vector<std::string>> orders;
    std::vector<std::string> echoes;
    std::set<std::string> held_out;
    for (auto& f : forms) {
        echoes.push_back(command_echo(f.command));
        orders.push_back(held_out_first(f.phrasings, echoes.back(), opt.seed));
        for (size_t i = 0; i < 2 && i < orders.back().size(); ++i) held_out.insert(orders.back()[i]);
    }

    // One filled pair from a phrasing template; false when it came out a duplicate.
    auto fill = [&](const Form& f, const std::string& phrasing, bool augment, std::vector<Record>& into) {
        if (&into == &out.train && held_out.count(phrasing)) return false;
        std::string in = phrasing, cmd = f.command;
        std::set<std::string> used;
        for (auto& slot : template_slots(f.command)) {
            Value v;
            do v = values.make(slot_type(slot), rng);
            while (used.count(v.request));
            used.insert(v.request);
            // no quotes where a word is glued on ("{user}'s files", "{machine}:{file}")
            const size_t in_at = in.find("{" + slot + "}"), after = in_at == std::string::npos ? in_at : in_at + slot.size() + 2;
            const bool glued = (after < in.size() && !std::strchr(" ,.?!", in[after])) ||
                               (in_at != std::string::npos && in_at > 0 && !std::strchr(" (\"'", in[in_at - 1]));
            if (v.request != v.command && v.request.front() != v.command.front() && glued) v.request = v.command;
            in = replace_all(in, "{" + slot + "}", v.request);
            // quoted after find -name and the like, as the core prints it
            const size_t at = cmd.find("{" + slot + "}");
            const size_t word = at == std::string::npos || at < 2 ? std::string::npos : cmd.rfind(' ', at - 2);
            const std::string before = word == std::string::npos ? "" : cmd.substr(word + 1, at - word - 2);
            cmd = replace_all(cmd, "{" + slot + "}", slot_type(slot) == "glob" && option_takes_pattern(before) ? "'" + v.command + "'" : v.command);
        }
        if (augment && chance(rng, 0.15)) {
            auto [prefix, suffix] = wrapper(phrasing, rng);
            in = prefix + in + suffix;
        }
        cmd = as_core_prints(cmd, in);
        if (seen_inputs.count(in)) return false;
        // the same tokens for another command would teach a contradiction (/etc/hosts
        // and /var/log both read <path0>): draw other values instead
        auto [it, fresh] = form_of_tokens.emplace(join_command(tokenize_request(in).tokens), f.command);
        if (!fresh && it->second != f.command) return false;
        seen_inputs.insert(in);
        into.push_back({in, cmd, f.category, f.command, phrasing});
        return true;
    };

    for (size_t form = 0; form < forms.size(); ++form) {
        const Form& f = forms[form];
        const std::string& echo = echoes[form];
        const std::vector<std::string>& p = orders[form];
        const bool has_slots = !template_slots(f.command).empty();
        if (!echo.empty() && std::find(p.begin(), p.end(), echo) == p.end())  // people type the command itself
            for (int made = 0, tries = 0; made < (has_slots ? 3 : 1) && tries < 12; ++tries) made += fill(f, echo, true, out.train);
        for (size_t i = 0; i < p.size(); ++i) {
            const bool train = i >= 2;
            std::vector<Record>& split = i == 0 ? out.test : i == 1 ? out.valid : out.train;
            int want = has_slots ? (train ? opt.train_fills : opt.eval_fills) : 1;
            for (int made = 0, tries = 0; made < want && tries < want * 4; ++tries)
                made += fill(f, p[i], train, split);
            if (i == 0) {  // the same held-out phrasing, misspelt once
                std::string typo = add_typo(p[i], rng);
                if (typo != p[i])
                    for (int made = 0, tries = 0; made < (has_slots ? opt.eval_fills : 1) && tries < 12; ++tries)
                        made += fill(f, typo, false, out.test_typos);
            }
            if (train) {  // variants with other words for the same thing
                for (int k = 0; k < 2; ++k) {
                    std::string syn = swap_synonym(k == 0 ? p[i] : swap_synonym(p[i], rng), rng);
                    if (syn != p[i])
                        for (int made = 0, tries = 0; made < (has_slots ? 2 : 1) && tries < 6; ++tries) made += fill(f, syn, false, split);
                }
            }
            if (train) {  // the same request in a question frame
                std::string frame = framed(p[i], rng);
                if (frame != p[i])
                    for (int made = 0, tries = 0; made < (has_slots ? 2 : 1) && tries < 6; ++tries) made += fill(f, frame, false, split);
            }
            if (train && !has_slots) {  // no slots to vary: add a wrapped and a misspelt variant
                for (int tries = 0; tries < 4 && !fill(f, wrap(p[i], rng), false, split);) ++tries;
                std::string typo = add_typo(p[i], rng);
                if (typo != p[i]) fill(f, typo, false, split);
            } else if (train && chance(rng, 0.5)) {
                std::string typo = add_typo(p[i], rng);
                if (typo != p[i]) fill(f, typo, false, split);
            }
        }
    }
    // Requests that name no value ("extract an archive" -> `tar -xzf ARCHIVE`). After
    // every other pair, so a request another form already owns keeps its command;
    // the held-out phrasings first, so no train request can be one of them.
    auto fill_blank = [&](const Form& f, const std::string& text, const std::string& command, std::vector<Record>& into) {
        TokenizedRequest t = tokenize_request(text);
        if (!t.slots.empty() || seen_inputs.count(text)) return;
        auto [it, fresh] = form_of_tokens.emplace(join_command(t.tokens), f.command);
        if (!fresh && it->second != f.command) return;
        seen_inputs.insert(text);
        into.push_back({text, as_core_prints(command, text), f.category, f.command, text});
    };
    // Pass 0: the held-out phrasings; pass 1: train phrasings; pass 2: train phrasings
    // that also leave their target unsaid ("change the owner of a file"), last so a
    // request that says it all elsewhere keeps that command.
    // A phrasing that, without its target, is word for word another form's ("add
    // {user} to {group}" -> "add {user}") belongs to that form, not to this one.
    std::map<std::string, std::string> form_of_phrasing;
    for (const Form& f : forms)
        for (const std::string& p : f.phrasings) form_of_phrasing.emplace(p, f.command);
    for (int pass = 0; pass < 3; ++pass)
        for (size_t form = 0; form < forms.size(); ++form) {
            const Form& f = forms[form];
            const std::string command = command_with_blanks(f.command);
            if (command.empty() || template_slots(f.command).empty()) continue;
            const std::vector<std::string>& p = orders[form];
            for (size_t i = pass == 0 ? 0 : 2; i < (pass == 0 ? std::min<size_t>(1, p.size()) : p.size()); ++i) {
                if (pass > 0 && p[i] == echoes[form]) continue;
                std::string said = p[i];
                if (pass == 2) {
                    said = phrasing_without_target(p[i]);
                    auto owner = form_of_phrasing.find(said);
                    if (owner != form_of_phrasing.end() && owner->second != f.command) continue;
                }
                if (said.empty() || (pass == 1 && !chance(rng, opt.no_value_share))) continue;
                // a target was its only value: what is left names none
                std::string text = pass == 2 && template_slots(said).empty() ? said : phrasing_without_values(said, rng);
                if (text.empty()) continue;
                if (pass > 0 && chance(rng, 0.25)) text = framed(text, rng);
                fill_blank(f, text, command, pass == 0 ? out.test_blanks : out.train);
            }
        }
    std::shuffle(out.train.begin(), out.train.end(), rng);
    return out;
}

int fit_hidden_width(ModelConfig& config, int64_t budget) {
    while (parameter_count(config) > budget && config.hidden_dim > 16) config.attention_dim = --config.hidden_dim;
    return config.hidden_dim;
}

// ============================================================ JSONL

std::string record_to_json(const Record& r) {
    json j = {{"input", r.input}, {"output", r.output}, {"category", r.category}, {"form", r.form}, {"phrasing", r.phrasing}};
    return j.dump();
}

void write_jsonl(const std::string& path, const std::vector<Record>& records) {
    std::string text;
    for (auto& r : records) text += record_to_json(r) + "\n";
    write_file_atomic(path, std::vector<uint8_t>(text.begin(), text.end()));
}

std::vector<Record> read_jsonl(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot open " + path);
    std::vector<Record> out;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (trim(line).empty()) continue;
        json j;
        try {
            j = json::parse(line);
        } catch (const json::parse_error& e) {
            throw InputError(path + ":" + std::to_string(n) + ": not JSON: " + e.what());
        }
        if (!j.is_object() || !j.contains("input") || !j["input"].is_string() || !j.contains("output") || !j["output"].is_string())
            throw InputError(path + ":" + std::to_string(n) + ": needs string fields \"input\" and \"output\"");
        Record r;
        r.input = j["input"];
        r.output = j["output"];
        r.category = j.value("category", "");
        r.form = j.value("form", r.output);
        r.phrasing = j.value("phrasing", r.input);
        out.push_back(std::move(r));
    }
    return out;
}

// ============================================================ examples

std::set<std::string> form_literals(const std::vector<Record>& records) {
    std::set<std::string> lit;
    for (auto& r : records) add_literals(r.form, lit);
    return lit;
}

namespace {
// Whether the command word `word` is the slot's value, as the core prints it.
bool value_is(const Slot& s, const std::string& word) {
    return s.value == word || shell_quote_if_needed(s.value, s.kind) == word || (s.kind == SlotKind::Glob && word == "'" + s.value + "'");
}
}  // namespace

TokenizedPair make_example(const Record& r, const std::set<std::string>& literals) {
    TokenizedRequest req = tokenize_request(r.input);
    TokenizedPair ex;
    ex.source = req.tokens;
    // Each command word as the pieces its form word has ("alice:staff" for "{user}:{group}"),
    // glued by <join>. The form's words are matched in order; a literal word of the form
    // that the command lacks (an option the request did not ask for) is passed over.
    const std::vector<std::string> words = tokenize_command(r.output), form_words = tokenize_command(r.form);
    std::vector<std::string> toks;
    for (size_t i = 0, j = 0; i < words.size(); ++i) {
        while (j < form_words.size() && template_slots(form_words[j]).empty() && form_words[j] != words[i]) ++j;
        const std::vector<std::string> pieces = j < form_words.size() ? word_pieces(form_words[j]) : std::vector<std::string>{};
        ++j;
        // a value the request gives whole stays whole: "db1:/srv" typed as one remote
        const bool whole = std::any_of(req.slots.begin(), req.slots.end(), [&](const Slot& s) { return value_is(s, words[i]); });
        const std::vector<std::string> parts = pieces.size() > 1 && !whole ? split_like(words[i], pieces) : std::vector<std::string>{};
        if (parts.empty()) {
            toks.push_back(words[i]);
            continue;
        }
        for (size_t k = 0; k < parts.size(); ++k) {
            if (k) toks.push_back(kJoinToken);
            toks.push_back(parts[k]);
        }
    }
    for (auto& tok : toks) {
        if (tok == kJoinToken) {
            ex.target.push_back(tok);
            ex.align.push_back(-1);
            continue;
        }
        const Slot* slot = nullptr;
        for (auto& s : req.slots)
            if (value_is(s, tok)) slot = slot ? slot : &s;
        if (slot) {
            ex.target.push_back(slot->placeholder);
            ex.align.push_back(slot->source_index);
        } else if (literals.count(tok)) {
            ex.target.push_back(tok);
            ex.align.push_back(-1);
        } else if (!blank_placeholder(tok).empty()) {  // a named blank: the request holds no value
            ex.target.push_back(blank_placeholder(tok));
            ex.align.push_back(-1);
        } else {
            ex.target.push_back(kUnkToken);
            auto it = std::find(req.surface.begin(), req.surface.end(), tok);  // copied as typed
            ex.align.push_back(it == req.surface.end() ? -1 : static_cast<int>(it - req.surface.begin()));
        }
    }
    return ex;
}

// ============================================================ checks

std::string shell_syntax_error(const std::string& command) {
    char quote = 0;
    for (size_t i = 0; i < command.size(); ++i) {
        char c = command[i];
        if (quote) {
            if (c == quote) quote = 0;
            else if (quote == '"' && c == '\\') ++i;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '\\') {
            ++i;
        }
    }
    if (quote) return std::string("unclosed ") + (quote == '\'' ? "single" : "double") + " quote";
    auto tokens = tokenize_command(command);
    if (tokens.empty()) return "empty command";
    static const std::set<std::string> joiners = {"|", "||", "&&", ";"};
    static const std::set<std::string> redirects = {">", ">>", "<", "&>", "2>", "2>>"};
    for (size_t i = 0; i < tokens.size(); ++i) {
        const bool last = i + 1 == tokens.size();
        if (joiners.count(tokens[i])) {
            if (i == 0 || joiners.count(tokens[i - 1])) return "empty command before '" + tokens[i] + "'";
            if (last && tokens[i] != ";") return "nothing after '" + tokens[i] + "'";
        }
        if (redirects.count(tokens[i]) && (last || joiners.count(tokens[i + 1]) || redirects.count(tokens[i + 1])))
            return "'" + tokens[i] + "' has no target";
    }
    int depth = 0;
    for (char c : command) depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth != 0) return "unbalanced parentheses";
    return "";
}

namespace {

// A phrasing reduced to its words, slots kept as their type: how near two are.
std::vector<std::string> phrasing_words(const std::string& p) {
    std::string s = p;
    for (auto& slot : template_slots(p)) s = replace_all(s, "{" + slot + "}", " " + slot_type(slot) + " ");  // {file2} -> file
    std::vector<std::string> words;
    std::string w;
    for (char c : s + " ") {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '\'') {
            w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!w.empty()) {
            words.push_back(w);
            w.clear();
        }
    }
    static const std::set<std::string> filler = {"the", "a", "an", "please", "me", "my", "of", "all"};
    words.erase(std::remove_if(words.begin(), words.end(), [](const std::string& x) { return filler.count(x) != 0; }), words.end());
    return words;
}

// True when a and b hold the same words in any order, or one word added or
// dropped turns one into the other ("list users" / "list all users"). A word
// replaced ("start x" / "stop x") usually changes the meaning, so it does not count.
bool near_same(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.size() == b.size()) {
        auto x = a, y = b;
        std::sort(x.begin(), x.end());
        std::sort(y.begin(), y.end());
        return x == y;
    }
    const auto& s = a.size() < b.size() ? a : b;
    const auto& l = a.size() < b.size() ? b : a;
    if (l.size() - s.size() != 1 || s.size() < 2) return false;
    for (size_t skip = 0; skip < l.size(); ++skip) {
        bool same = true;
        for (size_t i = 0, j = 0; i < s.size(); ++i, ++j) {
            if (j == skip) ++j;
            if (s[i] != l[j]) { same = false; break; }
        }
        if (same) return true;
    }
    return false;
}

}  // namespace

CheckReport check_data(const std::vector<Form>& forms, const std::map<std::string, std::vector<std::string>>& lists,
                       const Dataset& data) {
    CheckReport rep;
    const std::set<std::string> literals = literals_of_forms(forms);
    ValueMaker values(lists, literals);
    static const std::set<std::string> generated = {"file", "targz", "tarbz", "tarxz", "tar", "zip", "gz", "xz", "bzip", "machine", "dir", "dev", "glob",
                                                    "host", "ip", "num", "pid", "size", "url", "remote", "addr"};

    // forms: slots on both sides, enough phrasings, commands that parse
    std::map<std::string, int> forms_per_category;
    std::set<std::string> commands;
    for (auto& f : forms) {
        ++forms_per_category[f.category];
        if (!commands.insert(f.command).second) rep.errors.push_back(f.origin + ": the form `" + f.command + "` is listed twice");
        auto want = template_slots(f.command);
        std::sort(want.begin(), want.end());
        for (auto& s : want)
            if (!generated.count(slot_type(s)) && !lists.count(slot_type(s)))
                rep.errors.push_back(f.origin + ": {" + s + "} has no value list");
        if (f.phrasings.size() < 8)
            rep.errors.push_back(f.origin + ": `" + f.command + "` has " + std::to_string(f.phrasings.size()) + " phrasings; at least 8 are needed");
        for (auto& p : f.phrasings) {
            auto got = template_slots(p);
            std::sort(got.begin(), got.end());
            if (got != want)
                rep.errors.push_back(f.origin + ": slots differ between `" + f.command + "` and \"" + p + "\"");
        }
        std::string err = shell_syntax_error(f.command);
        if (!err.empty()) rep.errors.push_back(f.origin + ": `" + f.command + "` is not valid shell: " + err);
    }

    // phrasings: the same or nearly the same words for two commands is ambiguous
    struct P { const Form* form; std::string text; std::vector<std::string> words; };
    std::vector<P> all;
    for (auto& f : forms)
        for (auto& p : f.phrasings) all.push_back({&f, p, phrasing_words(p)});
    int near_same_form = 0;
    for (size_t i = 0; i < all.size(); ++i)
        for (size_t j = i + 1; j < all.size(); ++j) {
            if (std::abs(int(all[i].words.size()) - int(all[j].words.size())) > 1) continue;
            const bool same = all[i].words == all[j].words;
            if (!same && !near_same(all[i].words, all[j].words)) continue;
            if (all[i].form == all[j].form) {
                if (same) rep.errors.push_back(all[i].form->origin + ": \"" + all[i].text + "\" and \"" + all[j].text + "\" are the same phrasing");
                else ++near_same_form;
            } else if (same) {
                rep.errors.push_back("\"" + all[i].text + "\" (`" + all[i].form->command + "`) and \"" + all[j].text + "\" (`" +
                                     all[j].form->command + "`) say the same thing");
            } else {
                rep.warnings.push_back("near duplicates for different commands: \"" + all[i].text + "\" (`" + all[i].form->command +
                                       "`) and \"" + all[j].text + "\" (`" + all[j].form->command + "`)");
            }
        }
    if (near_same_form) rep.info.push_back(std::to_string(near_same_form) + " phrasing pairs within one form differ by a single word");

    // values: every listed value must read back as its slot
    for (auto& [name, list] : lists) {
        if (name.find('_') != std::string::npos) continue;  // parts (file_ext, dir_root) are checked through what they build
        for (auto& v : list)
            if (!values.valid(name, v)) rep.warnings.push_back("values.txt [" + name + "]: \"" + v + "\" does not read back as one {" + name + "} value");
    }

    // pairs: duplicates, conflicts, slots that reach the command
    std::map<std::string, std::string> by_input, by_tokens;
    std::map<std::string, int> pairs_per_category;
    std::set<std::string> used_forms;
    auto check_split = [&](const std::vector<Record>& split, const std::string& name) {
        for (auto& r : split) {
            auto dup = by_input.find(r.input);
            if (dup != by_input.end()) {
                rep.errors.push_back(name + ": \"" + r.input + "\" appears twice" + (dup->second != r.output ? " with different commands" : ""));
                continue;
            }
            by_input[r.input] = r.output;
            std::string err = shell_syntax_error(r.output);
            if (!err.empty()) rep.errors.push_back(name + ": `" + r.output + "` is not valid shell: " + err);
            TokenizedPair ex = make_example(r, literals);
            std::string src = join_command(ex.source), tgt = join_command(ex.target);
            auto [it, fresh] = by_tokens.emplace(src, tgt);
            if (!fresh && it->second != tgt)
                rep.errors.push_back(name + ": \"" + src + "\" maps to both `" + it->second + "` and `" + tgt + "`");
            for (size_t k = 0; k < ex.target.size(); ++k)
                if (ex.target[k] == kUnkToken && ex.align[k] < 0)
                    rep.errors.push_back(name + ": `" + r.output + "`: a value in the command is missing from \"" + r.input + "\"");
            for (auto& s : tokenize_request(r.input).slots)
                if (std::find(ex.target.begin(), ex.target.end(), s.placeholder) == ex.target.end())
                    rep.errors.push_back(name + ": \"" + r.input + "\": the value " + s.value + " never reaches `" + r.output + "`");
            if (name == "train") {
                ++pairs_per_category[r.category];
                used_forms.insert(r.form);
            }
        }
    };
    check_split(data.train, "train");
    check_split(data.valid, "valid");
    check_split(data.test, "test");

    // balance
    if (!forms_per_category.empty()) {
        double mean = 0;
        for (auto& [c, n] : pairs_per_category) mean += n;
        mean /= std::max<size_t>(1, pairs_per_category.size());
        for (auto& [c, n] : forms_per_category) {
            int pairs = pairs_per_category[c];
            char line[160];
            std::snprintf(line, sizeof line, "%-12s %3d forms %6d train pairs", c.c_str(), n, pairs);
            rep.info.push_back(line);
            if (pairs < mean / 3)
                rep.warnings.push_back("category " + c + " is thin: " + std::to_string(pairs) + " train pairs against a mean of " +
                                       std::to_string(int(mean)));
        }
    }
    size_t phrasings = 0;
    for (auto& f : forms) phrasings += f.phrasings.size();
    rep.info.push_back(std::to_string(forms.size()) + " forms, " + std::to_string(phrasings) + " phrasings, " +
                       std::to_string(forms_per_category.size()) + " categories");
    rep.info.push_back("pairs: " + std::to_string(data.train.size()) + " train, " + std::to_string(data.valid.size()) + " valid, " +
                       std::to_string(data.test.size()) + " test (held-out phrasings), " + std::to_string(data.test_typos.size()) +
                       " test with typos");
    if (forms.size() < 250) rep.errors.push_back("only " + std::to_string(forms.size()) + " forms; at least 250 are needed");
    if (data.train.size() < 10000) rep.errors.push_back("only " + std::to_string(data.train.size()) + " train pairs; at least 10000 are needed");
    if (used_forms.size() != forms.size() && !data.train.empty())
        rep.errors.push_back(std::to_string(forms.size() - used_forms.size()) + " forms have no train pair");
    return rep;
}

}  // namespace cmdseq::train
