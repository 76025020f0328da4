#include "man_pages.h"

#include <algorithm>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "tokenizer.h"

namespace cmdseq::train {

namespace {

size_t indent_of(const std::string& line) {
    size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    return i;
}

std::string strip(const std::string& s) {
    size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// "-a, --all", "--block-size=SIZE", "-n, --lines=[-]NUM", "-name pattern" -> the option names
std::vector<std::string> tag_options(const std::string& tag) {
    std::vector<std::string> out;
    std::string t = tag;
    std::replace(t.begin(), t.end(), ',', ' ');
    std::istringstream in(t);
    for (std::string w; in >> w;) {
        if (w.size() < 2 || w[0] != '-' || w == "--") continue;
        size_t cut = w.find_first_of("=[");
        if (cut != std::string::npos) w.resize(cut);
        if (w.size() >= 2 && w != "--") out.push_back(w);
    }
    return out;
}

// "-type c", "-name pattern", "--sort=WORD", "-n, --lines=[-]NUM": the option takes a value,
// and its description is about the value
bool tag_takes_value(const std::string& tag) {
    if (tag.find_first_of("=[<") != std::string::npos) return true;
    std::string t = tag;
    std::replace(t.begin(), t.end(), ',', ' ');
    std::istringstream in(t);
    for (std::string w; in >> w;)
        if (w[0] != '-') return true;
    return false;
}

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

// The first command of a pipeline or a list.
std::string first_command(const std::string& command) {
    size_t cut = command.find_first_of("|;&");
    return cut == std::string::npos ? command : command.substr(0, cut);
}

}  // namespace

ManPage parse_man_page(const std::string& name, const std::string& text) {
    ManPage page;
    page.name = name;
    std::vector<std::string> lines;
    {
        std::istringstream in(text);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
    }
    std::string section;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& l = lines[i];
        if (strip(l).empty()) continue;
        const size_t ind = indent_of(l);
        if (ind == 0) {  // a section heading
            section = strip(l);
            continue;
        }
        if (section == "NAME" && page.summary.empty()) {
            std::string s = strip(l);
            for (size_t j = i + 1; j < lines.size() && !strip(lines[j]).empty() && indent_of(lines[j]) > 0; ++j) s += " " + strip(lines[j]);
            size_t dash = s.find(" - ");
            if (dash != std::string::npos) page.summary = option_phrase(s.substr(dash + 3));
            continue;
        }
        const std::string body = strip(l);
        if (body[0] != '-' || section == "NAME" || section == "SYNOPSIS") continue;
        // "-c     with -lt: sort by ..." (tag and text on one line) or "-a, --all" then the text indented deeper
        std::string tag = body, description;
        size_t gap = body.find("   ");
        if (gap != std::string::npos) {
            tag = body.substr(0, gap);
            description = strip(body.substr(gap));
        } else {
            for (size_t j = i + 1; j < lines.size() && !strip(lines[j]).empty() && indent_of(lines[j]) > ind; ++j)
                description += (description.empty() ? "" : " ") + strip(lines[j]);
        }
        if (description.empty() || tag_takes_value(tag)) continue;
        const std::string phrase = option_phrase(description);
        if (phrase.empty()) continue;
        for (auto& o : tag_options(tag))
            if (!page.options.count(o)) page.options[o] = phrase;  // the first description of an option wins
    }
    return page;
}

std::string option_phrase(const std::string& description) {
    std::string s = description;
    // the first sentence: up to ". ", ";" or " (" remarks
    for (const char* stop : {". ", "; ", " (", ": "}) {
        size_t at = s.find(stop);
        if (at != std::string::npos && at > 0) s.resize(at);
    }
    s = strip(s);
    while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ':')) s.pop_back();
    if (s.empty()) return "";
    // text that reads as a request: words, not synopsis or references to other options
    if (s.find_first_of("<>[]{}()|=*$`\\") != std::string::npos) return "";
    const auto words = split_spaces(s);
    if (words.size() < 2 || words.size() > 14) return "";
    for (auto& w : words)
        if (w[0] == '-' || std::isupper(static_cast<unsigned char>(w[0])) && w.size() > 1 && std::isupper(static_cast<unsigned char>(w[1])))
            return "";  // "like -l", "scale sizes by SIZE": the words point elsewhere
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return c < 0x80 ? char(std::tolower(c)) : char(c); });
    return s;
}

std::vector<std::string> command_options(const std::string& command, const ManPage& page) {
    std::vector<std::string> out;
    for (auto& w : split_spaces(first_command(command))) {
        if (w.size() < 2 || w[0] != '-' || w.find('{') != std::string::npos) continue;
        std::string o = w.substr(0, w.find('='));
        if (page.options.count(o)) {
            out.push_back(o);
        } else if (o[1] != '-') {  // a cluster of short options: "-lS"
            for (size_t k = 1; k < o.size(); ++k) {
                std::string s = std::string("-") + o[k];
                if (page.options.count(s)) out.push_back(s);
            }
        }
    }
    return out;
}

