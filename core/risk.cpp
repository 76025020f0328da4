#include "risk.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "vocab.h"

namespace cmdseq {

std::vector<std::string> RiskReport::labels() const {
    std::vector<std::string> out;
    if (has(kReadOnly)) out.push_back("read-only");
    if (has(kModifiesFiles)) out.push_back("modifies-files");
    if (has(kDestructive)) out.push_back("destructive");
    if (has(kNeedsRoot)) out.push_back("needs-root");
    if (has(kUnknown)) out.push_back("unknown");
    return out;
}

std::string RiskReport::summary() const {
    std::string s;
    for (auto& l : labels()) s += (s.empty() ? "" : ", ") + l;
    return s;
}

namespace {

using Args = std::vector<std::string>;

constexpr int kMaxDepth = 8;  // command lines inside command lines (sh -c, eval, $(...)) read this deep

std::string basename_of(const std::string& s) {
    auto slash = s.rfind('/');
    return slash == std::string::npos ? s : s.substr(slash + 1);
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

bool has_flag(const Args& a, char letter, const std::string& long_form = "") {
    for (auto& x : a) {
        if (!long_form.empty() && x == long_form) return true;
        if (x.size() > 1 && x[0] == '-' && x[1] != '-' && x.find(letter) != std::string::npos) return true;
    }
    return false;
}

bool has_arg(const Args& a, const std::string& v) { return std::find(a.begin(), a.end(), v) != a.end(); }

bool has_prefix_arg(const Args& a, const std::string& p) {
    for (auto& x : a)
        if (starts_with(x, p)) return true;
    return false;
}

Args operands(const Args& a) {
    Args out;
    bool end_of_options = false;
    for (auto& x : a) {
        if (!end_of_options && x == "--") { end_of_options = true; continue; }
        if (!end_of_options && x.size() > 1 && x[0] == '-') continue;
        out.push_back(x);
    }
    return out;
}

bool is_disk_device(const std::string& p) {
    static const char* prefixes[] = {"/dev/sd", "/dev/hd", "/dev/vd", "/dev/xvd", "/dev/nvme", "/dev/mmcblk", "/dev/disk/", "/dev/md", "/dev/dm-", "/dev/mapper/", "/dev/loop"};
    for (auto* p0 : prefixes)
        if (starts_with(p, p0)) return true;
    return false;
}

bool is_harmless_sink(const std::string& p) {
    return p == "/dev/null" || p == "/dev/stdout" || p == "/dev/stderr" || p == "/dev/tty" || starts_with(p, "&");
}

bool is_system_path(const std::string& p) {
    static const char* prefixes[] = {"/etc", "/usr", "/boot", "/bin", "/sbin", "/lib", "/lib64", "/opt", "/var/lib",
                                     "/var/log", "/var/spool", "/root", "/sys", "/proc", "/dev", "/srv", "/var/www"};
    if (p == "/" || p == "/*") return true;
    for (auto* s : prefixes) {
        std::string pre = s;
        if (p == pre || starts_with(p, pre + "/")) return true;
    }
    return false;
}

bool is_secret_file(const std::string& p) {
    return p == "/etc/shadow" || p == "/etc/gshadow" || p == "/etc/sudoers" || starts_with(p, "/etc/sudoers.d") ||
           starts_with(p, "/root") || starts_with(p, "/var/log/btmp");
}

// What a recursive delete or permission change on `p` would take down, or "" when it is an ordinary target.
std::string sweeping_target(const std::string& p) {
    if (p == "/" || p == "/*" || p == "/." || p == "//") return "the whole filesystem";
    if (p == "~" || p == "~/" || p == "~/*" || p == "$HOME" || p == "${HOME}" || p == "$HOME/" || p == "$HOME/*" || p == "${HOME}/" ||
        p == "${HOME}/*")
        return "the home directory";
    if (p == "." || p == "./" || p == "./*" || p == "*" || p == ".*") return "everything in the current directory";
    if (p == ".." || p == "../" || p == "../*") return "everything in the parent directory";
    static const std::set<std::string> top = {"/home", "/etc", "/usr", "/var", "/boot", "/bin", "/sbin", "/lib", "/lib64",
                                              "/opt", "/root", "/srv", "/dev", "/sys", "/proc", "/mnt", "/media"};
    std::string q = p;
    while (q.size() > 1 && (q.back() == '/' || q.back() == '*')) q.pop_back();
    if (top.count(q)) return "the system directory " + q;
    return "";
}

struct Assessment {
    unsigned flags = 0;
    std::vector<std::string> reasons;
    void add(unsigned f, const std::string& why) {
        flags |= f;
        if (!why.empty() && std::find(reasons.begin(), reasons.end(), why) == reasons.end()) reasons.push_back(why);
    }
    void merge(const Assessment& other, unsigned mask = ~0u, const std::string& prefix = "") {
        add(other.flags & mask, "");
        for (auto& r : other.reasons) add(0, prefix + r);
    }
};

// ---------------------------------------------------------------------------
// Reading a command line the way a POSIX shell does: quoting, escapes,
// $(...), `...`, <(...), $VAR, here-documents, and the operators that start
// a new command (newline ; && || | & ( )).

struct Sub {
    std::string body;      // a command line that runs when the word is expanded
    bool process = false;  // <(...) or >(...): the command's output is read as a file
};

struct Part {
    enum Kind { Lit, Var, Cmd, Proc } kind = Lit;
    std::string text;  // Lit: the characters; Var: the variable's name ("" when not a plain name); Cmd, Proc: the body
};

struct Word {
    std::string text;  // quotes removed; $(...), `...`, <(...) and $VAR kept as written
    std::vector<Part> parts;
    std::vector<Sub> subs;
    bool quoted = false;   // had quotes or backslashes somewhere
    bool dynamic = false;  // part of it is only known when it runs
};

struct Redirect {
    std::string op;  // > >> >| &> &>> <> >& < <& << <<- <<<
    Word target;     // for << and <<-: the here-document's text
};

struct Segment {
    std::vector<Word> words;
    std::vector<Redirect> redirects;
    bool piped = false;  // its standard input is the previous segment's output
    std::string broken;  // why a shell would refuse to read it ("" when it reads)
};

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_name(const std::string& s) {
    if (s.empty() || !is_name_start(s[0])) return false;
    return std::all_of(s.begin(), s.end(), is_name_char);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Backslash escapes as $'...', echo -e and printf read them: \n \t \xHH \NNN \0NNN ...
std::string decode_escapes(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out += s[i];
            continue;
        }
        const char c = s[++i];
        switch (c) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            case 'a': out += '\a'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'v': out += '\v'; break;
            case 'e': case 'E': out += '\x1b'; break;
            case '\\': out += '\\'; break;
            case '\'': out += '\''; break;
            case '"': out += '"'; break;
            case 'c': return out;  // \c: nothing more is printed
            case 'x': {
                int v = 0, n = 0;
                while (n < 2 && i + 1 < s.size() && hex_value(s[i + 1]) >= 0) v = v * 16 + hex_value(s[++i]), ++n;
                if (n) out += char(v);
                else out += "\\x";
                break;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int v = c - '0', n = 1;
                    const int digits = c == '0' ? 4 : 3;
                    while (n < digits && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7') v = v * 8 + (s[++i] - '0'), ++n;
                    out += char(v & 0xFF);
                } else {
                    out += '\\';
                    out += c;
                }
        }
    }
    return out;
}

class Lexer {
public:
    explicit Lexer(const std::string& s, int nest = 0) : s_(s), nest_(nest) {}

    std::vector<Segment> segments() {
        segs_.emplace_back();
        while (i_ < s_.size()) step();
        end_word();
        if (!pending_.empty()) broken("the redirection " + pending_ + " has no target");
        return std::move(segs_);
    }

    // The text of a here-document: $(...), `...` and $VAR expand, quotes are plain characters.
    Word expand_all() {
        scan_expanding(false);
        in_word_ = true;
        return cur_;
    }

private:
    struct Doc {
        size_t seg, redirect;
        std::string delimiter;
        bool strip_tabs, expand;
    };

    const std::string& s_;
    const int nest_;
    size_t i_ = 0;
    std::vector<Segment> segs_;
    Word cur_;
    bool in_word_ = false;
    std::string pending_;  // a redirection operator waiting for its target word
    std::vector<Doc> docs_;

    char at(size_t k) const { return k < s_.size() ? s_[k] : '\0'; }

    void broken(const std::string& why) {
        if (!segs_.empty() && segs_.back().broken.empty()) segs_.back().broken = why;
    }

    void lit(char c) {
        cur_.text += c;
        if (cur_.parts.empty() || cur_.parts.back().kind != Part::Lit) cur_.parts.push_back({Part::Lit, ""});
        cur_.parts.back().text += c;
        in_word_ = true;
    }

    void dynamic_part(Part::Kind kind, const std::string& value, const std::string& written) {
        cur_.text += written;
        cur_.parts.push_back({kind, value});
        cur_.dynamic = true;
        in_word_ = true;
    }

    // s_[open] is '(': the index of the ')' that closes it (s_.size() when none does), quoted text skipped.
    size_t close_paren(size_t open, int nest = 0) const {
        if (nest > 64) return s_.size();
        int depth = 0;
        for (size_t j = open; j < s_.size(); ++j) {
            const char c = s_[j];
            if (c == '\\') {
                ++j;
            } else if (c == '\'') {
                j = s_.find('\'', j + 1);
                if (j == std::string::npos) return s_.size();
            } else if (c == '"' || c == '`') {
                j = close_quote(j, nest + 1);
                if (j >= s_.size()) return s_.size();
            } else if (c == '(') {
                ++depth;
            } else if (c == ')' && --depth == 0) {
                return j;
            }
        }
        return s_.size();
    }

    // s_[open] is '"' or '`': the index of the one that closes it.
    size_t close_quote(size_t open, int nest) const {
        if (nest > 64) return s_.size();
        const char q = s_[open];
        for (size_t j = open + 1; j < s_.size(); ++j) {
            if (s_[j] == '\\') {
                ++j;
            } else if (s_[j] == q) {
                return j;
            } else if (q == '"' && s_[j] == '$' && at(j + 1) == '(') {
                j = close_paren(j + 1, nest + 1);
                if (j >= s_.size()) return s_.size();
            }
        }
        return s_.size();
    }

    // s_[i_] is the '(' of $( <( or >(, written with `lead` before it.
    void command_sub(char lead, bool process) {
        const size_t open = i_, close = close_paren(open);
        if (close >= s_.size()) broken(std::string(1, lead) + "( is never closed");
        const std::string body = s_.substr(open + 1, std::min(close, s_.size()) - open - 1);
        cur_.subs.push_back({body, process});
        dynamic_part(process ? Part::Proc : Part::Cmd, body, std::string(1, lead) + "(" + body + ")");
        i_ = std::min(close + 1, s_.size());
    }

    void dollar(bool in_quotes) {
        const char n = at(i_ + 1);
        if (n == '(' && at(i_ + 2) == '(') {  // $(( arithmetic ))
            const size_t close = close_paren(i_ + 1);
            const size_t end = std::min(close + 1, s_.size());
            dynamic_part(Part::Var, "", s_.substr(i_, end - i_));
            i_ = end;
        } else if (n == '(') {
            ++i_;
            command_sub('$', false);
        } else if (n == '{') {
            size_t j = i_ + 2;
            for (int depth = 1; j < s_.size(); ++j) {
                if (s_[j] == '\\') ++j;
                else if (s_[j] == '{') ++depth;
                else if (s_[j] == '}' && --depth == 0) break;
            }
            const std::string inner = s_.substr(i_ + 2, std::min(j, s_.size()) - (i_ + 2));
            if (nest_ < 16) {  // ${x:-$(cmd)}: the command inside runs too
                Lexer sub(inner, nest_ + 1);
                const Word expanded = sub.expand_all();
                for (auto& c : expanded.subs) cur_.subs.push_back(c);
            }
            dynamic_part(Part::Var, is_name(inner) ? inner : "", "${" + inner + "}");
            i_ = std::min(j + 1, s_.size());
        } else if (n == '\'' && !in_quotes) {  // $'...': backslash escapes decoded
            std::string raw;
            size_t j = i_ + 2;
            for (; j < s_.size() && s_[j] != '\''; ++j) {
                if (s_[j] == '\\' && j + 1 < s_.size()) raw += s_[j++];
                raw += s_[j];
            }
            for (char c : decode_escapes(raw)) lit(c);
            cur_.quoted = in_word_ = true;
            i_ = std::min(j + 1, s_.size());
        } else if (n == '"' && !in_quotes) {  // $"...": a translatable string, read as "..."
            ++i_;
        } else if (is_name_start(n)) {
            size_t j = i_ + 1;
            while (j < s_.size() && is_name_char(s_[j])) ++j;
            const std::string name = s_.substr(i_ + 1, j - i_ - 1);
            dynamic_part(Part::Var, name, "$" + name);
            i_ = j;
        } else if (n != '\0' && std::strchr("0123456789@*#?$!-", n)) {
            dynamic_part(Part::Var, "", s_.substr(i_, 2));
            i_ += 2;
        } else {
            lit('$');
            ++i_;
        }
    }

