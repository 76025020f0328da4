#include "translator.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <cstdio>

#include "errors.h"
#include "vocab.h"

namespace cmdseq {

Translator::Translator(std::shared_ptr<const Model> model)
    : engine_(std::move(model)), decoder_(engine_), source_match_(engine_.model().config().source_match) {}

int read_source_token(const Vocabulary& v, const std::string& token, SourceMatch match) {
    int id = v.id(token);
    if (id != v.unk_id()) return id;
    // a synonym or a base form: meaning before spelling; a word the map knows as a
    // word ("greater", "beyond") is no misspelling of a known one, and stays <unk>
    const int meaning = v.by_meaning(token);
    if (meaning != Vocabulary::kNoReading) return meaning;
    return match == SourceMatch::Exact ? id : v.nearest(token, match == SourceMatch::Trigram);
}

std::vector<int> Translator::encode_source(const std::vector<std::string>& tokens, std::vector<std::string>* read,
                                           std::vector<std::string>* read_by, const std::vector<bool>* quoted) const {
    const Vocabulary& v = engine_.model().source_vocab();
    std::vector<int> ids;
    ids.reserve(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        const bool name = quoted && i < quoted->size() && (*quoted)[i];
        int id = name ? v.id(t) : read_source_token(v, t, source_match_);
        ids.push_back(id);
        if (read) read->push_back(v.token(id));
        if (read_by)
            read_by->push_back(v.contains(t) ? "vocabulary" : id == v.unk_id() ? "unknown" : id == v.by_meaning(t) ? "meaning" : "spelling");
        // ("unknown" also for a word the map knows as a word without a reading)
    }
    return ids;
}

std::string blank_name(const std::string& token) {
    static const std::map<std::string, std::string> names = {
        {"path", "PATH"}, {"file", "FILE"}, {"glob", "PATTERN"}, {"url", "URL"},   {"addr", "ADDRESS"}, {"remote", "REMOTE"},
        {"ip", "IP"},     {"ipv6", "IP6"},  {"host", "HOST"},       {"num", "N"}, {"size", "SIZE"},       {"str", "TEXT"},
        // kinds only the model writes, for a request that names no value: the
        // tokenizer never makes them, so they are always blanks
        {"archive", "ARCHIVE"}, {"dev", "DEVICE"}, {"user", "USER"}, {"group", "GROUP"}, {"service", "SERVICE"},
        {"pkg", "PACKAGE"}, {"proc", "PROCESS"}, {"iface", "INTERFACE"}, {"name", "NAME"}, {"word", "WORD"}};
    if (!is_placeholder(token)) return "VALUE";
    const std::string body = token.substr(1, token.size() - 2);  // "ipv61": the kind, then the index
    std::string name = "VALUE";
    size_t kind_length = 0;
    for (auto& [kind, blank] : names)
        if (body.compare(0, kind.size(), kind) == 0 && kind.size() > kind_length && kind.size() < body.size()) {
            name = blank;
            kind_length = kind.size();
        }
    const int index = std::atoi(body.c_str() + kind_length);
    return index == 0 ? name : name + std::to_string(index + 1);
}

bool option_takes_pattern(const std::string& option) {
    for (const char* o : {"-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "--include", "--exclude", "--exclude-dir"})
        if (option == o) return true;
    return false;
}

namespace {

// Whether the request's word `k` is one of `words`, or a typo of one of four letters or more
// ("emtpy" for empty): the data's typos keep their meaning, and so do people's. A word that
// only looks like a typo ("plan" for plain) keeps an option: the command as the model wrote it.
bool said(const std::vector<std::string>& request, size_t k, std::initializer_list<const char*> words) {
    if (k >= request.size()) return false;
    for (const char* w : words)
        if (request[k] == w || (std::strlen(w) >= 4 && typo_of(request[k], w))) return true;
    return false;
}

bool has_action(const std::vector<std::string>& command) {
    for (const std::string& w : command)
        for (const char* action : {"-exec", "-execdir", "-ok", "-okdir", "-delete", "|"})
            if (w == action) return true;
    return false;
}

// (`said` is false for a word before the first: k - 1 wraps past the end.)
bool keeps_find_type_f(const std::vector<std::string>& command, const std::vector<std::string>& r) {
    if (has_action(command)) return true;
    for (const std::string& w : command)
        if (w == "-empty" || w == "-executable") return true;
    for (size_t k = 0; k < r.size(); ++k) {
        if (said(r, k, {"regular", "plain", "normal", "-type"})) return true;
        // "files only", "only the files", "just files"
        if (said(r, k, {"file", "files"}) && (said(r, k + 1, {"only"}) || said(r, k - 1, {"only", "just"}) || said(r, k - 2, {"only", "just"})))
            return true;
        // "no directories", "not folders", "excluding dirs", "without the directories"
        const auto excluding = {"no", "not", "excluding", "without", "except", "skip", "ignore", "ignoring", "skipping"};
        if (said(r, k, {"directories", "directory", "folders", "folder", "dirs", "subdirectories"}) &&
            (said(r, k - 1, excluding) || said(r, k - 2, excluding)))
            return true;
    }
    return false;
}

bool keeps_mkdir_parents(const std::vector<std::string>& r) {
    for (size_t k = 0; k < r.size(); ++k)
        if (said(r, k, {"parents", "parent", "nested", "missing", "tree", "path", "recursively", "recursive", "needed", "exist",
                        "exists", "existing", "error", "errors", "-p", "--parents"}))
            return true;
    return false;
}

// Whether the request asks for empty entries: "empty", "blank", "vacant", "nothing in
// them", "no content", "without files".
bool asks_for_empty(const std::vector<std::string>& r) {
    for (size_t k = 0; k < r.size(); ++k) {
        if (said(r, k, {"empty", "emptied", "blank", "vacant", "hollow", "nothing", "zero", "-empty"})) return true;
        if (said(r, k, {"no", "without"}) && (said(r, k + 1, {"content", "contents", "files", "bytes", "data", "entries", "size", "items"}) ||
                                               said(r, k + 2, {"content", "contents", "files", "bytes", "data", "entries", "size", "items"})))
            return true;
    }
    return false;
}

}  // namespace

std::vector<bool> unasked_options(const std::vector<std::string>& command, const std::vector<std::string>& request_tokens) {
    std::vector<bool> unasked(command.size(), false);
    const size_t program = !command.empty() && command[0] == "sudo" ? 1 : 0;
    if (command.size() <= program) return unasked;
    if (command[program] == "find") {
        // a test under -not or !, or one side of -o, is no narrowing to drop: the command
        // would break or mean its opposite
        for (const std::string& w : command)
            if (w == "-o" || w == "-or" || w == "(" || w == "\\(" || w == ")" || w == "\\)") return unasked;
        auto negated = [&](size_t i) { return i > 0 && (command[i - 1] == "-not" || command[i - 1] == "!" || command[i - 1] == "\\!"); };
        // -empty said by nothing in the request narrows the list to what nobody asked for;
        // before an action it stays, since without it the action reaches every file
        std::vector<std::string> kept = command;
        if (!has_action(command) && !asks_for_empty(request_tokens))
            for (size_t i = program + 1; i < command.size(); ++i)
                if (command[i] == "-empty" && !negated(i)) {
                    unasked[i] = true;
                    kept[i].clear();  // -type f stays for an -empty that is printed, not for this one
                }
        if (!keeps_find_type_f(kept, request_tokens))
            for (size_t i = program + 1; i + 1 < command.size(); ++i)
                if (command[i] == "-type" && command[i + 1] == "f" && !negated(i)) {
                    unasked[i] = unasked[i + 1] = true;
                    break;
                }
    } else if (command[program] == "mkdir" && program + 1 < command.size() && command[program + 1] == "-p" &&
               !keeps_mkdir_parents(request_tokens)) {
        unasked[program + 1] = true;
    }
    return unasked;
}

namespace {

// find's size and age tests take their value glued to a sign (`-size +100M`, `-mtime -7`),
// so no value of the request can be a slot there: the model writes the training forms'
// fixed amounts, or its number with no sign (`-mtime <num0>`). The request's own size, or
// its count of days, weeks, minutes or hours, goes there instead; its unit picks the test
// (days or minutes), its words the sign, else the model's sign stays.

// The sign the request's words give the value at `at`: "bigger than 20M" +, "smaller
// than 9k" -; "in the last 3 days" -, "older than 3 days" +; or "".
std::string sign_in_request(const TokenizedRequest& req, int at, bool size) {
    static const std::set<std::string> more_size = {"bigger", "larger", "more", "over", "above", "greater", "exceeding", "least"};
    static const std::set<std::string> less_size = {"smaller", "less", "under", "below", "tinier", "lower"};
    static const std::set<std::string> recent = {"last", "past", "within", "recent", "recently", "newer"};
    static const std::set<std::string> older = {"older", "more", "over", "before", "longer", "least"};
    for (int k = at - 1; k >= 0 && k >= at - 4; --k) {
        const std::string& w = req.tokens[size_t(k)];
        if (size ? more_size.count(w) : older.count(w)) return "+";
        if (size ? less_size.count(w) : recent.count(w)) return "-";
    }
    return "";
}

bool is_age_test(const std::string& test) {
    for (const char* t : {"-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin"})
        if (test == t) return true;
    return false;
}

// The size `s` as find writes it after `-size` ("20MB" -> 20M; "500 megabytes", a count and
// its unit word, -> 500M), or "".
std::string size_from_request(const Slot& s, const TokenizedRequest& req, const std::string& model_sign) {
    static const std::map<std::string, std::string> units = {
        {"k", "k"},         {"kb", "k"},        {"kib", "k"},       {"kilobyte", "k"}, {"kilobytes", "k"},
        {"m", "M"},         {"mb", "M"},        {"mib", "M"},       {"meg", "M"},      {"megs", "M"},
        {"megabyte", "M"},  {"megabytes", "M"}, {"g", "G"},         {"gb", "G"},       {"gib", "G"},
        {"gig", "G"},       {"gigs", "G"},      {"gigabyte", "G"},  {"gigabytes", "G"}, {"byte", "c"},
        {"bytes", "c"}};  // find's b is a block of 512 bytes: a byte is its c
    std::string count, unit;
    if (s.kind == SlotKind::Size) {
        const size_t n = s.value.find_first_not_of("0123456789");
        if (n == 0 || n == std::string::npos) return "";
        count = s.value.substr(0, n), unit = s.value.substr(n);
    } else if (s.kind == SlotKind::Number && s.value.find_first_not_of("0123456789") == std::string::npos &&
               size_t(s.source_index + 1) < req.tokens.size()) {
        count = s.value, unit = req.tokens[size_t(s.source_index) + 1];
    } else {
        return "";
    }
    for (char& c : unit) c = char(std::tolower(static_cast<unsigned char>(c)));
    auto u = units.find(unit);
    if (u == units.end() || (s.kind == SlotKind::Number && unit.size() == 1)) return "";  // "5 m" may be metres or minutes
    const std::string said = sign_in_request(req, s.source_index, true);
    return (said.empty() ? model_sign : said) + count + u->second;
}

// The count `s` with its unit word as the value of the age test `test` ("3 days" 3, "2
// weeks" 14), rewriting `test` to the days or minutes test of its kind ("2 hours" is
// `-mmin 120`, "24 hours" `-mtime 1`); "" when `s` is no count with a unit.
std::string age_from_request(std::string& test, const Slot& s, const TokenizedRequest& req, const std::string& model_sign) {
    static const std::map<std::string, std::pair<std::string, std::string>> family = {  // days test, minutes test
        {"-mtime", {"-mtime", "-mmin"}}, {"-mmin", {"-mtime", "-mmin"}}, {"-atime", {"-atime", "-amin"}},
        {"-amin", {"-atime", "-amin"}},  {"-ctime", {"-ctime", "-cmin"}}, {"-cmin", {"-ctime", "-cmin"}}};
    auto f = family.find(test);
    if (f == family.end() || s.kind != SlotKind::Number || s.value.find_first_not_of("0123456789") != std::string::npos ||
        size_t(s.source_index + 1) >= req.tokens.size())
        return "";
    const std::string& unit = req.tokens[size_t(s.source_index) + 1];
    const long n = std::atol(s.value.c_str());
    if (n <= 0 || n > 100000) return "";
    long value = 0;
    if (unit == "day" || unit == "days") test = f->second.first, value = n;
    else if (unit == "week" || unit == "weeks") test = f->second.first, value = 7 * n;
    else if (unit == "minute" || unit == "minutes" || unit == "min" || unit == "mins") test = f->second.second, value = n;
    else if ((unit == "hour" || unit == "hours") && n % 24 == 0) test = f->second.first, value = n / 24;  // "24 hours": a day
    else if (unit == "hour" || unit == "hours") test = f->second.second, value = 60 * n;
    else return "";
    const std::string said = sign_in_request(req, s.source_index, false);
    return (said.empty() ? model_sign : said) + std::to_string(value);
}

// For a fixed amount `amount` after `test`: the request's value no other token took, or ""
// to keep the amount. `test` may change (age tests), `from` gets the slot taken.
std::string amount_from_request(std::string& test, const std::string& amount, const TokenizedRequest& req,
                                const std::set<std::string>& used, const Slot** from) {
    const size_t digits = amount.find_first_of("0123456789");
    if (digits == std::string::npos || digits > 1 || (digits == 1 && amount[0] != '+' && amount[0] != '-')) return "";
    const std::string model_sign = amount.substr(0, digits);
    if (test != "-size" && !is_age_test(test)) return "";
    for (const Slot& s : req.slots) {
        if (used.count(s.placeholder)) continue;
        const std::string value = test == "-size" ? size_from_request(s, req, model_sign) : age_from_request(test, s, req, model_sign);
        if (!value.empty()) {
            *from = &s;
            return value;
        }
    }
    return "";
}

}  // namespace

namespace {
// Words of the request's own grammar, never a value to copy (unless quoted).
bool names_nothing(const std::string& w) {
    static const std::set<std::string> words = {
        "a",    "an",   "the",  "one",  "as",   "to",   "into", "onto", "of",   "in",   "on",  "at",    "by",   "for",
        "from", "with", "and",  "or",   "but",  "if",   "it",   "its",  "this", "that", "these", "those", "my",  "your",
        "his",  "her",  "their", "our", "some", "any",  "all",  "every", "each", "is",   "are", "be",    "do",   "does",
        "i",    "me",   "you",  "we",   "they", "them", "him",  "he",   "she",  "so",   "than", "then",  "there", "here"};
    return words.count(w) != 0;
}
}  // namespace

std::string render_command(const std::vector<std::string>& out, const std::vector<int>& peak, const TokenizedRequest& req,
                           std::vector<SlotFill>* fills, std::vector<std::string>* warnings) {
    std::set<std::string> used(out.begin(), out.end());  // placeholders the model took
    const std::vector<bool> unasked = unasked_options(out, req.tokens);  // the output tokens keep them, the command not
    std::vector<std::string> words;
    bool glue = false;         // a <join> before: the next piece continues the last word
    bool last_value = false;   // the last piece was a value or a blank
    auto emit = [&](const std::string& piece, bool value = false) {
        if (glue && !words.empty() && !(value && last_value)) words.back() += piece;  // two values side by side stay apart
        else words.push_back(piece);
        glue = false;
        last_value = value;
    };
    // Pieces glue onto an argument, never onto a program, an option or an operator
    // (`--delete/srv` is no word a command takes).
    auto gluable = [&]() {
        if (words.empty()) return false;
        const std::string& w = words.back();
        // tokenize_command's operators: | || && ; & > >> < &> 2> 2>&1 (values are never so)
        auto is_operator = [](const std::string& x) { return std::strchr("|&;<>", x[0]) || (x.size() > 1 && std::isdigit(static_cast<unsigned char>(x[0])) && x[1] == '>'); };
        if (is_operator(w) || (w[0] == '-' && w.back() != '=')) return false;
        return !(words.size() == 1 || is_operator(words[words.size() - 2]) || words[words.size() - 2] == "sudo");
    };
    // A value inside a shell word: within single quotes ('s/OLD/NEW/g') as typed (a quoted
    // phrase unquoted, a quote escaped, and in a sed expression its delimiter too); elsewhere
    // quoted on its own where needed.
    auto in_word = [&](const std::string& value, SlotKind kind) {
        if (!(glue && !words.empty() && inside_single_quotes(words.back()))) return shell_quote_if_needed(value, kind);
        const std::string raw = kind == SlotKind::Quoted ? shell_unquote(value) : value;
        const std::string& word = words.back();
        const char delimiter = word.size() >= 3 && word[0] == '\'' && word[1] == 's' && !std::isalnum(static_cast<unsigned char>(word[2]))
                                   ? word[2] : 0;
        std::string piece;
        for (char c : raw) {
            if (c == '\'') piece += "'\\''";
            else if (delimiter && c == delimiter) piece += std::string("\\") + c;
            else piece += c;
        }
        return piece;
    };
    bool skipped = false;  // the last token was an option left out: a <join> after it glues nothing
    for (size_t i = 0; i < out.size(); ++i) {
        const std::string& tok = out[i];
        if (unasked[i]) {
            glue = false;
            skipped = true;
            continue;
        }
        if (tok == kJoinToken) {
            glue = !skipped && gluable();
            continue;
        }
        skipped = false;
        if (is_placeholder(tok)) {
            const Slot* slot = nullptr;
            for (auto& s : req.slots)
                if (s.placeholder == tok) slot = &s;
            if (!slot) {  // never printed as a placeholder: a named blank to fill in
                const std::string blank = blank_name(tok);
                if (fills) fills->push_back({int(i), -1, tok, blank, false, true});
                if (warnings) warnings->push_back(blank + " is a blank to fill in: the request names no value for it");
                emit(blank, true);
                continue;
            }
            std::string value = in_word(slot->value, slot->kind);
            // `-size +<size0>`: find writes its own units (+11G, not +11GB), and the sign the request says
            // (a bare "-" is no word a value glues onto elsewhere: stdin's name)
            const bool after_sign = i > 0 && out[i - 1] == kJoinToken && words.size() >= 2 && (words.back() == "+" || words.back() == "-") &&
                                    words[words.size() - 2] == "-size";
            if (after_sign || (!glue && !words.empty() && words.back() == "-size")) {
                const std::string size = size_from_request(*slot, req, after_sign ? words.back() : "");
                if (!size.empty()) {
                    if (after_sign) words.pop_back();
                    glue = false;
                    value = size;
                }
            }
            if (i > 0 && !words.empty() && words.back() == out[i - 1]) {  // `-mtime <num0>`: the count's unit and sign
                std::string test = out[i - 1];
                const std::string age = age_from_request(test, *slot, req, "");
                if (!age.empty()) {
                    words.back() = test;
                    value = age;
                }
            }
            // a pattern given to an option is the option's to match, not the shell's to expand
            // (find . -name '*.py'); elsewhere a glob is for the shell (ls *.py)
            if (slot->kind == SlotKind::Glob && i > 0 && option_takes_pattern(out[i - 1]) && value.front() != '\'')
                value = "'" + value + "'";
            if (fills) fills->push_back({int(i), slot->source_index, tok, value, false});
            emit(value, true);
        } else if (tok == kUnkToken) {
            // copy the most attended source word that is not itself a placeholder, nor a word
            // that names nothing ("give one user access": "one" is no user's name)
            int src = i < peak.size() ? peak[i] : -1;
            if (src >= 0 && src < int(req.tokens.size()) && !is_placeholder(req.tokens[src]) &&
                !(names_nothing(req.tokens[src]) && !(src < int(req.quoted.size()) && req.quoted[src]))) {
                // copied as typed: "search for TODO" keeps its case
                const std::string& word = src < int(req.surface.size()) ? req.surface[src] : req.tokens[src];
                std::string value = in_word(word, SlotKind::Path);
                if (fills) fills->push_back({int(i), src, req.tokens[src], value, true});
                emit(value, true);
            } else {
                const std::string blank = blank_name(tok);
                if (fills) fills->push_back({int(i), -1, tok, blank, false, true});
                if (warnings) warnings->push_back(blank + " is a blank to fill in: the model wanted a word the request does not hold");
                emit(blank, true);
            }
        } else {
            const Slot* from = nullptr;
            std::string test = i > 0 ? out[i - 1] : "";
            const std::string amount = i > 0 && !words.empty() && words.back() == out[i - 1] ? amount_from_request(test, tok, req, used, &from) : "";
            if (from) {
                used.insert(from->placeholder);
                words.back() = test;
                if (fills) fills->push_back({int(i), from->source_index, from->placeholder, amount, false});
                emit(amount, true);
            } else {
                emit(tok);
            }
        }
    }
    return join_command(words);
}

Translation Translator::translate(const std::string& request, const DecodeOptions& options) {
    return translate_impl(decoder_, request, options);
}

Translation Translator::translate_with(Network& network, const std::string& request, const DecodeOptions& options) {
    if (&network.model() != &engine_.model() && !(network.model().source_vocab().tokens() == engine_.model().source_vocab().tokens() &&
                                                   network.model().target_vocab().tokens() == engine_.model().target_vocab().tokens()))
        throw InputError("the network's vocabularies are not this model's");
    Decoder decoder(network);
    return translate_impl(decoder, request, options);
}

std::vector<int> Translator::source_ids(const std::string& request) const {
    TokenizedRequest req = tokenize_request(request);
    if (req.tokens.empty()) throw InputError("the request is empty");
    return encode_source(req.tokens, nullptr, nullptr, &req.quoted);
}

Translation Translator::translate_impl(Decoder& decoder, const std::string& request, const DecodeOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    Translation t;
    t.request = valid_utf8(request);  // what every front end echoes: the same bytes as the command's copies
    TokenizedRequest req = tokenize_request(request);
    if (req.tokens.empty()) throw InputError("the request is empty");
    t.source_tokens = req.tokens;
    t.slots = req.slots;
    if (req.dropped_tokens)
        t.warnings.push_back("the request is long: only its first " + std::to_string(kMaxRequestTokens) + " tokens were read (" +
                             std::to_string(req.dropped_tokens) + " dropped)");

    const Model& m = engine_.model();
    const std::vector<int> ids = encode_source(req.tokens, &t.source_read, &t.source_read_by, &req.quoted);
    // words outside the vocabulary ask too ("obliterate"); the decoder sees only ids. A reading
    // by spelling into a short word does not: "raid" is one letter from "rid" and from many
    // other words, as asks_for_destruction's own fuzzy match holds for short words
    std::vector<std::string> read_asking = t.source_read;
    for (size_t i = 0; i < read_asking.size() && i < t.source_read_by.size(); ++i)
        if (t.source_read_by[i] == "spelling" && read_asking[i].size() < 4) read_asking[i] = req.tokens[i];
    const bool asked = asks_for_destruction(req.tokens) || asks_for_destruction(read_asking);
    DecodeOptions o = options;
    o.guard = options.guard && !asked;
    o.guard_decided = o.guard;
    DecodeResult r = decoder.decode(ids, o);
    for (size_t k = 0; k < r.hypotheses.size(); ++k) {
        const Hypothesis& h = r.hypotheses[k];
        std::vector<std::string> tokens;
        for (int id : h.tokens) tokens.push_back(m.target_vocab().token(id));
        if (k == 0) {
            t.output_tokens = tokens;
            t.command = render_command(tokens, h.attention_peak, req, &t.fills, &t.warnings);
            t.log_prob = h.log_prob;
            t.score = h.score;
            t.min_token_prob = h.min_token_prob;
            t.finished = h.finished;
            if (h.min_token_prob >= 0 && h.min_token_prob < kUnsureTokenProb) {
                char note[128];
                std::snprintf(note, sizeof note, "the model is unsure of this command (one step had probability %.2f); check it before running it",
                              double(h.min_token_prob));
                t.warnings.push_back(note);
            }
            if (!h.finished) t.warnings.push_back("stopped at the length limit (" + std::to_string(options.max_len) + " tokens)");
        }
        if (options.strategy == Strategy::Beam)
            t.nbest.push_back({k == 0 ? t.command : render_command(tokens, h.attention_peak, req, nullptr, nullptr), tokens, h.log_prob, h.score});
    }
    t.trace = std::move(r.trace);
    t.risk = assess_risk(t.command);
    // The guard's notes: a first choice set aside, or a destructive command
    // (by its arguments: chmod -R on /) that the request did not ask for.
    const bool unasked = t.risk.has(kDestructive) && !asked;
    if (r.guarded)
        t.warnings.push_back("a destructive command the model ranked first was set aside: the request asks for nothing to be deleted, killed, wiped or stopped");
    if (unasked) t.warnings.push_back("this command is labelled destructive, and the request asks for nothing to be deleted, killed, wiped or stopped");
    const bool noted = std::any_of(t.warnings.begin(), t.warnings.end(), [](const std::string& w) { return w.rfind("the model is unsure", 0) == 0; });
    if ((r.guarded || unasked) && !noted) t.warnings.push_back("the model is unsure of this command; check it before running it");
    t.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return t;
}

std::vector<Translation> Translator::translate_batch(const std::vector<std::string>& requests, const DecodeOptions& options) {
    options.validate();
    std::vector<Translation> out;
    out.reserve(requests.size());
    for (auto& r : requests) out.push_back(translate(r, options));
    return out;
}

DecodeResult Translator::decode_ids(const std::vector<int>& source, const DecodeOptions& options) { return decoder_.decode(source, options); }

std::vector<std::vector<float>> Translator::forced_logits(const std::vector<int>& source, const std::vector<int>& output) {
    return decoder_.forced_logits(source, output);
}

}  // namespace cmdseq