std::vector<std::string> page_names(const std::string& command) {
    const auto words = split_spaces(first_command(command));
    size_t at = 0;  // past sudo and VAR=value
    while (at < words.size() && (words[at] == "sudo" || words[at].find('=') != std::string::npos)) ++at;
    if (at >= words.size()) return {};
    std::vector<std::string> names;
    if (at + 1 < words.size() && words[at + 1][0] != '-' && words[at + 1][0] != '{') names.push_back(words[at] + "-" + words[at + 1]);
    names.push_back(words[at]);
    return names;
}

std::string page_for(const std::string& command, const std::map<std::string, ManPage>& pages) {
    for (auto& name : page_names(command))
        if (pages.count(name)) return name;
    return "";
}

std::vector<Record> man_pairs(const std::vector<Form>& forms, const std::map<std::string, ManPage>& pages,
                              const std::vector<Record>& own, uint64_t seed) {
    std::mt19937_64 rng(seed);
    // the request tokens every own pair already teaches; a manual's wording must not contradict them
    std::map<std::string, std::string> owned;
    for (auto& r : own) owned.emplace(join_command(tokenize_request(r.input).tokens), r.output);
    std::set<std::string> held_out;
    for (auto& f : forms) {
        const auto order = held_out_first(f.phrasings, command_echo(f.command), seed);
        for (size_t i = 0; i < 2 && i < order.size(); ++i) held_out.insert(order[i]);
    }

    // how many programs' pages use each option wording: "print version information" says nothing alone
    std::map<std::string, std::set<std::string>> wording_pages;
    for (auto& [name, page] : pages)
        for (auto& [opt, text] : page.options) wording_pages[text].insert(name);

    // per page, its plainest form (fewest options, then the shortest)
    std::map<std::string, const Form*> plainest;
    for (auto& f : forms) {
        const std::string name = page_for(f.command, pages);
        if (name.empty()) continue;
        const Form*& best = plainest[name];
        auto weight = [&](const Form* x) {  // options, then words the form spells out ("ls /etc/cron.d"), then length
            size_t dashed = 0, fixed = 0;
            for (auto& w : split_spaces(first_command(x->command))) (w[0] == '-' ? dashed : fixed) += w[0] != '{';
            return std::make_tuple(dashed, fixed, x->command.size());
        };
        if (!best || weight(&f) < weight(best)) best = &f;
    }

    std::vector<Record> out;
    std::set<std::string> seen;
    auto add = [&](const Form& f, const std::string& request) {
        const std::string command = template_slots(f.command).empty() ? f.command : command_with_blanks(f.command);
        if (command.empty() || request.empty() || held_out.count(request) || !seen.insert(request).second) return;
        TokenizedRequest t = tokenize_request(request);
        if (!t.slots.empty()) return;  // the wording holds something read as a value
        auto it = owned.find(join_command(t.tokens));
        if (it != owned.end() && it->second != command) return;
        out.push_back({request, command, f.category, f.command, "man " + page_for(f.command, pages)});
    };
    for (auto& f : forms) {
        const std::string name = page_for(f.command, pages);
        if (name.empty()) continue;
        const ManPage& page = pages.at(name);
        const std::vector<std::string> opts = command_options(f.command, page);
        const Form* plain = plainest.at(name);
        if (plain == &f) {
            if (!page.summary.empty()) {
                add(f, page.summary);
                add(f, framed(page.summary, rng));
            }
            continue;
        }
        // the options' descriptions this form adds to the plainest one
        const std::vector<std::string> base = command_options(plain->command, page);
        std::vector<std::string> said;
        for (auto& o : opts)
            if (std::find(base.begin(), base.end(), o) == base.end()) {
                const std::string& text = page.options.at(o);
                if (std::find(said.begin(), said.end(), text) == said.end()) said.push_back(text);
            }
        if (said.empty()) continue;
        std::string options;
        for (size_t k = 0; k < said.size(); ++k) options += (k ? " and " : "") + said[k];
        if (!page.summary.empty()) add(f, page.summary + ", " + options);
        // with a phrasing of the plainest form: "list files in a folder, sort by file size"
        std::vector<std::string> own_ways;
        for (auto& p : plain->phrasings)
            if (!held_out.count(p) && p != command_echo(plain->command)) own_ways.push_back(p);
        for (int k = 0; k < 2 && !own_ways.empty(); ++k) {
            const std::string& p = own_ways[rng() % own_ways.size()];
            const std::string bare = template_slots(p).empty() ? p : phrasing_without_values(p, rng);
            if (!bare.empty()) add(f, bare + (k == 0 ? ", " : " and ") + options);
        }
        if (said.size() == 1 && wording_pages[said[0]].size() == 1) add(f, options);
    }
    return out;
}

}  // namespace cmdseq::train