    void backquote() {
        std::string body;
        size_t j = i_ + 1;
        for (; j < s_.size() && s_[j] != '`'; ++j) {
            if (s_[j] == '\\' && j + 1 < s_.size() && (s_[j + 1] == '`' || s_[j + 1] == '$' || s_[j + 1] == '\\')) ++j;
            body += s_[j];
        }
        if (j >= s_.size()) broken("a ` quote is never closed");
        cur_.subs.push_back({body, false});
        dynamic_part(Part::Cmd, body, "`" + body + "`");
        i_ = std::min(j + 1, s_.size());
    }

    // Inside "..." (in_quotes) or a here-document: only \ $ and ` are special.
    void scan_expanding(bool in_quotes) {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (in_quotes && c == '"') {
                ++i_;
                return;
            }
            if (c == '\\' && i_ + 1 < s_.size()) {
                const char n = s_[i_ + 1];
                if (n == '\n') {
                    i_ += 2;
                } else if (n == '$' || n == '`' || n == '\\' || (in_quotes && n == '"')) {
                    lit(n);
                    i_ += 2;
                } else {
                    lit('\\');
                    ++i_;
                }
            } else if (c == '$') {
                dollar(true);
            } else if (c == '`') {
                backquote();
            } else {
                lit(c);
                ++i_;
            }
        }
        if (in_quotes) broken("a \" quote is never closed");
    }

    bool descriptor_word() const {
        return !cur_.quoted && !cur_.dynamic && !cur_.text.empty() &&
               std::all_of(cur_.text.begin(), cur_.text.end(), [](char c) { return c >= '0' && c <= '9'; });
    }

    void end_word() {
        if (!in_word_) return;
        Segment& seg = segs_.back();
        if (!pending_.empty()) {
            if (pending_ == "<<" || pending_ == "<<-")
                docs_.push_back({segs_.size() - 1, seg.redirects.size(), cur_.text, pending_ == "<<-", !cur_.quoted});
            seg.redirects.push_back({pending_, std::move(cur_)});
            pending_.clear();
        } else {
            seg.words.push_back(std::move(cur_));
        }
        cur_ = Word();
        in_word_ = false;
    }

    void new_segment(bool piped) {
        end_word();
        if (!pending_.empty()) broken("the redirection " + pending_ + " has no target");
        pending_.clear();
        segs_.emplace_back();
        segs_.back().piped = piped;
    }

    // After a newline: the bodies of the here-documents started on the line before it.
    void read_heredocs() {
        for (const Doc& d : docs_) {
            std::string body;
            while (i_ < s_.size()) {
                size_t end = s_.find('\n', i_);
                if (end == std::string::npos) end = s_.size();
                std::string line = s_.substr(i_, end - i_);
                i_ = std::min(end + 1, s_.size());
                if (d.strip_tabs) line.erase(0, line.find_first_not_of('\t'));
                if (line == d.delimiter) break;
                body += line + "\n";
            }
            Word w;
            if (d.expand && nest_ < 16) {
                Lexer l(body, nest_ + 1);
                w = l.expand_all();
            } else {
                w.text = body;
                w.parts.push_back({Part::Lit, body});
            }
            w.quoted = true;
            segs_[d.seg].redirects[d.redirect].target = std::move(w);
        }
        docs_.clear();
    }

    void step() {
        const char c = s_[i_];
        if (c == ' ' || c == '\t' || c == '\r') {
            end_word();
            ++i_;
        } else if (c == '\n') {
            end_word();
            ++i_;
            read_heredocs();
            new_segment(false);
        } else if (c == '#' && !in_word_) {  // a comment, to the end of the line
            while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        } else if (c == '\\') {
            if (i_ + 1 >= s_.size()) {
                lit('\\');
                ++i_;
            } else if (s_[i_ + 1] == '\n') {
                i_ += 2;
            } else {
                lit(s_[i_ + 1]);
                cur_.quoted = true;
                i_ += 2;
            }
        } else if (c == '\'') {
            size_t j = s_.find('\'', i_ + 1);
            if (j == std::string::npos) {
                j = s_.size();
                broken("a ' quote is never closed");
            }
            for (size_t k = i_ + 1; k < j; ++k) lit(s_[k]);
            cur_.quoted = in_word_ = true;
            i_ = std::min(j + 1, s_.size());
        } else if (c == '"') {
            cur_.quoted = in_word_ = true;
            ++i_;
            scan_expanding(true);
        } else if (c == '`') {
            backquote();
        } else if (c == '$') {
            dollar(false);
        } else if ((c == '<' || c == '>') && at(i_ + 1) == '(' && !in_word_) {
            ++i_;
            command_sub(c, true);
        } else if (c == '(' && in_word_ && !cur_.text.empty() && cur_.text.back() == '=') {  // a=(x y z): an array
            const size_t close = close_paren(i_);
            for (size_t k = i_; k < std::min(close + 1, s_.size()); ++k) lit(s_[k]);
            i_ = std::min(close + 1, s_.size());
        } else if (c == '(' && at(i_ + 1) == '(' && !in_word_ && segs_.back().words.empty()) {  // (( arithmetic ))
            i_ = std::min(close_paren(i_) + 1, s_.size());
        } else {
            static const char* const ops[] = {"<<<", "<<-", "&>>", "&&", "||", "|&", ";;", ";&", ">>", ">|", ">&",
                                              "<&", "<>", "&>", "<<", "|", ";", "&", ">", "<", "(", ")"};
            for (const char* op : ops) {
                const size_t n = std::strlen(op);
                if (s_.compare(i_, n, op) != 0) continue;
                const bool redirect = op[0] == '<' || op[0] == '>' || (op[0] == '&' && op[1] == '>');
                if (redirect && in_word_ && descriptor_word()) {  // 2>file: the 2 names a descriptor
                    cur_ = Word();
                    in_word_ = false;
                } else {
                    end_word();
                }
                i_ += n;
                if (!pending_.empty()) broken("the redirection " + pending_ + " has no target");
                if (redirect) pending_ = op;
                else new_segment(op[0] == '|' && op[1] != '|');
                return;
            }
            lit(c);
            ++i_;
        }
    }
};

std::vector<Segment> parse_line(const std::string& text) { return Lexer(text).segments(); }

Args texts(const std::vector<Word>& w, size_t from = 0) {
    Args out;
    for (size_t i = from; i < w.size(); ++i) out.push_back(w[i].text);
    return out;
}

std::string join(const Args& a) {
    std::string s;
    for (auto& x : a) s += (s.empty() ? "" : " ") + x;
    return s;
}

// NAME=value (also NAME+=value and NAME[i]=value), with the name unquoted.
bool is_assignment(const Word& w) {
    if (w.parts.empty() || w.parts[0].kind != Part::Lit) return false;
    const std::string& t = w.parts[0].text;
    size_t i = 0;
    if (t.empty() || !is_name_start(t[0])) return false;
    while (i < t.size() && is_name_char(t[i])) ++i;
    if (i < t.size() && t[i] == '[') {
        i = t.find(']', i);
        if (i == std::string::npos) return false;
        ++i;
    }
    if (i < t.size() && t[i] == '+') ++i;
    return i < t.size() && t[i] == '=';
}

// ---------------------------------------------------------------------------
// What flows between commands.

struct Stdin {
    std::string taint;     // "a download" or "decoded text", when that is what arrives
    bool literal = false;  // `text` is exactly what arrives (echo, printf, here-document, here-string)
    std::string text;
    std::string source;    // otherwise where it comes from ("" = the terminal)
    bool to_args = false;  // xargs: it arrives as arguments, not on standard input
};

// NAME -> value set earlier on the same command line; "taint:NAME" -> what it holds when that is a download or decoded text
using Vars = std::map<std::string, std::string>;

void assess_line(const std::string& text, Assessment& out, int depth);
void assess_command(const std::vector<Word>& w, const Stdin& in, Assessment& out, int depth, const Vars& vars);

// What echo or printf with literal arguments prints.
bool static_output(const std::vector<Word>& w, std::string& out) {
    if (w.empty()) return false;
    for (auto& x : w)
        if (x.dynamic) return false;
    const std::string name = basename_of(w[0].text);
    if (name == "echo") {
        size_t k = 1;
        bool newline = true, escapes = false;
        for (; k < w.size(); ++k) {
            const std::string& o = w[k].text;
            if (o.size() < 2 || o[0] != '-' || o.find_first_not_of("neE", 1) != std::string::npos) break;
            for (size_t j = 1; j < o.size(); ++j) {
                if (o[j] == 'n') newline = false;
                else escapes = o[j] == 'e';
            }
        }
        const std::string s = join(texts(w, k));
        out = (escapes ? decode_escapes(s) : s) + (newline ? "\n" : "");
        return true;
    }
    if (name == "printf") {
        size_t k = 1;
        if (k < w.size() && w[k].text == "--") ++k;
        if (k >= w.size()) return false;
        const std::string& format = w[k].text;
        size_t a = k + 1;
        out.clear();
        for (int round = 0; round < 64; ++round) {  // the format is reused while arguments remain
            const size_t before = a;
            std::string chunk;
            for (size_t j = 0; j < format.size(); ++j) {
                if (format[j] != '%') {
                    chunk += format[j];
                    continue;
                }
                if (j + 1 >= format.size()) return false;
                const char f = format[++j];
                out += decode_escapes(chunk);
                chunk.clear();
                if (f == '%') {
                    out += '%';
                } else if (f == 's' || f == 'b') {
                    const std::string v = a < w.size() ? w[a++].text : "";
                    out += f == 'b' ? decode_escapes(v) : v;
                } else {
                    return false;
                }
            }
            out += decode_escapes(chunk);
            if (a >= w.size() || a == before) break;
        }
        return true;
    }
    return false;
}

// The same for a command line given as text: $(echo rm), <(printf ...).
bool static_output(const std::string& line, std::string& out) {
    const std::vector<Segment> segs = parse_line(line);
    const Segment* only = nullptr;
    for (auto& s : segs) {
        if (s.words.empty() && s.redirects.empty()) continue;
        if (only || !s.redirects.empty()) return false;
        only = &s;
    }
    return only && static_output(only->words, out);
}

// Commands that run the rest of their arguments as a command, with those of their options that take a value.
const std::map<std::string, std::set<std::string>>& wrappers() {
    static const std::map<std::string, std::set<std::string>> m = {
        {"sudo", {"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "--user", "--group", "--host", "--prompt", "--chdir",
                  "--role", "--type", "--other-user", "--command-timeout", "--close-from"}},
        {"doas", {"-u", "-C"}},
        {"pkexec", {"--user"}},
        {"run0", {"-u", "--user", "-g", "--group", "-D", "--chdir"}},
        {"env", {"-u", "-C", "--unset", "--chdir"}},
        {"nohup", {}},
        {"time", {"-f", "-o", "--format", "--output"}},
        {"command", {}},
        {"builtin", {}},
        {"exec", {"-a"}},
        {"nice", {"-n", "--adjustment"}},
        {"ionice", {"-c", "-n", "-p", "-P", "-u", "--class", "--classdata"}},
        {"timeout", {"-s", "-k", "--signal", "--kill-after"}},
        {"stdbuf", {"-i", "-o", "-e", "--input", "--output", "--error"}},
        {"strace", {"-o", "-p", "-e", "-s", "-u", "-E", "-a", "-b", "-I", "-O", "-P", "-S", "-X"}},
        {"ltrace", {"-o", "-p", "-e", "-s", "-u", "-a", "-n"}},
        {"setsid", {}},
        {"unbuffer", {}},
        {"xargs", {"-I", "-d", "-n", "-P", "-L", "-s", "-E", "-a", "--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-lines",
                   "--max-chars", "--eof", "--process-slot-var"}},
        {"busybox", {}},
    };
    return m;
}

size_t skip_options(const std::vector<Word>& w, size_t i, const std::set<std::string>& with_value) {
    while (i < w.size()) {
        const std::string& x = w[i].text;
        if (x == "--") return i + 1;
        if (x.size() < 2 || x[0] != '-') return i;
        i += with_value.count(x) ? 2 : 1;
    }
    return w.size();
}

// The index of the command a chain of wrappers (NAME=value sudo env nohup ...) finally runs.
size_t peel(const std::vector<Word>& w) {
    size_t i = 0;
    for (int guard = 0; guard < 32; ++guard) {
        while (i < w.size() && is_assignment(w[i])) ++i;
        if (i >= w.size() || w[i].dynamic) return i;
        const std::string name = basename_of(w[i].text);
        auto it = wrappers().find(name);
        if (it == wrappers().end()) return i;
        i = skip_options(w, i + 1, it->second);
        if (name == "timeout" && i < w.size()) ++i;  // the duration
        while (name == "env" && i < w.size() && w[i].text.find('=') != std::string::npos) ++i;
    }
    return std::min(i, w.size());
}

std::string line_produces(const std::string& line, int depth);

// What a command prints when that is text nobody has read: "a download", "decoded text", or "".
std::string produces(const std::vector<Word>& w, int depth) {
    const size_t i = peel(w);
    if (i >= w.size()) return "";
    const std::string name = basename_of(w[i].text);
    const Args rest = texts(w, i + 1);
    static const std::set<std::string> fetchers = {"curl", "wget", "fetch", "aria2c", "http", "https", "xh", "lwp-request", "GET", "POST",
                                                   "nc", "ncat", "netcat", "socat", "telnet", "ftp", "tftp", "lynx", "w3m", "links", "elinks"};
    static const std::set<std::string> decoders = {"uudecode", "gunzip", "zcat", "bzcat", "xzcat", "zstdcat", "lzcat", "unxz", "unzstd", "bunzip2", "rev"};
    static const std::set<std::string> decoding_with_d = {"base64", "base32", "basenc", "gzip", "bzip2", "xz", "zstd", "lz4", "gpg", "gpg2", "age"};
    if (fetchers.count(name) || (name == "openssl" && has_arg(rest, "s_client"))) return "a download";
    if (decoders.count(name)) return "decoded text";
    const bool decode = has_flag(rest, 'd') || has_arg(rest, "--decode") || has_arg(rest, "--decompress") || has_arg(rest, "--decrypt") ||
                        ((name == "base64" || name == "base32") && has_flag(rest, 'D'));
    if (decoding_with_d.count(name) && decode) return "decoded text";
    if (name == "xxd" && has_flag(rest, 'r')) return "decoded text";
    if (name == "openssl" && (has_arg(rest, "-d") || has_arg(rest, "-decrypt"))) return "decoded text";
    if (name == "printf" || name == "echo")  // escape-encoded text: printf '\x72\x6d ...'
        for (auto& x : rest)
            if (x.find("\\x") != std::string::npos || x.find("\\0") != std::string::npos) return "decoded text";
    if (depth < kMaxDepth)  // echo "$(curl ...)"
        for (size_t k = i; k < w.size(); ++k)
            for (auto& s : w[k].subs) {
                std::string r = line_produces(s.body, depth + 1);
                if (!r.empty()) return r;
            }
    return "";
}

std::string line_produces(const std::string& line, int depth) {
    if (depth > kMaxDepth) return "";
    for (auto& seg : parse_line(line)) {
        std::string r = produces(seg.words, depth);
        for (auto& rd : seg.redirects)
            for (auto& s : rd.target.subs)
                if (r.empty()) r = line_produces(s.body, depth + 1);
        if (!r.empty()) return r;
    }
    return "";
}

// "a download" when a substitution in the word fetches text (or "decoded text" when it decodes it),
// or when it names a variable set to such text earlier on the line.
std::string taint_of(const Word& w, int depth, const Vars* vars = nullptr) {
    if (depth > kMaxDepth) return "";
    if (vars)
        for (auto& p : w.parts) {
            auto it = p.kind == Part::Var && !p.text.empty() ? vars->find("taint:" + p.text) : vars->end();
            if (it != vars->end()) return it->second;
        }
    for (auto& s : w.subs) {
        std::string r = line_produces(s.body, depth + 1);
        if (!r.empty()) return r;
    }
    return "";
}

// ---------------------------------------------------------------------------
// Code in another language given on the command line.

std::vector<std::string> string_literals(const std::string& code) {
    std::vector<std::string> out;
    for (size_t i = 0; i < code.size() && out.size() < 32; ++i) {
        const char q = code[i];
        if (q != '\'' && q != '"' && q != '`') continue;
        std::string s;
        size_t j = i + 1;
        for (; j < code.size() && code[j] != q; ++j) {
            if (code[j] == '\\' && j + 1 < code.size()) ++j;
            s += code[j];
        }
        out.push_back(s);
        i = j;
    }
    return out;
}

// python -c, perl -e, node -e ...: calls that delete files, kill processes or run shell commands make the
// code destructive, and so does code that decodes hidden text and evaluates it; anything else is unknown,
// since no rule reads these languages.
void assess_code(const std::string& runner, const std::string& lang, const std::string& code, Assessment& out, int depth) {
    static const std::set<std::string> deleting = {"rmtree", "unlink", "unlinkSync", "rmdir", "rmdirSync", "rmSync", "removedirs", "rm_rf",
                                                   "rm_r", "rm_f", "remove_dir", "remove_entry", "remove_entry_secure", "remove_dir_all",
                                                   "remove_file", "shred", "truncate", "ftruncate", "emptyDirSync", "removeSync"};
    static const std::set<std::string> file_objects = {"os", "fs", "fsPromises", "fse", "FileUtils", "File", "Dir", "Pathname", "shutil", "Path"};
    static const std::set<std::string> killing = {"kill", "killpg", "killall", "pkill", "posix_kill"};
    static const std::set<std::string> running = {"system", "popen", "popen2", "popen3", "Popen", "check_call", "check_output", "getoutput",
                                                  "getstatusoutput", "execSync", "execFileSync", "execFile", "spawn", "spawnSync", "execv",
                                                  "execve", "execvp", "execvpe", "execl", "execle", "execlp", "execlpe", "spawnl", "spawnle",
                                                  "spawnlp", "spawnv", "spawnve", "spawnvp", "shell_exec", "passthru", "proc_open",
                                                  "pcntl_exec", "capture2", "capture2e", "capture3", "qx"};
    static const std::set<std::string> modules = {"subprocess", "child_process", "Open3"};
    static const std::set<std::string> decoding = {"b64decode", "b32decode", "b16decode", "a85decode", "b85decode", "decodebytes",
                                                   "decodestring", "unhexlify", "fromhex", "decode_base64", "decode64", "strict_decode64",
                                                   "atob", "base64_decode", "gzinflate", "gzuncompress", "decompress", "str_rot13"};
    static const std::set<std::string> evaluating = {"exec", "eval", "compile", "Function", "instance_eval", "class_eval", "module_eval",
                                                     "runInThisContext", "runInNewContext", "create_function", "loadstring", "load"};
    const bool loose = lang == "perl" || lang == "ruby" || lang == "lua";  // calls without parentheses
    std::string del, kill, run, dec, ev;
    for (size_t i = 0; i < code.size();) {
        if (!is_name_start(code[i]) || (i > 0 && is_name_char(code[i - 1]))) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < code.size() && is_name_char(code[j])) ++j;
        const std::string id = code.substr(i, j - i);
        const char before = i > 0 ? code[i - 1] : '\0';
        std::string receiver;
        if (before == '.') {
            size_t r = i - 1;
            while (r > 0 && is_name_char(code[r - 1])) --r;
            receiver = code.substr(r, i - 1 - r);
        }
        size_t k = j;
        while (k < code.size() && (code[k] == ' ' || code[k] == '\t')) ++k;
        const char next = k < code.size() ? code[k] : '\0';
        const bool call = next == '(' || (loose && k > j && next != '\0' && !std::strchr("=,;)}.:?", next)) || id == "qx";
        if (call || modules.count(id)) {
            if (deleting.count(id) || (id == "remove" && (receiver == "os" || before != '.')) ||
                ((id == "rm" || id == "delete" || id == "remove") && file_objects.count(receiver))) {
                if (del.empty()) del = id;
            } else if (killing.count(id)) {
                if (kill.empty()) kill = id;
            } else if (running.count(id) || modules.count(id) || (id == "exec" && lang != "python") || (id == "execute" && receiver == "os")) {
                if (run.empty()) run = id;
            }
            if (evaluating.count(id) && ev.empty()) ev = id;
        }
        if (decoding.count(id) && dec.empty()) dec = id;
        i = j;
    }
    if ((lang == "perl" || lang == "ruby" || lang == "php") && code.find('`') != std::string::npos && run.empty()) run = "`...`";
    if (lang == "ruby" && code.find("%x") != std::string::npos && run.empty()) run = "%x";
    bool fired = false;
    if (!del.empty()) out.add(kDestructive, runner + " code deletes files (" + del + ")"), fired = true;
    if (!kill.empty()) out.add(kDestructive, runner + " code kills processes (" + kill + ")"), fired = true;
    if (!run.empty()) {
        out.add(kDestructive, runner + " code runs shell commands (" + run + ")");
        fired = true;
        for (auto& text : string_literals(code)) {  // the command lines it spells out are labelled too
            Assessment inner;
            assess_line(text, inner, depth + 1);
            if (inner.flags & (kDestructive | kNeedsRoot | kModifiesFiles)) out.merge(inner, kDestructive | kNeedsRoot | kModifiesFiles, "it runs: ");
        }
    }
    if (!dec.empty() && !ev.empty()) out.add(kDestructive | kUnknown, runner + " code decodes hidden code and runs it (" + dec + ", " + ev + ")"), fired = true;
    if (!fired) out.add(kUnknown, runner + " runs code that no rule reads");
}

// sh, bash, ... and python, perl, ...: the language of the code they run ("sh" for shells), or "".
std::string runner_language(const std::string& name) {
    static const std::set<std::string> shells = {"sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "yash", "fish", "csh", "tcsh"};
    std::string base = name;
    while (!base.empty() && ((base.back() >= '0' && base.back() <= '9') || base.back() == '.')) base.pop_back();  // python3.12
    if (shells.count(name) || shells.count(base)) return "sh";
    if (base == "python" || base == "pypy") return "python";
    if (base == "perl" || base == "ruby" || base == "php" || base == "lua") return base;
    if (base == "luajit") return "lua";
    if (base == "node" || base == "nodejs") return "node";
    return "";
}

// A shell or an interpreter: the code it runs comes from -c/-e, a script operand or standard input.
void assess_runner(const std::string& name, const std::string& lang, const std::vector<Word>& args, const Stdin& in, Assessment& out,
                   int depth, const Vars& vars) {
    if (in.to_args && !in.taint.empty()) {
        out.add(kDestructive | kUnknown, "xargs hands " + in.taint + " to " + name + ": runs code nobody has read");
        return;
    }
    std::optional<Word> code;
    bool in_place = false, reads_stdin = false;
    std::string module;
    size_t k = 0;
    auto take_code = [&](size_t at, const std::string& attached) {
        if (!attached.empty()) {
            Word w = args[at];
            w.text = attached;
            code = w;
            return at + 1;
        }
        code = at + 1 < args.size() ? args[at + 1] : Word();
        return at + 2;
    };
    while (k < args.size() && !code && module.empty()) {
        const std::string& x = args[k].text;
        if (x == "--") {
            ++k;
            break;
        }
        if (x.size() < 2 || !(x[0] == '-' || (lang == "sh" && x[0] == '+'))) break;
        if (lang == "sh") {
            if (x == "-o" || x == "+o" || x == "-O" || x == "+O" || x == "--rcfile" || x == "--init-file") k += 2;
            else if (x[0] == '-' && x[1] != '-' && x.find('c') != std::string::npos) k = take_code(k, "");
            else reads_stdin |= x[0] == '-' && x[1] != '-' && x.find('s') != std::string::npos, ++k;
        } else if (lang == "python") {
            if (starts_with(x, "-c")) k = take_code(k, x.substr(2));
            else if (x == "-m") module = k + 1 < args.size() ? args[k + 1].text : "", k += 2;
            else if (x == "-W" || x == "-X") k += 2;
            else ++k;
        } else if (lang == "node") {
            if (x == "-e" || x == "--eval" || x == "-p" || x == "--print") k = take_code(k, "");
            else if (x == "-r" || x == "--require" || x == "--import" || x == "-C" || x == "--conditions") k += 2;
            else ++k;
        } else if (lang == "php") {
            if (x == "-r") k = take_code(k, "");
            else if (x == "-d" || x == "-c" || x == "-z") k += 2;
            else if (x == "-f") { ++k; break; }
            else ++k;
        } else {  // perl, ruby, lua: -e CODE, and option clusters such as -lne or -pi.bak
            const bool perl = lang == "perl", ruby = lang == "ruby";
            const char* valued = perl ? "IMmxCFdVl0" : ruby ? "rICEFxW0T" : "l";
            size_t next = k + 1;
            for (size_t j = 1; j < x.size(); ++j) {
                const char ch = x[j];
                if (ch == 'e' || (perl && ch == 'E')) {
                    next = take_code(k, x.substr(j + 1));
                    break;
                }
                if (ch == 'i' && (perl || ruby)) {  // in place; the rest is a backup suffix
                    in_place = true;
                    break;
                }
                if (std::strchr(valued, ch)) {  // the rest is its value, or the next word when there is no rest
                    if (j + 1 == x.size() && x.size() == 2 && std::strchr(perl ? "I" : ruby ? "rICE" : "l", ch)) next = k + 2;
                    break;
                }
            }
            k = next;
        }
    }
    if (code) {
        const std::string t = taint_of(*code, depth, &vars);
        if (!t.empty()) {
            out.add(kDestructive | kUnknown, name + " runs " + t + " as code: runs code nobody has read");
            return;
        }
        if (code->dynamic) out.add(kUnknown, name + " runs code that is only known when it runs");
        if (lang == "sh") assess_line(code->text, out, depth + 1);
        else assess_code(name, lang, code->text, out, depth);
        if (in_place) {
            out.add(kModifiesFiles, name + " -i edits files in place");
            for (size_t j = k; j < args.size(); ++j)
                if (is_system_path(args[j].text)) {
                    out.add(kNeedsRoot, "editing " + args[j].text + " needs root");
                    break;
                }
        }
        return;
    }
    if (!module.empty()) {  // python -m pip ...: the module is the command
        Word m;
        m.text = module;
        m.parts.push_back({Part::Lit, module});
        std::vector<Word> inner{m};
        inner.insert(inner.end(), args.begin() + std::min(k, args.size()), args.end());
        assess_command(inner, in, out, depth + 1, vars);
        return;
    }
    if (!reads_stdin && k < args.size() && args[k].text != "-" && args[k].text != "/dev/stdin") {
        const Word& script = args[k];
        const std::string t = taint_of(script, depth, &vars);
        if (!t.empty()) {
            out.add(kDestructive | kUnknown, name + " runs " + t + " as a script: runs code nobody has read");
            return;
        }
        for (auto& s : script.subs) {
            std::string text;
            if (s.process && static_output(s.body, text)) {
                if (lang == "sh") assess_line(text, out, depth + 1);
                else assess_code(name, lang, text, out, depth);
                return;
            }
        }
        out.add(kUnknown, name + " runs a script");
        return;
    }
    // the code arrives on standard input
    if (!in.taint.empty()) {
        out.add(kDestructive | kUnknown, "pipes " + in.taint + " straight into " + name + ": runs code nobody has read");
    } else if (in.literal) {
        if (lang == "sh") assess_line(in.text, out, depth + 1);
        else assess_code(name, lang, in.text, out, depth);
    } else if (!in.source.empty()) {
        out.add(kUnknown, name + " runs what it reads from " + in.source);
    } else {
        out.add(kUnknown, name + " starts an interactive session");
    }
}

// A command string that another command hands to a shell (eval, su -c, ssh, watch, trap, env -S).
void assess_shell_string(const std::string& runner, const std::vector<Word>& code, Assessment& out, int depth, const Vars& vars,
                         const std::string& prefix = "") {
    for (auto& w : code) {
        const std::string t = taint_of(w, depth, &vars);
        if (!t.empty()) {
            out.add(kDestructive | kUnknown, runner + " runs " + t + " as code: runs code nobody has read");
            return;
        }
    }
    Assessment inner;
    for (auto& w : code)
        if (w.dynamic) {
            inner.add(kUnknown, runner + " runs a command string that is only known when it runs");
            break;
        }
    assess_line(join(texts(code)), inner, depth + 1);
    out.merge(inner, ~0u, prefix);
}

// ---------------------------------------------------------------------------
// Commands whose name is computed when they run.

// The text a computed word will have, when every computed part of it is known here: $(echo ...) and
// $(printf ...) with literal arguments, and variables set earlier on the same line.
bool resolve(const Word& w, const Vars& vars, std::string& out) {
    out.clear();
    for (auto& p : w.parts) {
        if (p.kind == Part::Lit) {
            out += p.text;
        } else if (p.kind == Part::Var) {
            auto it = vars.find(p.text);
            if (p.text.empty() || it == vars.end()) return false;
            out += it->second;
        } else if (p.kind == Part::Cmd) {
            std::string printed;
            if (!static_output(p.text, printed)) return false;
            while (!printed.empty() && printed.back() == '\n') printed.pop_back();
            out += printed;
        } else {
            return false;
        }
    }
    return true;
}

// Arguments that wipe data whatever command they are given to, or "".
std::string wiping_arguments(const Args& rest) {
    const bool forced = has_flag(rest, 'r') || has_flag(rest, 'R') || has_flag(rest, 'f') || has_arg(rest, "--recursive") || has_arg(rest, "--force");
    if (has_arg(rest, "--no-preserve-root")) return "--no-preserve-root";
    for (auto& op : operands(rest)) {
        if (is_disk_device(op)) return "the disk device " + op;
        const std::string what = sweeping_target(op);
        if (forced && !what.empty()) return "a recursive or forced flag on " + op + " (" + what + ")";
    }
    return "";
}

// The name is $(...), `...` or $VAR. Such a command is unknown at least. When the name can be worked out
// here (a literal echo/printf, a variable set earlier on the line) the command is also labelled as what it
// turns out to be. Otherwise its arguments alone decide: a recursive or forced flag on a whole tree (/, ~,
// ., *, a system directory), a disk device or --no-preserve-root is labelled destructive whatever the
// name turns out to be, because those arguments are what a deleting or wiping command would be given, and
// a computed name is how such a command is hidden from a reader.
void assess_computed_name(const std::vector<Word>& w, size_t i, const Stdin& in, Assessment& out, int depth, const Vars& vars) {
    const Word& head = w[i];
    const std::string t = taint_of(head, depth, &vars);
    if (!t.empty()) {
        out.add(kDestructive | kUnknown, "runs " + t + " as a command: runs code nobody has read");
        return;
    }
    std::string name;
    if (resolve(head, vars, name) && name.find_first_not_of(" \t\n") != std::string::npos) {
        out.add(kUnknown, "the command name " + head.text + " is computed when it runs (here: " + name + ")");
        std::vector<Word> words;
        for (auto& x : parse_line(name))  // the value is split into words again
            for (auto& word : x.words) {
                Word plain;
                plain.text = word.text;
                plain.parts.push_back({Part::Lit, word.text});
                words.push_back(plain);
            }
        words.insert(words.end(), w.begin() + i + 1, w.end());
        assess_command(words, in, out, depth + 1, vars);
        return;
    }
    out.add(kUnknown, "the command name " + head.text + " is only known when it runs");
    const std::string why = wiping_arguments(texts(w, i + 1));
    if (!why.empty()) out.add(kDestructive, "whatever " + head.text + " turns out to be, it is given " + why);
}

// ---------------------------------------------------------------------------
// git, docker and podman: the subcommand decides.

void assess_git(const Args& all, Assessment& out) {
    size_t k = 0;
    while (k < all.size() && all[k].size() > 1 && all[k][0] == '-') {
        const std::string& x = all[k];
        if (x == "--version" || x == "--help" || x == "-h") break;
        k += (x == "-C" || x == "-c" || x == "--git-dir" || x == "--work-tree" || x == "--namespace" || x == "--config-env") ? 2 : 1;
    }
    if (k >= all.size() || all[k][0] == '-') {
        out.add(kReadOnly, "");
        return;
    }
    const std::string sub = all[k];
    const Args a(all.begin() + k + 1, all.end());
    const Args ops = operands(a);
    const std::string verb = ops.empty() ? "" : ops[0];
    const bool force = has_flag(a, 'f') || has_arg(a, "--force");
    auto reads = [&] { out.add(kReadOnly, ""); };
    auto destroys = [&](const std::string& why) { out.add(kDestructive, "git " + why); };
    auto changes = [&] { out.add(kModifiesFiles, "git " + sub + " changes the repository or the working tree"); };
    static const std::set<std::string> reading = {
        "status", "log", "diff", "show", "blame", "annotate", "ls-files", "ls-tree", "ls-remote", "rev-parse", "rev-list", "describe",
        "grep", "shortlog", "cat-file", "whatchanged", "help", "version", "count-objects", "fsck", "check-ignore", "check-attr",
        "check-ref-format", "var", "name-rev", "merge-base", "cherry", "show-ref", "for-each-ref", "show-branch", "diff-tree",
        "diff-files", "diff-index", "range-diff", "verify-commit", "verify-tag"};
    if (reading.count(sub)) return reads();
    if (sub == "clean") {
        if (has_flag(a, 'n') || has_arg(a, "--dry-run")) return reads();
        if (!force) return changes();
        destroys("clean -f deletes untracked files for good");
        if (has_flag(a, 'x') || has_flag(a, 'X')) destroys("clean -x deletes ignored files too (builds, caches, local settings)");
        return;
    }
    if (sub == "reset") {
        if (has_arg(a, "--hard")) return destroys("reset --hard throws away uncommitted changes");
        return changes();
    }
    if (sub == "push") {
        bool rewrites = force || has_prefix_arg(a, "--force") || has_arg(a, "--mirror") || has_arg(a, "--prune");
        bool deletes = has_arg(a, "--delete") || has_flag(a, 'd');
        for (auto& o : ops) {
            if (o.size() > 1 && o[0] == '+') rewrites = true;
            if (o.size() > 1 && o[0] == ':') deletes = true;
        }
        if (rewrites) destroys("push --force overwrites history on the remote");
        if (deletes) destroys("push --delete deletes branches or tags on the remote");
        if (!rewrites && !deletes) out.add(kModifiesFiles, "git push changes the remote repository");
        return;
    }
    if (sub == "branch") {
        const bool del = has_flag(a, 'd') || has_arg(a, "--delete");
        if (has_flag(a, 'D') || (del && force)) return destroys("branch -D deletes a branch even when its commits are merged nowhere");
        if (del) {
            out.add(kModifiesFiles, "git branch -d deletes a merged branch");
            return;
        }
        static const std::set<std::string> changing = {"-m", "-M", "-c", "-C", "--move", "--copy", "-u", "--set-upstream-to",
                                                       "--unset-upstream", "--edit-description", "-t", "--track"};
        for (auto& x : a)
            if (changing.count(x) || starts_with(x, "--set-upstream-to=")) return changes();
        const bool listing = ops.empty() || has_flag(a, 'l') || has_flag(a, 'a') || has_flag(a, 'r') || has_flag(a, 'v') ||
                             has_prefix_arg(a, "--list") || has_prefix_arg(a, "--contains") || has_prefix_arg(a, "--no-contains") ||
                             has_prefix_arg(a, "--merged") || has_prefix_arg(a, "--no-merged") || has_prefix_arg(a, "--points-at") ||
                             has_arg(a, "--all") || has_arg(a, "--remotes") || has_arg(a, "--show-current");
        return listing ? reads() : changes();
    }
    if (sub == "tag") {
        if (has_flag(a, 'd') || has_arg(a, "--delete")) return destroys("tag -d deletes tags");
        const bool creating = has_flag(a, 'a') || has_flag(a, 's') || has_flag(a, 'm') || has_flag(a, 'f') || has_flag(a, 'F') ||
                              has_flag(a, 'u') || has_arg(a, "--annotate") || has_arg(a, "--sign");
        const bool listing = ops.empty() || has_flag(a, 'l') || has_arg(a, "--list") || has_prefix_arg(a, "--contains") ||
                             has_prefix_arg(a, "--points-at") || has_prefix_arg(a, "--merged");
        return listing && !creating ? reads() : changes();
    }
    if (sub == "remote") return ops.empty() || verb == "show" || verb == "get-url" ? reads() : changes();
    if (sub == "config") {
        const bool writes = has_prefix_arg(a, "--unset") || has_arg(a, "--add") || has_arg(a, "--replace-all") || has_arg(a, "--edit") ||
                            has_flag(a, 'e') || has_arg(a, "--rename-section") || has_arg(a, "--remove-section") || verb == "set" ||
                            verb == "unset" || verb == "edit";
        const bool reading_opt = has_prefix_arg(a, "--get") || has_arg(a, "--list") || has_flag(a, 'l') || verb == "get" || verb == "list";
        return !writes && (reading_opt || ops.size() == 1) ? reads() : changes();
    }
    if (sub == "checkout") {
        bool discards = force, after_dashes = false;
        for (auto& x : a) {
            if (after_dashes) discards = true;
            if (x == "--") after_dashes = true;
        }
        for (auto& o : ops)
            if (o == "." || o == "*" || o == ":/") discards = true;
        if (discards) return destroys("checkout -- PATHS throws away uncommitted changes to those files");
        return changes();
    }
    if (sub == "restore") {
        const bool staged = has_flag(a, 'S') || has_arg(a, "--staged");
        const bool worktree = has_flag(a, 'W') || has_arg(a, "--worktree");
        if (staged && !worktree) return changes();
        return destroys("restore throws away uncommitted changes in the working tree");
    }
    if (sub == "switch") {
        if (force || has_arg(a, "--discard-changes")) return destroys("switch --discard-changes throws away uncommitted changes");
        return changes();
    }
    if (sub == "stash") {
        if (verb == "drop" || verb == "clear") return destroys("stash " + verb + " deletes stashed changes");
        if (verb == "list" || verb == "show") return reads();
        return changes();
    }
    if (sub == "gc") {
        for (auto& x : a)
            if (x == "--prune=now" || x == "--prune=all") return destroys("gc " + x + " deletes unreachable commits at once, leaving no way back");
        return changes();
    }
    if (sub == "prune") {
        if (has_flag(a, 'n') || has_arg(a, "--dry-run")) return reads();
        return destroys("prune deletes unreachable commits");
    }
    if (sub == "reflog") {
        if (verb == "expire" || verb == "delete") return destroys("reflog " + verb + " deletes the record that lets lost commits be recovered");
        return reads();
    }
    if (sub == "filter-branch" || sub == "filter-repo") return destroys(sub + " rewrites the whole history");
    if (sub == "update-ref" && has_flag(a, 'd')) return destroys("update-ref -d deletes a ref");
    if ((sub == "worktree" || sub == "submodule" || sub == "notes") &&
        (verb.empty() || verb == "list" || verb == "status" || verb == "summary" || verb == "show"))
        return reads();
    changes();
}

void assess_containers(const std::string& name, const Args& all, Assessment& out) {
    static const std::set<std::string> valued = {"-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "--tlscacert",
                                                 "--tlscert", "--tlskey", "--url", "--connection", "--root", "--runroot", "--storage-driver"};
    static const std::set<std::string> groups = {"container", "image", "volume", "network", "system", "builder", "buildx", "compose",
                                                 "context", "node", "service", "stack", "plugin", "secret", "config", "pod", "machine", "manifest"};
    static const std::set<std::string> compose_valued = {"-f", "--file", "-p", "--project-name", "--env-file", "--profile", "--project-directory"};
    size_t k = 0;
    while (k < all.size() && all[k].size() > 1 && all[k][0] == '-') k += valued.count(all[k]) ? 2 : 1;
    if (k >= all.size()) {
        out.add(kReadOnly, "");
        return;
    }
    std::string group, verb = all[k];
    size_t v = k + 1;
    if (groups.count(verb)) {
        group = verb;
        verb.clear();
        while (v < all.size() && all[v].size() > 1 && all[v][0] == '-') v += compose_valued.count(all[v]) ? 2 : 1;
        if (v < all.size()) verb = all[v++];
    }
    const Args a(all.begin() + std::min(v, all.size()), all.end());
    const std::string what = name + " " + (group.empty() ? "" : group + " ") + verb;
    static const std::set<std::string> reading = {"ps", "images", "logs", "inspect", "version", "info", "stats", "top", "port", "diff",
                                                  "history", "search", "events", "ls", "list", "df", "config", "help", ""};
    if (group == "compose" && verb == "down") {
        if (has_flag(a, 'v') || has_arg(a, "--volumes") || has_prefix_arg(a, "--rmi")) out.add(kDestructive, what + " -v deletes the project's volumes");
        else out.add(kModifiesFiles, what + " stops and removes the project's containers");
        return;
    }
    if (verb == "system" || group == "system") {
        if (verb == "prune") out.add(kDestructive, what + " deletes stopped containers, unused networks and images, and the build cache");
        else if (reading.count(verb)) out.add(kReadOnly, "");
        else out.add(kModifiesFiles, what + " changes the container engine");
        return;
    }
    if (verb == "kill" || (group == "compose" && verb == "kill")) {
        out.add(kDestructive, what + " kills running containers");
        return;
    }
    if (verb == "rm" || verb == "rmi" || verb == "prune" || verb == "remove") {
        const std::string objects = verb == "rmi" ? "images" : group.empty() || group == "compose" ? "containers" : group + "s";
        out.add(kDestructive, what + " deletes " + objects + (group == "volume" ? " and the data in them" : ""));
        return;
    }
    if (reading.count(verb)) {
        out.add(kReadOnly, "");
        return;
    }
    out.add(kModifiesFiles, what + " changes containers, images or their data");
}

// ---------------------------------------------------------------------------
// The rule table.

const std::set<std::string>& read_only_commands() {
    static const std::set<std::string> s = {
        "ls", "ll", "cat", "less", "more", "head", "tail", "grep", "egrep", "fgrep", "rg", "ag", "locate", "which", "whereis",
        "type", "file", "stat", "wc", "uniq", "cut", "tr", "diff", "cmp", "comm", "echo", "printf", "pwd", "whoami", "id",
        "groups", "who", "w", "last", "lastlog", "uptime", "date", "cal", "uname", "df", "du", "free", "vmstat", "iostat",
        "mpstat", "top", "htop", "btop", "ps", "pgrep", "pstree", "pidof", "lsof", "ss", "netstat", "ping", "ping6",
        "traceroute", "tracepath", "mtr", "dig", "nslookup", "host", "whois", "lsblk", "lscpu", "lsusb", "lspci", "lsmod",
        "lshw", "dmidecode", "sensors", "nproc", "arch", "getent", "env", "printenv", "history", "man", "help", "tree",
        "basename", "dirname", "realpath", "readlink", "md5sum", "sha1sum", "sha256sum", "sha512sum", "cksum", "base64",
        "xxd", "hexdump", "od", "strings", "jq", "column", "nl", "paste", "join", "fold", "fmt", "rev", "tac", "zcat",
        "zgrep", "zless", "bzcat", "xzcat", "sleep", "test", "true", "false", "seq", "yes", "expr", "bc", "awk", "gawk",
        "mawk", "nc", "ncat", "telnet", "arp", "route", "iwconfig", "nmcli", "findmnt", "mountpoint", "blkid", "timedatectl",
        "hostnamectl", "loginctl", "localectl", "watch", "time", "iotop", "iftop", "nethogs", "tcpdump", "journalctl",
        "atq", "dpkg-query", "apt-cache", "lsattr", "getfacl", "namei", "ulimit", "vnstat", "[", "[[", "cd", "pushd", "popd", "dirs", "export", "set", "unset", "shopt", "declare",
        "typeset", "local", "readonly", "hash", "umask", "exit", "return", "break", "continue", "wait", "read", "shift", "let", "getopts",
        ":", "jobs", "fg", "bg", "disown", "nmap", "ethtool", "uptime", "expand", "unexpand", "numfmt", "factor", "look", "pr", "tsort",
        "sdiff", "pmap", "lslocks", "lslogins", "lsipc", "lastb", "runlevel", "modinfo", "apropos", "whatis", "ncdu", "ssh-keyscan",
        "iw", "ip6tables-save", "bzless", "xzless", "zipinfo"};
    return s;
}

void assess_package_manager(const std::string& name, const Args& a, Assessment& out) {
    const Args ops = operands(a);
    const std::string verb = ops.empty() ? "" : ops[0];
    static const std::set<std::string> reading = {"list", "search", "show", "policy", "info", "depends", "rdepends", "-l", "-L", "-s", "-S", "madison", "check-update", "query",
                                                  "showhold", "showmanual", "showauto", "-c", "--contents"};
    static const std::set<std::string> removing = {"remove", "purge", "autoremove", "erase", "-r", "-P", "uninstall", "-R", "-Rns"};
    if (reading.count(verb) || (name == "dpkg" && (has_flag(a, 'l') || has_flag(a, 'L') || has_flag(a, 's')))) {
        out.add(kReadOnly, "");
        return;
    }
    if (removing.count(verb) || (name == "dpkg" && (has_flag(a, 'r') || has_flag(a, 'P'))) || (name == "pacman" && has_flag(a, 'R'))) {
        out.add(kDestructive | kNeedsRoot, name + " removes packages");
        return;
    }
    out.add(kModifiesFiles | kNeedsRoot, name + " installs or changes packages");
}


// One command, its name known, after wrappers and shells have been looked through.
void assess_rules(const std::string& name, const std::vector<Word>& args, Assessment& out, int depth, const Vars& vars) {
    const Args rest = texts(args);
    const Args ops = operands(rest);
    auto system_targets = [&](const Args& targets, const std::string& verb) {
        for (auto& t : targets)
            if (is_system_path(t) && !is_harmless_sink(t)) {
                out.add(kNeedsRoot, verb + " " + t + " needs root");
                return;
            }
    };

    if (name == "rm" || name == "shred" || name == "unlink" || name == "srm") {
        const bool recursive = has_flag(rest, 'r') || has_flag(rest, 'R') || has_arg(rest, "--recursive");
        out.add(kDestructive, name + " deletes files permanently");
        for (auto& t : ops) {
            std::string what = sweeping_target(t);
            if (!what.empty() && (recursive || t == "*" || t == "/*" || t == "~/*"))
                out.add(kDestructive, name + (recursive ? " -r on " : " on ") + t + ": deletes " + what);
        }
        if (has_arg(rest, "--no-preserve-root")) out.add(kDestructive | kNeedsRoot, "--no-preserve-root disables the guard against deleting /");
        system_targets(ops, "deleting");
        return;
    }
    if (name == "rmdir") {
        out.add(kModifiesFiles, "rmdir removes empty directories");
        system_targets(ops, "removing");
        return;
    }
    if (starts_with(name, "mkfs") || name == "mke2fs" || name == "mkswap" || name == "wipefs" || name == "blkdiscard") {
        out.add(kDestructive | kNeedsRoot, name + " erases the filesystem on " + (ops.empty() ? std::string("a device") : ops.back()));
        return;
    }
    if (name == "fdisk" || name == "gdisk" || name == "sfdisk" || name == "cfdisk" || name == "parted" || name == "sgdisk") {
        if (has_flag(rest, 'l') || has_arg(rest, "--list") || has_arg(rest, "print")) {
            out.add(kReadOnly | kNeedsRoot, name + " reads the partition table (root needed)");
            return;
        }
        out.add(kDestructive | kNeedsRoot, name + " rewrites the partition table");
        return;
    }
    if (name == "dd") {
        std::string of, in;
        for (auto& x : rest) {
            if (starts_with(x, "of=")) of = x.substr(3);
            if (starts_with(x, "if=")) in = x.substr(3);
        }
        if (is_disk_device(of)) {
            out.add(kDestructive | kNeedsRoot, "dd overwrites the disk device " + of);
        } else if (!of.empty() && !is_harmless_sink(of)) {
            out.add(kModifiesFiles, "dd writes " + of);
            if (is_system_path(of)) out.add(kNeedsRoot, "writing " + of + " needs root");
        } else {
            out.add(kReadOnly, "");
        }
        if (is_disk_device(in)) out.add(kNeedsRoot, "reading the raw device " + in + " needs root");
        return;
    }
    if (name == "chmod" || name == "chown" || name == "chgrp" || name == "chattr" || name == "setfacl") {
        out.add(kModifiesFiles, name + " changes permissions or ownership");
        if (name == "chown" || name == "chgrp") out.add(kNeedsRoot, name + " to another owner needs root");
        const bool recursive = has_flag(rest, 'R') || has_arg(rest, "--recursive");
        for (size_t k = 1; k < ops.size(); ++k) {
            std::string what = sweeping_target(ops[k]);
            if (recursive && !what.empty()) out.add(kDestructive | kNeedsRoot, name + " -R on " + ops[k] + ": rewrites " + what + " (hard to undo)");
        }
        if (ops.size() > 1) system_targets(Args(ops.begin() + 1, ops.end()), "changing");
        return;
    }
    if (name == "mv") {
        out.add(kModifiesFiles, "mv moves or renames files");
        if (!ops.empty() && ops.back() == "/dev/null") out.add(kDestructive, "mv into /dev/null destroys the source");
        if (ops.size() > 1 && is_disk_device(ops.back())) out.add(kDestructive | kNeedsRoot, "mv overwrites the disk device " + ops.back());
        for (size_t k = 0; k + 1 < ops.size(); ++k) {
            std::string what = sweeping_target(ops[k]);
            if (!what.empty()) out.add(kDestructive, "mv " + ops[k] + ": moves " + what);
        }
        system_targets(ops, "moving");
        return;
    }
    static const std::set<std::string> writers = {"cp", "mkdir", "touch", "ln", "install", "rename", "split", "patch", "tee",
                                                  "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zip", "7z", "zstd",
                                                  "rsync", "scp", "sftp", "make", "mktemp", "csplit", "convert", "ffmpeg", "ddrescue"};
    if (writers.count(name)) {
        if (name == "rsync" && has_arg(rest, "--delete")) out.add(kDestructive, "rsync --delete removes files missing from the source");
        Args targets = ops;
        if (name == "cp" || name == "ln" || name == "install") targets = ops.empty() ? ops : Args{ops.back()};
        // what it writes to: every operand of tee, the last one of a copy
        Args outputs;
        if (name == "tee") outputs = ops;
        else if ((name == "cp" || name == "install" || name == "rsync" || name == "scp" || name == "ddrescue") && ops.size() > 1) outputs = {ops.back()};
        size_t devices = 0;
        for (auto& t : outputs)
            if (is_disk_device(t)) {
                out.add(kDestructive | kNeedsRoot, name + " overwrites the disk device " + t);
                ++devices;
            }
        if (devices == 0 || devices < outputs.size()) out.add(kModifiesFiles, name + " writes files");
        system_targets(targets, "writing");
        return;
    }
    if (name == "truncate") {
        out.add(kDestructive, "truncate cuts files to a size, discarding data");
        system_targets(ops, "truncating");
        return;
    }
    if (name == "unzip") {
        if (has_flag(rest, 'l')) out.add(kReadOnly, "");
        else out.add(kModifiesFiles, "unzip extracts files");
        return;
    }
    if (name == "tar") {
        const std::string mode = rest.empty() ? "" : rest[0];
        if (mode.find('t') != std::string::npos || has_arg(rest, "--list")) out.add(kReadOnly, "");
        else if (mode.find('x') != std::string::npos || has_arg(rest, "--extract")) out.add(kModifiesFiles, "tar extracts files (may overwrite)");
        else out.add(kModifiesFiles, "tar writes an archive");
        return;
    }
    if (name == "sed") {
        bool in_place = false;
        for (auto& x : rest) in_place |= starts_with(x, "-i") || x == "--in-place";
        if (in_place) {
            out.add(kModifiesFiles, name + " -i edits files in place");
            system_targets(Args(ops.begin() + (ops.empty() ? 0 : 1), ops.end()), "editing");
        } else {
            out.add(kReadOnly, "");
        }
        return;
    }
    if (name == "sort") {
        if (has_flag(rest, 'o')) out.add(kModifiesFiles, "sort -o writes a file");
        else out.add(kReadOnly, "");
        return;
    }
    if (name == "find") {
        Assessment found;
        for (size_t k = 0; k < rest.size(); ++k) {
            if (rest[k] == "-delete") found.add(kDestructive, "find -delete deletes every match");
            if ((rest[k] == "-exec" || rest[k] == "-execdir" || rest[k] == "-ok" || rest[k] == "-okdir") && k + 1 < rest.size()) {
                std::vector<Word> inner;
                for (size_t j = k + 1; j < args.size() && rest[j] != ";" && rest[j] != "+"; ++j) inner.push_back(args[j]);
                if (!inner.empty()) assess_command(inner, Stdin(), found, depth + 1, vars);
            }
        }
        if (!(found.flags & (kDestructive | kModifiesFiles | kUnknown))) found.add(kReadOnly, "");
        out.merge(found);
        return;
    }
    if (name == "curl" || name == "wget") {
        bool writes = name == "wget";
        for (size_t k = 0; k < rest.size(); ++k) {
            if (rest[k] == "-o" || rest[k] == "-O" || rest[k] == "--output" || rest[k] == "--remote-name") writes = name == "curl" || (k + 1 < rest.size() && rest[k + 1] != "-");
            if (name == "wget" && (rest[k] == "-O" || rest[k] == "-qO") && k + 1 < rest.size() && rest[k + 1] == "-") writes = false;
            if (name == "wget" && (rest[k] == "-qO-" || rest[k] == "-O-" || rest[k] == "--spider")) writes = false;
        }
        if (writes) out.add(kModifiesFiles, name + " saves a download to a file");
        else out.add(kReadOnly, "");
        return;
    }
    if (name == "kill" && ops.empty() && (has_flag(rest, 'l') || has_flag(rest, 'L'))) {  // lists the signals
        out.add(kReadOnly, "");
        return;
    }
    if (name == "kill" || name == "pkill" || name == "killall" || name == "skill") {
        // the signal sent: -CONT, -SIGSTOP, -19, -s CONT
        std::string signal;
        for (size_t i = 0; i < rest.size() && signal.empty(); ++i) {
            const std::string& a = rest[i];
            if ((a == "-s" || a == "--signal" || (a == "-n" && name == "kill")) && i + 1 < rest.size()) signal = rest[i + 1];
            else if (a.size() > 1 && a[0] == '-') signal = a.substr(1);
        }
        if (signal.rfind("SIG", 0) == 0) signal = signal.substr(3);
        if (signal == "0" && name == "kill") {  // asks whether the process exists
            out.add(kReadOnly, "");
            return;
        }
        if (signal == "CONT" || signal == "STOP" || signal == "TSTP" || signal == "18" || signal == "19" || signal == "20") {
            out.add(kModifiesFiles, name + " -" + signal + " pauses or resumes processes; none ends");
            return;
        }
    }
    if (name == "kill" || name == "pkill" || name == "killall" || name == "xkill" || name == "skill") {
        out.add(kDestructive, name + " terminates processes (unsaved work is lost)");
        for (auto& t : ops)
            if (t == "1" || t == "-1" || t == "init" || t == "systemd") out.add(kDestructive | kNeedsRoot, name + " " + t + ": kills init (or every process), bringing the system down");
        if (has_arg(rest, "-1")) out.add(kDestructive, "kill -1 signals every process you own");
        return;
    }
    if (name == "shutdown" || name == "reboot" || name == "halt" || name == "poweroff") {
        out.add(kDestructive | kNeedsRoot, name + " stops the machine; every running program ends");
        return;
    }
    if (name == "init" || name == "telinit") {
        if (!ops.empty() && (ops[0] == "0" || ops[0] == "6")) out.add(kDestructive | kNeedsRoot, name + " " + ops[0] + " powers off or reboots");
        else out.add(kModifiesFiles | kNeedsRoot, name + " changes the runlevel");
        return;
    }
    if (name == "systemctl" || name == "service") {
        static const std::set<std::string> reading = {"status", "show", "cat", "list-units", "list-unit-files", "list-timers", "is-active",
                                                      "is-enabled", "is-failed", "list-dependencies", "list-sockets", "--version", "help"};
        static const std::set<std::string> stopping = {"poweroff", "reboot", "halt", "kexec", "suspend", "hibernate", "emergency", "rescue"};
        std::string verb = ops.empty() ? "list-units" : ops[0];
        if (name == "service") verb = ops.size() > 1 ? ops[1] : "status";
        if (has_arg(rest, "--status-all")) verb = "status";
        if (reading.count(verb)) out.add(kReadOnly, "");
        else if (stopping.count(verb)) out.add(kDestructive | kNeedsRoot, name + " " + verb + " stops the machine");
        else if (verb == "kill")  // like kill and pkill: signals to the service's processes
            out.add(kDestructive | kNeedsRoot, name + " kill signals a service's processes");
        // stop changes state that start restores, like restart: nothing is lost
        else if (verb == "stop" || verb == "mask" || verb == "disable")
            out.add(kModifiesFiles | kNeedsRoot, name + " " + verb + " stops or disables a service");
        else out.add(kModifiesFiles | kNeedsRoot, name + " " + verb + " changes a service");
        return;
    }
    if (name == "journalctl") {
        for (auto& x : rest)
            if (starts_with(x, "--vacuum") || x == "--rotate" || x == "--flush") {
                out.add(kDestructive | kNeedsRoot, "journalctl " + x + " deletes or rewrites logs");
                return;
            }
        out.add(kReadOnly, "");
        return;
    }
    if (name == "history" && (has_flag(rest, 'c') || has_flag(rest, 'd'))) {  // the list the shell writes back on exit
        out.add(kModifiesFiles, "history -c/-d changes the shell's history, which it saves on exit");
        return;
    }
    if (name == "crontab") {
        if (has_flag(rest, 'r')) out.add(kDestructive, "crontab -r deletes every scheduled job without asking");
        else if (has_flag(rest, 'l')) out.add(kReadOnly, "");
        else out.add(kModifiesFiles, "crontab changes scheduled jobs");
        if (has_flag(rest, 'u')) out.add(kNeedsRoot, "crontab -u edits another user's jobs");
        return;
    }
    if (name == "ip") {
        static const std::set<std::string> changing = {"add", "del", "delete", "set", "flush", "change", "replace", "append"};
        for (auto& x : ops)
            if (changing.count(x)) {
                out.add((x == "flush" || x == "del" || x == "delete" ? kDestructive : kModifiesFiles) | kNeedsRoot, "ip " + x + " changes the network configuration");
                return;
            }
        out.add(kReadOnly, "");
        return;
    }
    if (name == "ifconfig" || name == "ifup" || name == "ifdown") {
        if (name == "ifconfig" && ops.size() <= 1) out.add(kReadOnly, "");
        else out.add(kModifiesFiles | kNeedsRoot, name + " changes a network interface");
        return;
    }
    if (name == "iptables" || name == "ip6tables" || name == "nft" || name == "ufw" || name == "firewall-cmd") {
        const bool listing = has_flag(rest, 'L') || has_arg(rest, "list") || has_arg(rest, "status") || has_arg(rest, "--list-all") || has_flag(rest, 'S');
        const bool flushing = has_flag(rest, 'F') || has_arg(rest, "flush") || has_arg(rest, "reset") || has_arg(rest, "--flush");
        if (flushing) out.add(kDestructive | kNeedsRoot, name + " flushes firewall rules");
        else if (listing) out.add(kReadOnly | kNeedsRoot, name + " reads firewall rules (root needed)");
        else out.add(kModifiesFiles | kNeedsRoot, name + " changes firewall rules");
        return;
    }
    if (name == "apt" || name == "apt-get" || name == "apt-mark" || name == "dpkg" || name == "yum" || name == "dnf" || name == "pacman" || name == "snap" ||
        name == "zypper" || name == "apk" || name == "rpm") {
        assess_package_manager(name, rest, out);
        return;
    }
    if (name == "pip" || name == "pip3" || name == "npm") {
        if (!ops.empty() && (ops[0] == "list" || ops[0] == "show" || ops[0] == "freeze" || ops[0] == "search" || ops[0] == "view")) out.add(kReadOnly, "");
        else if (!ops.empty() && (ops[0] == "uninstall" || ops[0] == "remove")) out.add(kDestructive, name + " removes packages");
        else out.add(kModifiesFiles, name + " installs packages");
        return;
    }
    if (name == "userdel" || name == "groupdel" || name == "deluser" || name == "delgroup") {
        out.add(kDestructive | kNeedsRoot, name + " deletes an account" + (has_flag(rest, 'r') ? " and its home directory" : ""));
        return;
    }
    if (name == "useradd" || name == "usermod" || name == "groupadd" || name == "groupmod" || name == "adduser" || name == "addgroup" ||
        name == "chpasswd" || name == "visudo" || name == "mount" || name == "umount" || name == "swapon" || name == "swapoff" ||
        name == "modprobe" || name == "insmod" || name == "rmmod" || name == "sysctl" || name == "update-grub" || name == "grub-install" ||
        name == "chroot" || name == "setenforce" || name == "hwclock" || name == "locale-gen" || name == "update-alternatives") {
        if ((name == "mount" && ops.empty()) || (name == "sysctl" && !has_flag(rest, 'w') && !has_flag(rest, 'p'))) {
            out.add(kReadOnly, "");
            return;
        }
        out.add(kModifiesFiles | kNeedsRoot, name + " changes system configuration");
        return;
    }
    if (name == "passwd") {
        out.add(kModifiesFiles, "passwd changes a password");
        if (!ops.empty()) out.add(kNeedsRoot, "passwd for another user needs root");
        return;
    }
    if (name == "awk" || name == "gawk" || name == "mawk" || name == "nawk" || name == "busybox-awk") {
        // awk 'PROGRAM' or awk -f FILE; system() and pipes to "cmd" run shell commands
        size_t k = 0;
        bool from_file = false;
        while (k < rest.size() && rest[k].size() > 1 && rest[k][0] == '-' && rest[k] != "--") {
            if (rest[k] == "-f" || rest[k] == "--file") from_file = true;
            k += (rest[k] == "-F" || rest[k] == "-v" || rest[k] == "-f" || rest[k] == "--file" || rest[k] == "-e") ? 2 : 1;
        }
        if (k < rest.size() && rest[k] == "--") ++k;
        if (from_file) {
            out.add(kUnknown, name + " runs a program file");
            return;
        }
        const std::string program = k < rest.size() ? rest[k] : "";
        std::string compact;
        for (char c : program)
            if (c != ' ' && c != '\t') compact += c;
        bool runs = false;
        for (size_t p = compact.find("system("); p != std::string::npos; p = compact.find("system(", p + 1))
            if (p == 0 || !is_name_char(compact[p - 1])) runs = true;
        if (compact.find("|\"") != std::string::npos || compact.find("|getline") != std::string::npos || compact.find("|&") != std::string::npos) runs = true;
        if (runs) {
            out.add(kDestructive, name + " program runs shell commands (system or a pipe)");
            for (auto& text : string_literals(program)) {
                Assessment inner;
                assess_line(text, inner, depth + 1);
                if (inner.flags & (kDestructive | kNeedsRoot | kModifiesFiles)) out.merge(inner, kDestructive | kNeedsRoot | kModifiesFiles, "it runs: ");
            }
        } else if (compact.find(">\"") != std::string::npos) {
            out.add(kModifiesFiles, name + " program writes files (print > \"file\")");
        } else {
            out.add(kReadOnly, "");
            for (size_t j = k + 1; j < rest.size(); ++j)
                if (is_secret_file(rest[j])) out.add(kNeedsRoot, "reading " + rest[j] + " needs root");
        }
        return;
    }
    if (name == "badblocks" && has_flag(rest, 'w')) {
        out.add(kDestructive | kNeedsRoot, "badblocks -w overwrites every block of the device");
        return;
    }
    if (name == "lvremove" || name == "vgremove" || name == "pvremove" || name == "cryptsetup" || name == "zpool" || name == "zfs") {
        const std::string verb = ops.empty() ? "" : ops[0];
        if (name == "lvremove" || name == "vgremove" || name == "pvremove" || verb == "destroy" || verb == "luksFormat" || verb == "erase" ||
            verb == "luksErase")
            out.add(kDestructive | kNeedsRoot, name + (name == "cryptsetup" || name == "zpool" || name == "zfs" ? " " + verb : "") + " destroys a volume and its data");
        else if (verb == "list" || verb == "status" || verb == "get" || verb == "iostat" || verb == "status" || verb == "luksDump" || verb == "history")
            out.add(kReadOnly | kNeedsRoot, "");
        else out.add(kModifiesFiles | kNeedsRoot, name + " changes storage volumes");
        return;
    }
    // tools that read, unless one option makes them change something
    if (name == "fuser") {
        if (has_flag(rest, 'k')) out.add(kDestructive, "fuser -k kills the processes using the file or port");
        else out.add(kReadOnly, "");
        return;
    }
    if (name == "dmesg") {
        if (has_flag(rest, 'c') || has_flag(rest, 'C') || has_arg(rest, "--clear") || has_arg(rest, "--read-clear"))
            out.add(kModifiesFiles | kNeedsRoot, "dmesg -c clears the kernel's message buffer");
        else out.add(kReadOnly, "");
        return;
    }
    if ((name == "tune2fs" && has_flag(rest, 'l') && rest.size() == 2) || (name == "blockdev" && !rest.empty() && rest[0].rfind("--get", 0) == 0) ||
        (name == "losetup" && (rest.empty() || has_flag(rest, 'a') || has_flag(rest, 'l'))) ||
        (name == "chage" && has_flag(rest, 'l')) || (name == "ssh-add" && (has_flag(rest, 'l') || has_flag(rest, 'L'))) ||
        (name == "ssh-keygen" && has_flag(rest, 'l') && !has_flag(rest, 'R')) || (name == "iconv" && has_flag(rest, 'l')) ||
        (name == "openssl" && !ops.empty() && ops[0] == "x509" && has_arg(rest, "-noout")) ||
        ((name == "tmux" || name == "screen") && (has_arg(rest, "ls") || has_arg(rest, "-ls") || has_arg(rest, "list-sessions"))) ||
        ((name == "resolvectl" || name == "networkctl" || name == "udevadm" || name == "coredumpctl" || name == "systemd-analyze") &&
         (ops.empty() || ops[0] == "status" || ops[0] == "query" || ops[0] == "info" || ops[0] == "list" || ops[0] == "monitor" ||
          ops[0] == "blame" || ops[0] == "time" || ops[0] == "critical-chain" || ops[0] == "statistics")) ||
        (name == "alias" && rest.empty())) {
        out.add(kReadOnly, "");
        return;
    }
    if (read_only_commands().count(name)) {
        out.add(kReadOnly, "");
        for (auto& t : ops)
            if (is_secret_file(t)) out.add(kNeedsRoot, "reading " + t + " needs root");
        return;
    }
    out.add(kUnknown, "no rule for '" + name + "'");
}

// ---------------------------------------------------------------------------
// One command: wrappers and shells are looked through to what finally runs.

void assess_command(const std::vector<Word>& w, const Stdin& in, Assessment& out, int depth, const Vars& vars) {
    if (depth > kMaxDepth) {
        out.add(kUnknown, "commands nested too deeply to read");
        return;
    }
    // NAME=value before the command, and the shell's own words that only introduce one
    static const std::set<std::string> openers = {"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi", "done", "esac"};
    static const std::set<std::string> headers = {"for", "select", "case", "function", "in"};  // the rest of the segment is not a command
    size_t i = 0;
    while (i < w.size() && (is_assignment(w[i]) || (!w[i].quoted && !w[i].dynamic && openers.count(w[i].text)))) ++i;
    if (i >= w.size()) return;
    if (!w[i].quoted && !w[i].dynamic && headers.count(w[i].text)) return;
    if (w[i].dynamic) return assess_computed_name(w, i, in, out, depth, vars);

    const std::string name = basename_of(w[i].text);
    const std::vector<Word> args(w.begin() + i + 1, w.end());
    const Args rest = texts(args);
    auto run_rest = [&](size_t from, const Stdin& input) {
        assess_command(std::vector<Word>(args.begin() + std::min(from, args.size()), args.end()), input, out, depth + 1, vars);
    };

    if (name == "sudo" || name == "doas" || name == "pkexec" || name == "run0") {
        out.add(kNeedsRoot, name + " runs the command as root");
        const size_t k = skip_options(args, 0, wrappers().at(name));
        if (k < args.size()) return run_rest(k, in);
        if (has_flag(rest, 's') || has_flag(rest, 'i') || has_arg(rest, "--shell") || has_arg(rest, "--login") || name == "run0")
            out.add(kUnknown, name + " opens a root shell");
        return;
    }
    if (name == "su") {
        out.add(kNeedsRoot, "su runs the command as root");
        for (size_t k = 0; k < args.size(); ++k) {
            if ((rest[k] == "-c" || rest[k] == "--command") && k + 1 < args.size()) return assess_shell_string("su -c", {args[k + 1]}, out, depth, vars);
            if (starts_with(rest[k], "--command=")) {
                Word code = args[k];
                code.text = rest[k].substr(10);
                return assess_shell_string("su -c", {code}, out, depth, vars);
            }
        }
        out.add(kUnknown, "su opens a root shell");
        return;
    }
    if (name == "watch") {  // watch runs its arguments with sh -c, or directly with -x
        static const std::set<std::string> valued = {"-n", "--interval", "-q", "--equexit"};
        const size_t k = skip_options(args, 0, valued);
        if (k >= args.size()) return;
        if (has_flag(Args(rest.begin(), rest.begin() + k), 'x') || has_arg(rest, "--exec")) return run_rest(k, Stdin());
        return assess_shell_string("watch", std::vector<Word>(args.begin() + k, args.end()), out, depth, vars);
    }
    if (name == "env") {
        for (size_t k = 0; k < args.size() && rest[k].size() > 1 && rest[k][0] == '-'; ++k)
            if (rest[k] == "-S" || rest[k] == "--split-string" || starts_with(rest[k], "--split-string=") || (starts_with(rest[k], "-S") && rest[k].size() > 2)) {
                // env -S 'cmd args': the string is split into words and run, with what follows it
                std::vector<Word> code(args.begin() + std::min(k + (rest[k] == "-S" || rest[k] == "--split-string" ? 1 : 0), args.size()), args.end());
                if (!code.empty() && rest[k] != "-S" && rest[k] != "--split-string") code[0].text = rest[k].substr(rest[k][1] == 'S' ? 2 : 15);
                return assess_shell_string("env -S", code, out, depth, vars);
            }
    }
    auto wrapper = wrappers().find(name);
    if (wrapper != wrappers().end() && name != "busybox") {
        if (name == "command" && (has_flag(rest, 'v') || has_flag(rest, 'V'))) return out.add(kReadOnly, "");
        size_t k = skip_options(args, 0, wrapper->second);
        if (name == "timeout" && k < args.size()) ++k;  // the duration
        while (name == "env" && k < args.size() && rest[k].find('=') != std::string::npos) ++k;
        if (k >= args.size()) return out.add(kReadOnly, "");  // xargs alone runs echo; env alone prints the environment
        Stdin input = in;
        if (name == "xargs") input.to_args = true;
        return run_rest(k, input);
    }
    if (name == "busybox") {  // busybox APPLET ARGS
        if (args.empty() || rest[0][0] == '-') return out.add(kReadOnly, "");
        return run_rest(0, in);
    }
    if (name == "eval") return assess_shell_string("eval", args, out, depth, vars);
    if (name == "trap") {  // trap 'CODE' SIGNALS: the code runs later, in this shell
        if (args.empty() || rest[0] == "-l" || rest[0] == "-p" || rest[0] == "-" || args.size() == 1) return out.add(kReadOnly, "");
        return assess_shell_string("trap", {args[0]}, out, depth, vars);
    }
    if (name == "source" || name == ".") {
        if (args.empty()) return out.add(kUnknown, name + " needs a script");
        const std::string t = taint_of(args[0], depth, &vars);
        if (!t.empty()) return out.add(kDestructive | kUnknown, name + " runs " + t + " in this shell: runs code nobody has read");
        if ((rest[0] == "/dev/stdin" || rest[0] == "-") && !in.taint.empty())
            return out.add(kDestructive | kUnknown, "pipes " + in.taint + " straight into " + name + ": runs code nobody has read");
        for (auto& s : args[0].subs) {
            std::string text;
            if (s.process && static_output(s.body, text)) return assess_line(text, out, depth + 1);
        }
        return out.add(kUnknown, name + " runs the script " + rest[0] + " in this shell");
    }
    const std::string lang = runner_language(name);
    if (!lang.empty()) return assess_runner(name, lang, args, in, out, depth, vars);
    if (name == "ssh") {
        // ssh [options] host [command...]: options taking a value are skipped
        static const std::set<std::string> with_value = {"-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-b", "-c", "-e", "-m", "-S", "-W", "-w"};
        size_t k = 0;
        while (k < rest.size() && rest[k].size() > 1 && rest[k][0] == '-') k += with_value.count(rest[k]) ? 2 : 1;
        if (k + 1 < args.size()) return assess_shell_string("ssh", std::vector<Word>(args.begin() + k + 1, args.end()), out, depth, vars, "on the remote host: ");
        return out.add(kUnknown, "ssh opens a remote shell; what happens there is up to you");
    }
    if (name == "git") return assess_git(rest, out);
    if (name == "docker" || name == "podman" || name == "nerdctl") return assess_containers(name, rest, out);
    assess_rules(name, args, out, depth, vars);
}

// ---------------------------------------------------------------------------
// A command line: every command in it is labelled, and the report is their union.

void record_assignments(const std::vector<Word>& w, Vars& vars, int depth) {
    size_t i = 0;
    while (i < w.size() && is_assignment(w[i])) ++i;
    static const std::set<std::string> declaring = {"export", "declare", "typeset", "local", "readonly"};
    if (i < w.size() && !(declaring.count(w[i].text) && !w[i].quoted)) return;  // NAME=value cmd: only for cmd
    for (auto& x : w) {
        if (!is_assignment(x)) continue;
        const size_t eq = x.text.find('=');
        std::string name = x.text.substr(0, eq);
        if (!name.empty() && name.back() == '+') name.pop_back();
        std::string value;
        Word rhs = x;
        rhs.parts.front().text = rhs.parts.front().text.substr(rhs.parts.front().text.find('=') + 1);
        const std::string taint = taint_of(rhs, depth, &vars);  // x=$(curl ...): running "$x" runs the download
        if (!taint.empty()) vars["taint:" + name] = taint;
        else vars.erase("taint:" + name);
        if (resolve(rhs, vars, value)) vars[name] = value;
        else vars.erase(name);
    }
}

void assess_redirects(const Segment& seg, Assessment& one) {
    for (auto& [op, word] : seg.redirects) {
        const std::string& target = word.text;
        if (op == "<" || op == "<<" || op == "<<-" || op == "<<<" || op == "<&") continue;
        if ((op == ">&" || op == "<>") && (target == "-" || target.find_first_not_of("0123456789") == std::string::npos)) continue;  // 2>&1
        if (is_harmless_sink(target) || target.empty()) continue;
        if (is_disk_device(target)) {
            one.add(kDestructive | kNeedsRoot, "redirect overwrites the disk device " + target);
        } else if (op == ">>" || op == "&>>") {
            one.add(kModifiesFiles, "appends to " + target);
            if (is_system_path(target)) one.add(kNeedsRoot, "writing " + target + " needs root");
        } else {
            one.add(kModifiesFiles, "overwrites " + target);
            if (is_system_path(target)) one.add(kDestructive | kNeedsRoot, "> " + target + " truncates a system file");
        }
        one.flags &= ~unsigned(kReadOnly);
    }
}

void assess_segments(const std::vector<Segment>& segs, Assessment& out, int depth) {
    Vars vars;
    std::string taint;  // what the pipeline so far carries: a download, decoded text
    bool known = false; // the previous command's output is known exactly...
    std::string printed;  // ...and is this
    for (const Segment& seg : segs) {
        if (!seg.broken.empty()) out.add(kUnknown, "a shell cannot read this: " + seg.broken);
        if (seg.words.empty() && seg.redirects.empty()) continue;  // e.g. between ) and |
        if (!seg.piped) {
            taint.clear();
            known = false;
        }
        // commands in substitutions run too
        for (auto& w : seg.words)
            for (auto& s : w.subs) assess_line(s.body, out, depth + 1);
        for (auto& r : seg.redirects)
            for (auto& s : r.target.subs) assess_line(s.body, out, depth + 1);

        Stdin in;
        if (seg.piped) {
            in.taint = taint;
            in.literal = known;
            in.text = printed;
            in.source = "the command before it";
        }
        for (auto& r : seg.redirects) {
            if (r.op == "<") {
                in = Stdin();
                in.taint = taint_of(r.target, depth, &vars);
                in.source = r.target.text;
            } else if (r.op == "<<<" || r.op == "<<" || r.op == "<<-") {
                in = Stdin();
                in.taint = taint_of(r.target, depth, &vars);
                in.literal = true;
                in.text = r.target.text;
                in.source = "a here-document";
            }
        }
        Assessment one;
        if (!seg.words.empty()) assess_command(seg.words, in, one, depth, vars);
        record_assignments(seg.words, vars, depth);
        assess_redirects(seg, one);
        out.merge(one);

        // what flows on to the next command of a pipeline
        known = static_output(std::vector<Word>(seg.words.begin() + std::min(peel(seg.words), seg.words.size()), seg.words.end()), printed);
        if (known) {
            taint.clear();
        } else if (taint.empty()) {
            taint = produces(seg.words, depth);
            const size_t k = peel(seg.words);  // echo "$x" where x holds a download
            if (taint.empty() && k < seg.words.size() && (seg.words[k].text == "echo" || seg.words[k].text == "printf"))
                for (size_t j = k + 1; j < seg.words.size() && taint.empty(); ++j) taint = taint_of(seg.words[j], depth, &vars);
        }
    }
}

// :(){ :|:& };:  and  bomb(){ bomb|bomb& };bomb
bool is_fork_bomb(const std::string& command) {
    std::string s;
    for (char c : command)
        if (c != ' ' && c != '\t') s += c;
    auto def = s.find("(){");
    if (def == std::string::npos || def == 0) return false;
    size_t start = def;
    while (start > 0 && s[start - 1] != ';' && s[start - 1] != '&' && s[start - 1] != '|' && s[start - 1] != '\n') --start;
    const std::string name = s.substr(start, def - start);
    return s.find(name + "|" + name + "&", def) != std::string::npos;
}

void assess_line(const std::string& text, Assessment& out, int depth) {
    if (depth > kMaxDepth) {
        out.add(kUnknown, "commands nested too deeply to read");
        return;
    }
    if (is_fork_bomb(text)) {
        out.add(kDestructive, "fork bomb: spawns processes until the system stops responding");
        return;
    }
    assess_segments(parse_line(text), out, depth);
}

}  // namespace

RiskReport assess_risk(const std::string& command) {
    Assessment a;
    assess_line(command, a, 0);
    RiskReport r;
    r.flags = a.flags;
    r.reasons = a.reasons;
    // read-only only when nothing writes, destroys or is unknown
    if (r.flags & (kModifiesFiles | kDestructive | kUnknown)) r.flags &= ~unsigned(kReadOnly);
    else if (r.flags == 0 || r.flags == kNeedsRoot) r.flags |= kReadOnly;
    if (command.find_first_not_of(" \t\n") == std::string::npos) {
        r.flags = kUnknown;
        r.reasons = {"empty command"};
    }
    return r;
}

// ============================================================ the decoder's guard

bool destroys_anyway(const std::string& token) {
    static const std::set<std::string> tokens = {
        // (fdisk, parted and dd also list or copy: their arguments decide)
        "rm",       "rmdir",   "shred",   "wipefs",  "mkfs",     "mkswap", "kill",     "pkill",   "killall", "shutdown",
        "reboot",   "poweroff", "halt",   "userdel", "groupdel", "deluser", "delgroup", "truncate", "atrm",   "-delete",
        "unlink",   "remove",  "purge",   "autoremove",  // these three: apt, snap, flatpak
        "--delete", "--hard", "--vacuum-size", "--vacuum-time"};  // rsync's deletions, git reset --hard, journal vacuuming
    return tokens.count(token) > 0 || starts_with(token, "mkfs.");
}

const std::vector<std::pair<std::string, std::string>>& destroying_options() {
    static const std::vector<std::pair<std::string, std::string>> pairs = {
        {"crontab", "-r"}, {"crontab", "-ir"}, {"dpkg", "-r"}, {"dpkg", "-P"}, {"dpkg", "--remove"}, {"dpkg", "--purge"},
        // uncommitted work and untracked files are lost for good
        {"git", "restore"}, {"git", "clean"},
        // ip's objects: flushing or deleting addresses, routes and neighbours cuts the network
        {"addr", "flush"}, {"addr", "del"}, {"route", "flush"}, {"route", "del"}, {"neigh", "flush"}, {"neigh", "del"},
        {"link", "delete"}, {"link", "del"},
        // the machine stops: the labeller's stopping verbs that are not destructive tokens on their own
        {"systemctl", "suspend"}, {"systemctl", "hibernate"}, {"systemctl", "hybrid-sleep"},
        {"systemctl", "suspend-then-hibernate"}, {"systemctl", "kexec"}, {"systemctl", "emergency"}, {"systemctl", "rescue"}};
    return pairs;
}


bool asks_for_destruction(const std::vector<std::string>& words) {
    static const std::set<std::string> asking = {
        "delete",  "deleting", "deletes",  "deleted",   "del",      "remove",   "removing", "removes", "removed",
        "erase",   "erasing",  "wipe",     "wiping",    "destroy",  "kill",     "killing",  "kills",   "terminate",
        "terminating", "stop", "stopping", "end",       "quit",     "abort",    "cancel",   "close",   "shutdown",
        "shut",    "reboot",   "rebooting", "restart",  "restarting", "poweroff", "power",  "off",     "halt",
        "format",  "formatting", "purge",  "uninstall", "drop",     "shred",    "truncate", "clear",   "clean",
        "cleanup", "prune",    "rid",      "trash",     "nuke",     "discard",  "reset",    "vacuum",  "mirror",
        "zap",     "unlink",   "wipeout",  "obliterate", "annihilate", "eliminate", "dispose",
        // misspelt, and too short for the fuzzy match below
        "kil",     "kll",
        // throwing away uncommitted changes (git restore, git reset --hard)
        "undo",    "revert",   "restore",  "restoring", "throw",    "overwrite",
        // signals that pause, resume or reload a process are sent with kill
        "freeze",  "pause",    "unpause",  "resume",    "suspend",  "signal",   "sigterm",  "sigkill", "sighup",
        "hup",     "interrupt",
        // putting the machine to sleep stops it too (systemctl suspend, hibernate)
        "suspending", "sleep", "standby", "hibernate", "hibernating", "hibernation",
        // a request to put a filesystem on a device asks for mkfs
        "filesystem", "ext2",  "ext3",     "ext4",      "xfs",      "btrfs",    "vfat",     "fat32",   "ntfs",
        "exfat",   "swap"};
    // "I don't want to kill it": a word after a negation close before it does not ask
    static const std::set<std::string> negations = {"not", "never", "without", "no", "dont", "nothing"};
    auto asks = [&](const std::string& w) {
        if (asking.count(w) || destroys_anyway(w)) return true;
        if (w.size() < 4) return false;  // short words are too near too many others
        for (auto& a : asking)
            if (a.size() >= 5 && typo_of(w, a)) return true;
        for (const char* p : {"rmdir", "pkill", "killall", "shred", "userdel", "reboot", "shutdown", "poweroff"})
            if (typo_of(w, p)) return true;
        return false;
    };
    // "delete blank lines", "remove the trailing spaces": what a removal verb takes away is
    // part of a file's text, an edit (sed, tr, uniq), not a file, process or disk. The
    // first word after the verb that says what goes decides; "remove text files",
    // "delete duplicates in ~/Downloads" and "remove all entries" (the whole table) still ask.
    static const std::set<std::string> removing = {"delete", "deleting", "deletes", "del",   "remove", "removing", "removes",
                                                   "erase",  "erasing",  "clear",   "drop",  "strip",  "trim",     "eliminate",
                                                   "discard", "rid"};
    static const std::set<std::string> text_nouns = {
        "line",  "lines",  "row",   "rows",  "column", "columns", "field", "fields", "word", "words", "character", "characters",
        "char",  "chars",  "letter", "letters", "space", "spaces", "whitespace", "tab", "tabs", "newline", "newlines",
        "comment", "comments", "duplicates", "dupes", "string", "strings", "prefix", "suffix", "extension", "headers",
        "entry", "entries", "quote", "quotes", "punctuation", "digits"};
    // words that describe what follows ("text files", "duplicate lines"): they decide nothing
    static const std::set<std::string> text_modifiers = {"text", "duplicate", "trailing", "leading", "header", "blank", "empty"};
    static const std::set<std::string> things = {
        "file",  "files",  "folder", "folders", "directory", "directories", "dir", "dirs", "logs", "documents", "everything",
        "disk",  "disks",  "partition", "partitions", "process", "processes", "job", "jobs", "pid", "pids", "images", "photos",
        "pictures", "backups", "packages", "package", "containers", "users", "user", "accounts", "account", "crontab"};
    auto names_place = [](const std::string& w) { return w.rfind("<path", 0) == 0 || w.rfind("<glob", 0) == 0; };
    auto edits_text = [&](size_t i) {
        if (!removing.count(words[i])) return false;
        const size_t end = std::min(words.size(), i + 5);
        for (size_t j = i + 1; j < end; ++j) {
            const std::string& w = words[j];
            if (things.count(w) || names_place(w) || w.rfind("<file", 0) == 0) return false;
            if (text_modifiers.count(w) || !text_nouns.count(w)) continue;
            // a text noun: unless it is every entry of a table, or what holds it is a folder
            // ("duplicates in ~/Downloads"); lines come from files, so a file does not count
            if ((w == "entries" || w == "entry") && j > i + 1 && (words[j - 1] == "all" || words[j - 1] == "every")) return false;
            static const std::set<std::string> folders = {"folder", "folders", "directory", "directories", "dir", "dirs"};
            static const std::set<std::string> within = {"in", "under", "inside", "within", "across", "throughout"};
            for (size_t k = j + 1; k < end + 2 && k < words.size(); ++k)
                if (folders.count(words[k]) || words[k].rfind("<glob", 0) == 0 ||
                    (words[k].rfind("<path", 0) == 0 && within.count(words[k - 1])))
                    return false;
            return true;
        }
        return false;
    };
    // "at the end of each line", "in long format": the noun, not the verb; "names that
    // end with .log": how a name ends, nothing that is ended
    auto said_as_noun = [&](size_t i) {
        // "in JSON format", "the ISO 8601 format": format is a verb only before what it
        // formats ("format /dev/sdb", "format the usb stick", "format it")
        if (words[i] == "format" || words[i] == "formatting") {
            static const std::set<std::string> formatted = {"the", "a", "an", "my", "this", "that", "it", "your", "our",
                                                            "disk", "disks", "drive", "drives", "partition", "partitions",
                                                            "usb", "stick", "card", "sd", "device", "volume", "as", "with", "to"};
            return !(i + 1 < words.size() && (formatted.count(words[i + 1]) || words[i + 1].rfind("<path", 0) == 0 ||
                                              words[i + 1].rfind("<file", 0) == 0));
        }
        static const std::set<std::string> nouns = {"end", "ends", "format", "formats"};
        static const std::set<std::string> before = {"the", "a", "an", "each", "every", "its", "their", "either", "in", "at", "of"};
        if (!nouns.count(words[i])) return false;
        if (i + 1 < words.size() && words[i + 1] == "of") return true;
        if (i + 1 < words.size() && (words[i + 1] == "with" || words[i + 1] == "in") && words[i].rfind("end", 0) == 0) return true;
        for (size_t k = i >= 2 ? i - 2 : 0; k < i; ++k)
            if (before.count(words[k])) return true;
        return false;
    };
    // "mount all filesystems", "show ext4 partitions": a filesystem's name asks for mkfs
    // only where nothing in the request reads, checks or mounts one
    static const std::set<std::string> filesystems = {"filesystem", "filesystems", "ext2", "ext3", "ext4", "xfs", "btrfs",
                                                      "vfat", "fat32", "ntfs", "exfat"};
    static const std::set<std::string> using_one = {"mount",   "mounts",  "mounted", "mounting", "unmount", "umount", "show",
                                                    "list",    "display", "print",   "check",    "checking", "repair", "usage",
                                                    "space",   "free",    "used",    "resize"};
    const bool uses_filesystem = std::any_of(words.begin(), words.end(), [&](const std::string& w) { return using_one.count(w) > 0; });
    // "search the root filesystem", "across the entire filesystem": the word names a place to
    // look; a new one is asked for with an article or a making verb before it ("put a
    // filesystem on", "create an xfs filesystem") or a device after it ("filesystem on /dev/sdb")
    auto names_filesystem_as_place = [&](size_t i) {
        if (words[i] != "filesystem" && words[i] != "filesystems" && !one_edit_apart(words[i], "filesystem")) return false;
        static const std::set<std::string> making = {"a", "an", "new", "fresh", "make", "create", "put", "build",
                                                     "initialise", "initialize", "mkfs"};
        for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k)
            if (making.count(words[k])) return false;
        if (i + 2 < words.size() && words[i + 1] == "on" && words[i + 2].rfind("<path", 0) == 0) return false;
        return true;
    };
    // "restart the ssh server", "restart the web service": a named server or a
    // service is restarted by its service manager; only the machine itself
    // ("restart the server", "restart this machine") is rebooted
    auto restarts_a_service = [&](size_t i) {
        if (words[i] != "restart" && words[i] != "restarting") return false;
        static const std::set<std::string> determiners = {"the", "my", "our", "this", "that", "a", "an", "its", "your"};
        static const std::set<std::string> services = {"service", "services", "daemon", "daemons", "unit", "units"};
        size_t j = i + 1;
        while (j < words.size() && determiners.count(words[j])) ++j;
        for (size_t k = j; k < words.size() && k < j + 3; ++k) {
            if (services.count(words[k])) return true;
            if ((words[k] == "server" || words[k] == "servers") && k > j) return true;  // a word names which server
        }
        return false;
    };
    // "remove bob from the docker group": a membership ends, the account stays
    auto leaves_a_group = [&](size_t i) {
        if (!removing.count(words[i])) return false;
        for (size_t j = i + 1; j < words.size() && j < i + 6; ++j) {
            if (words[j] != "from" && words[j] != "of") continue;
            for (size_t k = j + 1; k < words.size() && k < j + 5; ++k)
                if (words[k] == "group" || words[k] == "groups") return true;
            return false;
        }
        return false;
    };
    // "swap foo for bar in config.ini", "swap tabs with spaces": one text for another, not swap space
    auto swaps_text = [&](size_t i) {
        if (words[i] != "swap") return false;
        static const std::set<std::string> swap_space = {"file", "files", "space", "partition", "partitions", "area", "on", "off"};
        static const std::set<std::string> making = {"a", "an", "the", "new", "make", "create", "set", "up", "enable", "add", "as", "to"};
        if ((i + 1 < words.size() && swap_space.count(words[i + 1])) || (i > 0 && making.count(words[i - 1]))) return false;
        for (size_t j = i + 2; j < words.size() && j < i + 5; ++j)
            if ((words[j] == "for" || words[j] == "with") && j + 1 < words.size()) return true;
        return false;
    };
    for (size_t i = 0; i < words.size(); ++i) {
        if (!asks(words[i]) || said_as_noun(i) || restarts_a_service(i) || leaves_a_group(i) || names_filesystem_as_place(i) ||
            swaps_text(i))
            continue;
        if (uses_filesystem && (filesystems.count(words[i]) || one_edit_apart(words[i], "filesystem"))) continue;
        bool negated = false;
        for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) negated |= negations.count(words[k]) > 0;
        if (!negated && !edits_text(i)) return true;
    }
    return false;
}

}  // namespace cmdseq
