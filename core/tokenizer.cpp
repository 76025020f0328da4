#include "tokenizer.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>

#include "errors.h"

namespace cmdseq {

const char* slot_kind_name(SlotKind kind) {
    switch (kind) {
        case SlotKind::Path: return "path";
        case SlotKind::File: return "file";
        case SlotKind::Glob: return "glob";
        case SlotKind::Url: return "url";
        case SlotKind::Address: return "addr";
        case SlotKind::Remote: return "remote";
        case SlotKind::Ip: return "ip";
        case SlotKind::Ip6: return "ipv6";
        case SlotKind::Host: return "host";
        case SlotKind::Number: return "num";
        case SlotKind::Size: return "size";
        case SlotKind::Quoted: return "str";
    }
    return "?";
}

bool is_placeholder(const std::string& t) {
    if (t.size() < 4 || t.front() != '<' || t.back() != '>') return false;
    size_t i = 1;
    while (i < t.size() - 1 && std::islower(static_cast<unsigned char>(t[i]))) ++i;
    if (i == 1) return false;
    size_t digits = i;
    while (i < t.size() - 1 && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    return digits < i && i == t.size() - 1;
}

// ============================================================ classification

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// "8080" within [lo, hi]
bool digits_in_range(const std::string& s, long lo, long hi) {
    if (!all_digits(s) || s.size() > 5) return false;
    long v = std::stol(s);
    return v >= lo && v <= hi;
}

bool is_ipv4_core(const std::string& s) {
    auto parts = split(s, '.');
    if (parts.size() != 4) return false;
    for (auto& p : parts)
        if (p.size() > 3 || !digits_in_range(p, 0, 255)) return false;
    return true;
}

// 10.0.0.7, 10.0.0.0/8, 10.0.0.7:8080
bool is_ipv4(const std::string& s) {
    auto slash = s.find('/');
    if (slash != std::string::npos)
        return is_ipv4_core(s.substr(0, slash)) && digits_in_range(s.substr(slash + 1), 0, 32);
    auto colon = s.find(':');
    if (colon != std::string::npos)
        return is_ipv4_core(s.substr(0, colon)) && digits_in_range(s.substr(colon + 1), 0, 65535);
    return is_ipv4_core(s);
}

// fe80::1, ::1, 2001:db8::/32 (at most one "::", at most 8 groups of 1-4 hex digits)
bool is_ipv6(const std::string& s) {
    std::string core = s;
    auto slash = s.find('/');
    if (slash != std::string::npos) {
        if (!digits_in_range(s.substr(slash + 1), 0, 128)) return false;
        core = s.substr(0, slash);
    }
    if (std::count(core.begin(), core.end(), ':') < 2) return false;
    auto dbl = core.find("::");
    if (dbl != std::string::npos && core.find("::", dbl + 1) != std::string::npos) return false;
    int groups = 0;
    for (auto& g : split(core, ':')) {
        if (g.empty()) continue;
        if (g.size() > 4 || !std::all_of(g.begin(), g.end(), is_hex)) return false;
        ++groups;
    }
    return dbl != std::string::npos ? groups < 8 : groups == 8;
}

const std::set<std::string>& file_extensions() {
    static const std::set<std::string> exts = {
        "txt", "log", "md", "rst", "csv", "tsv", "json", "yaml", "yml", "xml", "html", "htm", "css",
        "js", "ts", "py", "sh", "bash", "zsh", "c", "h", "cc", "cpp", "hpp", "rs", "go", "java", "rb",
        "pl", "php", "lua", "sql", "db", "sqlite", "conf", "cfg", "ini", "toml", "env", "lock", "pid",
        "sock", "tar", "gz", "tgz", "bz2", "xz", "zst", "zip", "7z", "rar", "iso", "img", "bin", "deb",
        "rpm", "pdf", "png", "jpg", "jpeg", "gif", "svg", "webp", "mp3", "mp4", "mkv", "wav", "ogg",
        "bak", "old", "tmp", "swp", "out", "o", "a", "so", "pem", "key", "crt", "csr", "pub", "service",
        "timer", "socket", "mount", "desktop", "list", "repo", "patch", "diff", "doc", "docx", "xls",
        "xlsx", "ppt", "odt", "ods", "qcow2", "vmdk", "raw", "exe", "apk", "jar", "war", "whl", "gpg",
        "asc", "sig", "crl", "p12", "pfx", "kdbx", "ovpn", "rules", "cron", "awk", "sed", "vim", "tex",
        "dat", "cache", "gpx", "dump", "journal", "d"};
    return exts;
}

const std::set<std::string>& host_suffixes() {
    static const std::set<std::string> tlds = {
        "com", "org", "net", "io", "dev", "edu", "gov", "mil", "int", "info", "biz", "app", "cloud",
        "local", "lan", "internal", "intranet", "corp", "home", "localdomain", "example", "test",
        "invalid", "co", "uk", "de", "fr", "nl", "eu", "us", "ca", "au", "jp", "cn", "ru", "br", "in",
        "it", "es", "ch", "se", "no", "fi", "dk", "pl", "at", "be", "cz", "ie", "nz", "za", "kr", "tw",
        "me", "tv", "ai", "xyz", "site", "online", "tech", "arpa"};
    return tlds;
}

bool is_host_label(const std::string& l) {
    if (l.empty() || l.size() > 63 || l.front() == '-' || l.back() == '-') return false;
    return std::all_of(l.begin(), l.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

bool is_hostname(const std::string& s) {
    auto labels = split(s, '.');
    if (labels.size() < 2) return false;
    for (auto& l : labels)
        if (!is_host_label(l)) return false;
    const std::string& last = labels.back();
    return last.size() >= 2 && std::all_of(last.begin(), last.end(), is_alpha);
}

bool is_path_char(char c) {
    return is_alnum(c) || std::strchr("/._-~+@%=,:", c) != nullptr ||
           static_cast<unsigned char>(c) >= 0x80;
}

// Words with a slash that are not paths.
const std::set<std::string>& slash_words() {
    static const std::set<std::string> w = {"and/or", "tcp/udp", "udp/tcp", "read/write", "on/off",
                                            "yes/no", "i/o", "input/output", "r/w", "y/n",
                                            "start/stop", "enable/disable", "up/down", "kb/s",
                                            "mb/s", "gb/s", "b/s", "w/", "w/o"};
    return w;
}

// "files/directories", "user/group", "start/stop/restart", "shutdown/reboot": nouns or
// verbs of prose joined by a slash, read as words
bool joins_prose_nouns(const std::string& s) {
    static const std::set<std::string> nouns = {
        "file", "files", "folder", "folders", "directory", "directories", "dir", "dirs", "link", "links",
        "symlink", "symlinks", "user", "users", "group", "groups", "owner", "owners", "name", "names",
        "size", "sizes", "date", "time", "host", "hosts", "port", "ports", "process", "processes",
        "permission", "permissions", "read", "write", "execute", "device", "devices", "disk", "disks",
        // the verbs a request lists as alternatives
        "start", "stop", "restart", "reload", "enable", "disable", "status", "show", "hide", "add", "remove",
        "create", "delete", "open", "close", "mount", "unmount", "install", "uninstall", "upgrade", "update",
        "compress", "decompress", "extract", "upload", "download", "lock", "unlock", "suspend", "resume",
        "shutdown", "reboot", "poweroff", "halt", "copy", "move", "rename", "list", "view", "edit", "set", "get",
        "on", "off", "in", "out", "paste", "cut", "zip", "unzip", "kill",
        // and nouns of system talk
        "cpu", "memory", "ram", "ip", "tcp", "udp", "username", "password", "login", "logout",
        // and the adjectives said of files
        "regular", "normal", "hidden", "empty"};
    size_t start = 0, parts = 0;
    const std::string l = lower(s);
    while (start <= l.size()) {
        size_t slash = l.find('/', start);
        if (slash == std::string::npos) slash = l.size();
        if (!nouns.count(l.substr(start, slash - start))) return false;
        ++parts;
        start = slash + 1;
    }
    return parts > 1;
}

// "files/directories", "folder/file": kinds of filesystem entries joined by a slash
bool joins_entry_kinds(const std::string& s) {
    static const std::set<std::string> kinds = {"file", "files", "folder", "folders", "directory", "directories", "dir", "dirs"};
    const std::string l = lower(s);
    const size_t slash = l.find('/');
    return slash != std::string::npos && l.find('/', slash + 1) == std::string::npos && kinds.count(l.substr(0, slash)) &&
           kinds.count(l.substr(slash + 1)) && l.substr(0, slash) != l.substr(slash + 1);
}

// "HTML/XML/JSON", "TCP/IP", "B/KiB/MiB": acronyms or units joined by a slash are words
bool joins_acronyms(const std::string& s) {
    static const std::set<std::string> units = {"b", "k", "kb", "kib", "m", "mb", "mib", "g", "gb", "gib", "t", "tb", "tib"};
    size_t start = 0, parts = 0;
    while (start <= s.size()) {
        size_t slash = s.find('/', start);
        if (slash == std::string::npos) slash = s.size();
        const std::string part = s.substr(start, slash - start);
        const bool acronym = part.size() >= 2 && part.size() <= 5 &&
                             std::all_of(part.begin(), part.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!acronym && !units.count(lower(part))) return false;
        ++parts;
        start = slash + 1;
    }
    return parts > 1;
}

// "$file", "${HOME}/docs": a shell variable stands for a value
bool is_variable(const std::string& s) {
    if (s.size() < 2 || s[0] != '$') return false;
    size_t i = 1;
    const bool braced = s[1] == '{';
    if (braced) ++i;
    const size_t name = i;
    while (i < s.size() && (is_alnum(s[i]) || s[i] == '_')) ++i;
    if (i == name || is_digit(s[name])) return false;
    if (braced) {
        if (i >= s.size() || s[i] != '}') return false;
        ++i;
    }
    return i == s.size() || (s[i] == '/' && std::all_of(s.begin() + long(i), s.end(), [](char c) { return is_path_char(c) || c == '$'; }));
}

bool is_path(const std::string& s) {
    if (s == "~" || s == "." || s == "..") return true;
    if (is_variable(s)) return true;
    if (!std::all_of(s.begin(), s.end(), is_path_char)) return false;
    if (s[0] == '/' || s.rfind("~/", 0) == 0 || s.rfind("./", 0) == 0 || s.rfind("../", 0) == 0)
        return true;
    if (s.find('/') == std::string::npos) return false;
    if (slash_words().count(lower(s)) || joins_prose_nouns(s) || joins_acronyms(s)) return false;
    // "foo/bar": a relative path needs at least one non-slash character on each side of some slash
    return s.size() > 1 && s.find_first_not_of('/') != std::string::npos;
}

bool is_size(const std::string& s) {
    size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == 0) return false;
    if (i < s.size() && s[i] == '.') {
        size_t j = ++i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i == j) return false;
    }
    if (i >= s.size() || !std::strchr("kKmMgGtTpP", s[i])) return false;
    std::string unit = lower(s.substr(i + 1));
    return unit.empty() || unit == "b" || unit == "ib";
}

// The unit of a size written apart from its count, as find and du read it glued on.
const char* size_unit(const std::string& w) {
    static const std::map<std::string, const char*> units = {
        {"kb", "KB"}, {"kib", "KiB"}, {"kilobyte", "KB"}, {"kilobytes", "KB"},
        {"mb", "MB"}, {"mib", "MiB"}, {"megabyte", "MB"}, {"megabytes", "MB"}, {"megs", "MB"},
        {"gb", "GB"}, {"gib", "GiB"}, {"gigabyte", "GB"}, {"gigabytes", "GB"}, {"gigs", "GB"},
        {"tb", "TB"}, {"tib", "TiB"}, {"terabyte", "TB"}, {"terabytes", "TB"}};
    auto it = units.find(w);
    return it == units.end() ? nullptr : it->second;
}

bool is_number(const std::string& s) {
    size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    size_t start = i;
    bool dot = false;
    for (; i < s.size(); ++i) {
        if (s[i] == '.') {
            if (dot || i == start || i + 1 == s.size()) return false;
            dot = true;
        } else if (!is_digit(s[i])) {
            return false;
        }
    }
    return i > start;
}

// 1.2.3 (a version); not an IP and not a file
bool is_dotted_number(const std::string& s) {
    auto parts = split(s, '.');
    if (parts.size() < 2) return false;
    return std::all_of(parts.begin(), parts.end(), all_digits);
}

bool is_glob(const std::string& s) {
    if (s.find_first_of("*?") != std::string::npos) return s.size() > 1 || s == "*";
    auto open = s.find('[');
    return open != std::string::npos && s.find(']', open) != std::string::npos;
}

bool is_url(const std::string& s) {
    auto sep = s.find("://");
    if (sep != std::string::npos && sep > 0) {
        if (!is_alpha(s[0])) return false;
        for (size_t i = 0; i < sep; ++i)
            if (!is_alnum(s[i]) && !std::strchr("+.-", s[i])) return false;
        return sep + 3 < s.size();
    }
    return s.size() > 4 && lower(s.substr(0, 4)) == "www." && is_hostname(s.substr(0, s.find('/')));
}

bool is_user_part(const std::string& u) {
    return !u.empty() && std::all_of(u.begin(), u.end(), [](char c) {
        return is_alnum(c) || std::strchr("._%+-", c);
    });
}

bool is_host_part(const std::string& h) {
    if (h.empty()) return false;
    if (is_ipv4(h)) return true;
    if (h.front() == '[' && h.back() == ']') return is_ipv6(h.substr(1, h.size() - 2));
    auto labels = split(h, '.');
    return std::all_of(labels.begin(), labels.end(), is_host_label);
}

// bob@example.com, root@10.0.0.1
bool is_address(const std::string& s) {
    auto at = s.find('@');
    if (at == std::string::npos || s.find('@', at + 1) != std::string::npos) return false;
    return is_user_part(s.substr(0, at)) && is_host_part(s.substr(at + 1));
}

bool names_a_file(const std::string& path);

// db1:notes.txt: a file name with a known extension after a bare host name. Not "2:notes.txt"
// or "HEAD:main.py" (a count, a git revision), nor "python:3.11-slim" (an image's tag).
bool is_remote_file_name(const std::string& left, const std::string& path) {
    if (all_digits(left) || std::none_of(left.begin(), left.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return false;
    const size_t dot = path.rfind('.');
    return dot != std::string::npos && dot > 0 && file_extensions().count(lower(path.substr(dot + 1))) && names_a_file(path);
}

// user@host:/path, host:/path, host:file.txt (scp/rsync targets): a bare host name takes
// only a path that cannot be anything else (db1:/srv, db1:~/notes, db1:./logs, db1:notes.txt)
bool is_remote(const std::string& s) {
    auto colon = s.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    std::string left = s.substr(0, colon);
    std::string path = s.substr(colon + 1);
    if (path.find("//") == 0) return false;  // a URL
    bool left_ok = is_address(left) || (is_host_part(left) && (left.find('.') != std::string::npos ||
                                                                path.rfind("/", 0) == 0 || path.rfind("~", 0) == 0 ||
                                                                path.rfind("./", 0) == 0 || is_remote_file_name(left, path)));
    if (!left_ok) return false;
    if (path.empty()) return left.find('@') != std::string::npos;
    return std::all_of(path.begin(), path.end(), is_path_char) && !all_digits(path);
}

// example.com:443
bool is_host_with_port(const std::string& s) {
    auto colon = s.rfind(':');
    if (colon == std::string::npos) return false;
    return digits_in_range(s.substr(colon + 1), 1, 65535) &&
           (is_hostname(s.substr(0, colon)) || lower(s.substr(0, colon)) == "localhost");
}

// notes.txt, .bashrc, backup.tar.gz, or a host (example.com) when the suffix says so
bool classify_dotted(const std::string& s, SlotKind& kind) {
    static const std::set<std::string> not_names = {"e.g", "i.e", "a.k.a", "etc", "vs", "approx"};
    if (not_names.count(lower(s))) return false;
    if (!std::all_of(s.begin(), s.end(), [](char c) {
            return is_alnum(c) || std::strchr("._+-", c) || static_cast<unsigned char>(c) >= 0x80;
        }))
        return false;
    if (s.size() >= 2 && s[0] == '.' && s[1] != '.') {  // dotfile
        kind = SlotKind::File;
        return true;
    }
    auto dot = s.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == s.size()) return false;
    std::string ext = lower(s.substr(dot + 1));
    if (file_extensions().count(ext)) {
        kind = SlotKind::File;
        return true;
    }
    if (is_hostname(s) && (host_suffixes().count(ext) || std::count(s.begin(), s.end(), '.') >= 2)) {
        kind = SlotKind::Host;
        return true;
    }
    if (ext.size() <= 10 && std::any_of(ext.begin(), ext.end(), is_alpha)) {
        kind = SlotKind::File;
        return true;
    }
    return false;
}

// ".log", ".py": a bare extension of a common file type names the files of that
// type ("all .log files", "ending in .py"), a glob *.log. Dotfiles (.bashrc, .env)
// stay names.
bool is_bare_extension(const std::string& s) {
    static const std::set<std::string> types = {
        "txt", "log", "md", "csv", "tsv", "json", "yaml", "yml", "xml", "html", "htm", "css", "js", "ts", "py", "sh", "c",
        "h", "cpp", "hpp", "rs", "go", "java", "rb", "pl", "php", "lua", "sql", "conf", "cfg", "ini", "toml", "tar", "gz",
        "tgz", "bz2", "xz", "zip", "7z", "rar", "iso", "img", "deb", "rpm", "pdf", "png", "jpg", "jpeg", "gif", "svg",
        "webp", "mp3", "mp4", "mkv", "wav", "ogg", "bak", "tmp", "swp", "o", "so", "pem", "crt", "patch", "diff", "doc",
        "docx", "xls", "xlsx", "ppt", "odt", "ods", "jar", "exe", "apk", "whl"};
    return s.size() >= 2 && s[0] == '.' && types.count(lower(s.substr(1)));
}

// A path whose last part has a file extension names a file: /var/log/app.log.
// The model needs to tell `cat <file0>` from `ls <path0>`.
bool names_a_file(const std::string& path) {
    auto slash = path.rfind('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    SlotKind k;
    return !base.empty() && base != "." && base != ".." && classify_dotted(base, k) && k == SlotKind::File;
}

bool classify_value(const std::string& s, SlotKind& kind) {
    if (is_url(s)) kind = SlotKind::Url;
    else if (is_remote(s)) kind = SlotKind::Remote;
    else if (is_address(s)) kind = SlotKind::Address;
    else if (is_ipv4(s)) kind = SlotKind::Ip;
    else if (is_ipv6(s)) kind = SlotKind::Ip6;
    else if (is_glob(s)) kind = SlotKind::Glob;
    else if (is_path(s)) kind = names_a_file(s) ? SlotKind::File : SlotKind::Path;
    else if (is_size(s)) kind = SlotKind::Size;
    else if (is_number(s) || is_dotted_number(s)) kind = SlotKind::Number;
    else if (is_host_with_port(s)) kind = SlotKind::Host;
    else return classify_dotted(s, kind);
    return true;
}

// ============================================================ kinds of files

// "python files" are the files a glob names: read as <glob0> = *.py, the same tokens as
// "*.py files", so "find all python files in src" asks what "find *.py files in src" asks.
// Only a word that names one extension (no "config" or "image": several), and not a verb
// ("zip files", "backup files"). Left alone where the request already holds a file or a
// glob ("the csv files a.csv and b.csv"), and where a count picks some of them ("several
// log files" are particular ones). "bash" is left out: "bash: files here" asks in bash.
const char* extension_of_kind(const std::string& word) {
    static const std::map<std::string, const char*> ext = {
        {"text", "txt"}, {"txt", "txt"},     {"log", "log"},   {"python", "py"}, {"py", "py"},
        {"perl", "pl"},  {"c", "c"},         {"cpp", "cpp"},   {"header", "h"},  {"java", "java"},
        {"javascript", "js"}, {"js", "js"},  {"typescript", "ts"}, {"json", "json"}, {"yaml", "yaml"},
        {"yml", "yml"},  {"xml", "xml"},     {"html", "html"}, {"css", "css"},   {"markdown", "md"},
        {"md", "md"},    {"csv", "csv"},     {"pdf", "pdf"},   {"jpg", "jpg"},   {"jpeg", "jpeg"},
        {"png", "png"},  {"gif", "gif"},     {"svg", "svg"},   {"mp3", "mp3"},   {"mp4", "mp4"},
        {"wav", "wav"},  {"shell", "sh"},    {"sh", "sh"},     {"ruby", "rb"},
        {"php", "php"},  {"rust", "rs"},     {"sql", "sql"},   {"bak", "bak"},   {"ini", "ini"},
        {"iso", "iso"},  {"deb", "deb"}};
    auto it = ext.find(word);
    return it == ext.end() ? nullptr : it->second;
}

// Reads token i as the request's glob <glob0> = value (callers make sure it has none yet).
void insert_glob(TokenizedRequest& out, size_t i, const std::string& value) {
    Slot glob{SlotKind::Glob, "<glob0>", value, static_cast<int>(i)};
    out.tokens[i] = glob.placeholder;
    out.surface[i] = value;
    auto at = std::find_if(out.slots.begin(), out.slots.end(), [&](const Slot& s) { return s.source_index > int(i); });
    out.slots.insert(at, glob);
}

void read_kind_of_files_as_glob(TokenizedRequest& out, const std::vector<size_t>& quoted_at) {
    for (const Slot& s : out.slots)
        if (s.kind == SlotKind::Glob || s.kind == SlotKind::File) return;
    static const std::set<std::string> nouns = {"files", "scripts", "images", "documents"};
    static const std::set<std::string> counts = {"several", "both", "these", "those", "some", "multiple", "few",
                                                 "couple", "two", "<num0>"};
    for (size_t i = 0; i + 1 < out.tokens.size(); ++i) {
        const char* ext = extension_of_kind(out.tokens[i]);
        static const std::set<std::string> folder = {"folder", "folders", "directory", "directories", "dir"};
        if (!ext || !nouns.count(out.tokens[i + 1]) || (i > 0 && counts.count(out.tokens[i - 1])) ||
            (i + 2 < out.tokens.size() && folder.count(out.tokens[i + 2])) ||  // "the python files folder" is a name
            std::find(quoted_at.begin(), quoted_at.end(), i) != quoted_at.end())
            continue;
        insert_glob(out, i, std::string("*.") + ext);
        return;
    }
}

// "files whose names end with macs", "names starting with 'a'": a name pattern said in
// words is the glob it describes (*macs, a*), as "files named *macs" would be. Only where
// the request is about files, folders or directories ("words that start with x" looks a
// word up). A name that contains a word ("files with todo in the name") stays the word:
// `locate -i todo` finds it.
void read_name_pattern_as_glob(TokenizedRequest& out) {
    for (const Slot& s : out.slots)
        if (s.kind == SlotKind::Glob) return;
    const std::vector<std::string>& t = out.tokens;
    static const std::set<std::string> file_nouns = {"file", "files", "folder", "folders", "directory",
                                                     "directories", "dir", "dirs", "filename", "filenames"};
    if (std::none_of(t.begin(), t.end(), [](const std::string& w) { return file_nouns.count(w) > 0; })) return;
    static const std::set<std::string> name_nouns = {"name", "names", "filename", "filenames"};
    static const std::set<std::string> ending = {"end", "ends", "ending", "ended"};
    static const std::set<std::string> starting = {"start", "starts", "starting", "begin", "begins", "beginning", "began"};
    // a plain word (or a quoted one) typed at i: the pattern's text; or a dotted name
    // (".foo", read as a file) after "ending with"
    auto word_at = [&](size_t i) { return i < t.size() && !is_placeholder(t[i]) && !t[i].empty(); };
    auto suffix_at = [&](size_t i) {
        if (i >= t.size() || t[i].rfind("<file", 0) != 0) return false;
        const std::string& v = out.surface[i];
        return v.size() > 1 && (v[0] == '.' || v[0] == '_' || v[0] == '-') && v.find('/') == std::string::npos;
    };
    auto take_file_slot = [&](size_t i) {  // the value stops being a file: its slot goes
        out.slots.erase(std::remove_if(out.slots.begin(), out.slots.end(), [&](const Slot& s) { return s.source_index == int(i); }),
                        out.slots.end());
    };
    for (size_t i = 0; i < t.size(); ++i) {
        if (!file_nouns.count(t[i]) && !name_nouns.count(t[i])) continue;
        size_t j = i + 1;  // the verb: "names (that) end with X"
        if (j < t.size() && (t[j] == "that" || t[j] == "which")) ++j;
        const size_t v = j + 2;  // the value
        if (v >= t.size() || (t[j + 1] != "with" && t[j + 1] != "in")) continue;
        // "files ending with .foo", "the folders that end in .d": a dotted name read as a file
        if (ending.count(t[j]) && suffix_at(v)) {
            // only the first file slot may go: later ones would need renumbering
            if (out.slots.empty() || out.slots.front().source_index != int(v) || t[v] != "<file0>") return;
            for (size_t k = v + 1; k < t.size(); ++k)
                if (t[k].rfind("<file", 0) == 0) return;
            const std::string value = "*" + out.surface[v];
            take_file_slot(v);
            insert_glob(out, v, value);
            return;
        }
        // "names ending with macs", "name starting with report": a word, said of a name
        if (name_nouns.count(t[i]) && (ending.count(t[j]) || starting.count(t[j])) && word_at(v)) {
            insert_glob(out, v, ending.count(t[j]) ? "*" + out.surface[v] : out.surface[v] + "*");
            return;
        }
    }
}

// ============================================================ words

const std::map<std::string, int>& number_words() {
    static const std::map<std::string, int> n = {
        {"zero", 0},      {"one", 1},        {"two", 2},        {"three", 3},     {"four", 4},
        {"five", 5},      {"six", 6},        {"seven", 7},      {"eight", 8},     {"nine", 9},
        {"ten", 10},      {"eleven", 11},    {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
        {"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
        {"twenty", 20},   {"thirty", 30},    {"forty", 40},     {"fifty", 50},    {"sixty", 60},
        {"seventy", 70},  {"eighty", 80},    {"ninety", 90},    {"hundred", 100}, {"thousand", 1000},
        {"twice", 2},     {"thrice", 3},     {"dozen", 12}};
    return n;
}

bool is_tens(int v) { return v >= 20 && v <= 90 && v % 10 == 0; }

// "one" counts nothing in "one per line", "one by one", "one at a time", "this one",
// "each one": read as a value there it turned "copy files one by one" into `lsof -p 1`
// and "kill processes one at a time" into `kill -9 1`. Elsewhere ("one line") it is 1.
bool one_as_pronoun(const std::vector<std::string>& words, size_t i) {
    if (words[i] != "one") return false;
    static const std::set<std::string> after = {"per", "by", "at", "of", "after", "another", "or",
                                                "specific", "particular", "certain", "single"};
    static const std::set<std::string> before = {"this", "that", "the", "each", "every", "any", "no", "which", "a",
                                                 "single", "another", "new", "right", "first", "last", "next",
                                                 "previous", "newest", "oldest", "latest", "biggest", "largest",
                                                 "smallest", "same", "other"};
    if (i + 1 < words.size() && (words[i + 1] == "hundred" || words[i + 1] == "thousand")) return false;  // "the last one hundred"
    if (i >= 2 && words[i - 1] == "by" && words[i - 2] == "one") return true;  // "one by one"; "by one" is an amount
    if (i + 2 < words.size() && words[i + 2] == "per") return true;  // "one line per thread": a line each
    return (i + 1 < words.size() && after.count(words[i + 1])) || (i > 0 && before.count(words[i - 1]));
}

// "twenty-five" -> 25
bool hyphenated_number(const std::string& w, int& value) {
    auto dash = w.find('-');
    if (dash == std::string::npos) return false;
    auto& n = number_words();
    auto a = n.find(w.substr(0, dash)), b = n.find(w.substr(dash + 1));
    if (a == n.end() || b == n.end() || !is_tens(a->second) || b->second < 1 || b->second > 9)
        return false;
    value = a->second + b->second;
    return true;
}

// Lower-cased word with its contraction expanded: "what's" -> {"what", "is"}.
std::vector<std::string> expand_contraction(const std::string& w) {
    auto apos = w.find('\'');
    if (apos == std::string::npos || apos == 0) return {w};
    std::string stem = w.substr(0, apos), tail = w.substr(apos + 1);
    if (w == "can't" || w == "cannot") return {"can", "not"};
    if (w == "won't") return {"will", "not"};
    if (w == "shan't") return {"shall", "not"};
    if (w == "let's") return {"let", "us"};
    if (tail == "t" && stem.size() > 1 && stem.back() == 'n') return {stem.substr(0, stem.size() - 1), "not"};
    if (tail == "ing" || tail == "ed") return {stem};  // a command used as a verb: "cd'ing", "grep'ed"
    if (tail == "re") return {stem, "are"};
    if (tail == "ve") return {stem, "have"};
    if (tail == "ll") return {stem, "will"};
    if (tail == "d") return {stem, "would"};
    if (tail == "m") return {stem, "am"};
    if (tail == "s") {
        static const std::set<std::string> is_stems = {"what", "that", "it", "there", "where", "who",
                                                       "how", "here", "he", "she", "which", "whats"};
        if (is_stems.count(stem)) return {stem, "is"};
        return {stem};  // possessive: "nginx's" -> "nginx"
    }
    return {stem, tail};
}

// A word as the model reads it (lower case) and as it was typed.
struct Word {
    std::string token, surface;
    bool quoted = false;
};

// Splits a non-value chunk into lower-case words: letters, digits, '_', '-', and
// non-ASCII bytes stay; other punctuation separates.
std::vector<Word> split_words(const std::string& chunk) {
    std::vector<Word> out;
    std::string cur;
    auto flush = [&] {
        while (!cur.empty() && (cur.back() == '-' || cur.back() == '\'')) cur.pop_back();
        while (!cur.empty() && cur.front() == '\'') cur.erase(cur.begin());
        if (!cur.empty()) {
            auto parts = expand_contraction(lower(cur));
            // one word keeps its spelling ("TODO", "MyApp's" -> "MyApp"); expansions have none
            if (parts.size() == 1) out.push_back({parts[0], cur.substr(0, parts[0].size())});
            else for (auto& w : parts) out.push_back({w, w});
        }
        cur.clear();
    };
    for (char c : chunk) {
        unsigned char u = static_cast<unsigned char>(c);
        if (is_alnum(c) || c == '_' || u >= 0x80 || c == '\'' || (c == '-' && !cur.empty()) ||
            (c == '-' && cur.empty())) {
            cur += c;
        } else {
            flush();
        }
    }
    flush();
    // a lone "-" or "--" is punctuation, not a flag
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const Word& w) { return w.token.find_first_not_of('-') == std::string::npos; }),
              out.end());
    return out;
}

}  // namespace

std::string valid_utf8(const std::string& text) {
    std::string s;
    s.reserve(text.size());
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range (excludes overlongs, surrogates, > U+10FFFF)
        if (c < 0x80) len = 1;
        else if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
        bool ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; ++k) {
            const unsigned char d = static_cast<unsigned char>(text[i + k]);
            ok = k == 1 ? (d >= lo && d <= hi) : (d >= 0x80 && d <= 0xBF);
        }
        if (ok) {
            s.append(text, i, len);
            i += len;
        } else {
            s += "\xEF\xBF\xBD";  // U+FFFD for the one byte that starts no valid sequence
            ++i;
        }
    }
    return s;
}

namespace {

// Normalises odd bytes: invalid UTF-8 becomes U+FFFD, control characters
// spaces, typographic quotes plain ones.
std::string normalise(const std::string& raw) {
    const std::string text = valid_utf8(raw);
    std::string s;
    s.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
            unsigned char d = static_cast<unsigned char>(text[i + 2]);
            if (d == 0x98 || d == 0x99) { s += '\''; i += 2; continue; }  // ‘ ’
            if (d == 0x9C || d == 0x9D) { s += '"'; i += 2; continue; }   // “ ”
        }
        s += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
    }
    return s;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Archive and compression suffixes, longest first. A placeholder hides its
// value from the model, but `tar -xzf` vs `unzip` depends on the suffix, so the
// request keeps it as a word after the placeholder: "<file0> .tar.gz".
const char* archive_suffix(const std::string& value) {
    static const char* suffixes[] = {".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tgz", ".tbz2", ".txz", ".tar",
                                     ".zip",    ".gz",      ".bz2",    ".xz",      ".zst", ".7z",   ".rar"};
    std::string v = lower(value);
    for (const char* s : suffixes) {
        size_t n = std::strlen(s);
        if (v.size() > n && v.compare(v.size() - n, n, s) == 0) return s;
    }
    return nullptr;
}

bool is_quoted_name(const std::string& s) {
    if (s.empty() || s.size() > 64 || !is_alnum(s[0])) return false;
    bool letter = false;
    for (char c : s) {
        if (!is_alnum(c) && c != '_' && c != '-' && c != '.') return false;
        letter |= is_alpha(c);
    }
    return letter;
}

// The word (letters only) right before `begin` in `text`, or ""; `start` gets where it begins.
std::string word_before(const std::string& text, size_t begin, size_t* start = nullptr) {
    size_t b = begin;
    while (b > 0 && is_space(text[b - 1])) --b;
    size_t a = b;
    while (a > 0 && is_alpha(text[a - 1])) --a;
    if (start) *start = a;
    return lower(text.substr(a, b - a));
}

// The word (letters only) right after `end` in `text`, or "".
std::string word_after(const std::string& text, size_t end) {
    size_t c = end;
    while (c < text.size() && is_space(text[c])) ++c;
    size_t d = c;
    while (d < text.size() && is_alpha(text[d])) ++d;
    return lower(text.substr(c, d - c));
}

bool names_folder(const std::string& word) { return word == "folder" || word == "directory" || word == "dir"; }

// Whether the words from `at` say where a file is: "the directory notes.txt is in", "the
// folder app.log lives in": then the name before them is a file, not a folder's name.
bool names_its_place(const std::string& text, size_t at) {
    const std::string next = word_after(text, at);
    return next == "is" || next == "was" || next == "lives" || next == "sits" || next == "resides" || next == "belongs";
}

// A quoted name at [begin, end) of `text` names a folder: "the folder 'x'", "the folder
// named 'x'", "the 'x' directory" (a determiner before it: in `grep "TODO" directory src`
// or "the word 'secret' folder by folder" the quote is a word to search for).
bool beside_folder_word(const std::string& text, size_t begin, size_t end) {
    static const std::set<std::string> naming = {"named", "called"};
    static const std::set<std::string> determiners = {"the", "a", "my", "this", "that", "your", "our", "their"};
    size_t start = 0;
    std::string before = word_before(text, begin, &start);
    if (naming.count(before)) before = word_before(text, start);
    if (names_folder(before)) return true;
    return determiners.count(before) && names_folder(word_after(text, end));
}

bool ends_chunk(const std::string& s, size_t i) {
    return i >= s.size() || is_space(s[i]) || std::strchr(".,;:!?)", s[i]);
}

}  // namespace

// ============================================================ request

TokenizedRequest tokenize_request(const std::string& raw) {
    if (raw.size() > kMaxRequestBytes)
        throw InputError("request is " + std::to_string(raw.size()) + " bytes; the limit is " +
                         std::to_string(kMaxRequestBytes));
    const std::string text = normalise(raw);
    TokenizedRequest out;
    std::map<SlotKind, int> counts;
    std::map<std::string, std::string> seen;  // value -> placeholder, so a repeated value reuses its slot

    auto add_slot = [&](SlotKind kind, const std::string& value) {
        std::string key = std::string(slot_kind_name(kind)) + '\x1f' + value;
        const char* suffix = kind == SlotKind::File ? archive_suffix(value) : nullptr;
        auto it = seen.find(key);
        if (it != seen.end()) {
            out.tokens.push_back(it->second);
        } else {
            std::string ph = "<" + std::string(slot_kind_name(kind)) + std::to_string(counts[kind]++) + ">";
            seen[key] = ph;
            out.slots.push_back({kind, ph, value, static_cast<int>(out.tokens.size())});
            out.tokens.push_back(ph);
        }
        out.surface.push_back(value);
        if (suffix) {
            out.tokens.push_back(suffix);
            out.surface.push_back(suffix);
        }
    };

    std::vector<Word> pending;  // plain words, joined into numbers where they spell one
    std::vector<size_t> quoted_at;  // token indexes of quoted names
    auto flush_words = [&] {
        auto& n = number_words();
        auto multiplier = [](const std::string& w) { return w == "hundred" || w == "thousand" || w == "dozen"; };
        std::vector<std::string> words;
        for (auto& p : pending) words.push_back(p.token);
        for (size_t i = 0; i < words.size(); ++i) {
            const std::string& w = words[i];
            int value = 0;
            bool is_num = hyphenated_number(w, value);
            auto it = n.find(w);
            if (!is_num && it != n.end() && !multiplier(w) && !one_as_pronoun(words, i)) {
                value = it->second;
                is_num = true;
                if (is_tens(value) && i + 1 < words.size()) {  // "twenty five" -> 25
                    auto u = n.find(words[i + 1]);
                    if (u != n.end() && u->second >= 1 && u->second <= 9) {
                        value += u->second;
                        ++i;
                    }
                }
            }
            // "two hundred", "three thousand"
            while (is_num && i + 1 < words.size() && multiplier(words[i + 1])) value *= n.at(words[++i]);
            if (is_num) {
                add_slot(SlotKind::Number, std::to_string(value));
            } else {
                if (pending[i].quoted) quoted_at.push_back(out.tokens.size());
                // documentation speaks to the reader ("in your home directory"); requests say "my"
                out.tokens.push_back(w == "your" && !pending[i].quoted ? "my" : w);
                out.surface.push_back(pending[i].surface);
            }
        }
        pending.clear();
    };

    size_t i = 0;
    while (i < text.size()) {
        if (is_space(text[i])) { ++i; continue; }
        char q = text[i];
        // a quoted string: opens at the start of a word and closes before a word boundary
        if (q == '"' || q == '\'' || q == '`') {
            size_t close = text.find(q, i + 1);
            while (close != std::string::npos && !ends_chunk(text, close + 1))
                close = text.find(q, close + 1);
            if (close != std::string::npos && close > i + 1) {
                flush_words();
                std::string value = text.substr(i, close - i + 1);
                std::string inner = value.substr(1, value.size() - 2);
                // quoted by shape: "rr.sh" is a file, "*.sh" a glob, "/tmp/x" a path; a
                // quoted number or size, or a phrase, stays a string
                SlotKind shaped;
                if (q != '`' && inner.find_first_of(" \t\n") == std::string::npos && classify_value(inner, shaped) &&
                    shaped != SlotKind::Number && shaped != SlotKind::Size) {
                    add_slot(shaped, inner);
                    i = close + 1;
                    continue;
                }
                // 'the "test1" directory', 'the folder "Tax Documents"': a quoted name beside
                // the word for a folder is that folder, a path like any other
                if (q != '`' && beside_folder_word(text, i, close + 1) && inner.find_first_of("\t\n") == std::string::npos &&
                    inner.front() != ' ' && inner.back() != ' ' && inner.find_first_of("$`\\") == std::string::npos &&
                    (is_quoted_name(inner) || inner.find(' ') != std::string::npos)) {
                    flush_words();
                    add_slot(SlotKind::Path, inner);
                    i = close + 1;
                    continue;
                }
                // "folder", "user_name": one quoted word names something (a user, a folder,
                // a word to search for); it reads as that word and is copied as typed
                if (q != '`' && is_quoted_name(inner) && !classify_value(inner, shaped)) {
                    pending.push_back({lower(inner), inner, true});
                    i = close + 1;
                    continue;
                }
                // "meeting minutes.txt", "/srv/my files": a name with spaces is quoted because of them
                std::string joined = inner;
                std::replace(joined.begin(), joined.end(), ' ', '_');
                if (q != '`' && inner.find_first_of("\t\n") == std::string::npos && inner.find(' ') != std::string::npos &&
                    inner.front() != ' ' && inner.back() != ' ' && classify_value(joined, shaped) &&
                    (shaped == SlotKind::File || shaped == SlotKind::Path)) {
                    add_slot(shaped, inner);
                    i = close + 1;
                    continue;
                }
                if (q == '`' || (q == '"' && inner.find_first_of("$`\\") != std::string::npos))
                    value = shell_quote_if_needed(inner, SlotKind::Path);
                if (value.front() != '\'' && value.front() != '"') value = "'" + value + "'";
                add_slot(SlotKind::Quoted, value);
                i = close + 1;
                continue;
            }
            ++i;  // a stray quote is punctuation
            continue;
        }
        size_t end = i;
        while (end < text.size() && !is_space(text[end])) ++end;
        std::string chunk = text.substr(i, end - i);
        const size_t chunk_begin = i;
        i = end;
        // "files >1G", "<10k": a comparison glued to a size or a count says over or under
        if (chunk.size() > 1 && (chunk[0] == '>' || chunk[0] == '<') && (is_size(chunk.substr(1)) || is_number(chunk.substr(1)))) {
            pending.push_back({chunk[0] == '>' ? "over" : "under", chunk.substr(0, 1), false});
            chunk.erase(chunk.begin());
        }
        // strip what surrounds a value in prose: "(see /etc/hosts)," "/tmp."
        while (!chunk.empty() && std::strchr("([{<\"'", chunk.front())) {
            if (chunk.front() == '[' && is_glob(chunk)) break;
            chunk.erase(chunk.begin());
        }
        std::string trimmed = chunk;
        if (trimmed != "." && trimmed != "..") {
            while (!trimmed.empty() && std::strchr(",;:!?)]}>\"'.", trimmed.back())) {
                if (trimmed.back() == ']' && is_glob(trimmed)) break;
                if (trimmed.back() == '?' && trimmed.size() > 1 && trimmed.find('*') != std::string::npos) break;
                trimmed.pop_back();
            }
        }
        // "600 MB", "2 gigabytes": a count and its unit written apart are one size
        if (all_digits(trimmed) && trimmed.size() <= 6 && trimmed == chunk) {
            size_t next = end;
            while (next < text.size() && is_space(text[next])) ++next;
            size_t next_end = next;
            while (next_end < text.size() && !is_space(text[next_end])) ++next_end;
            std::string unit = lower(text.substr(next, next_end - next));
            while (!unit.empty() && std::strchr(",;:!?).", unit.back())) unit.pop_back();
            if (const char* letters = size_unit(unit)) {
                trimmed += letters;
                i = next_end;
            }
        }
        SlotKind kind;
        // a possessive after a value: "notes.txt's size"
        if (trimmed.size() > 2 && trimmed.compare(trimmed.size() - 2, 2, "'s") == 0 &&
            classify_value(trimmed.substr(0, trimmed.size() - 2), kind) && kind != SlotKind::Number)
            trimmed.resize(trimmed.size() - 2);
        // "lines w/o debug": the shorthand is the word
        if (lower(trimmed) == "w/o" || lower(trimmed) == "w/") {
            pending.push_back({trimmed.size() == 3 ? "without" : "with", trimmed, false});
            continue;
        }
        if (is_bare_extension(trimmed)) {
            flush_words();
            add_slot(SlotKind::Glob, "*" + lower(trimmed));
            continue;
        }
        if (!trimmed.empty() && classify_value(trimmed, kind)) {
            // "create directory /etc/cron.5minute", "the folder .cache": a name shaped like a
            // file beside the word for a folder is that folder
            if (kind == SlotKind::File && !archive_suffix(trimmed) && names_folder(word_before(text, chunk_begin)) &&
                !names_its_place(text, end))
                kind = SlotKind::Path;
            flush_words();
            add_slot(kind, trimmed);
            continue;
        }
        // "files/directories", "file/folder": entries of either kind, which "files" says
        // (find lists both unless told otherwise); one of them is "a file"
        if (joins_entry_kinds(trimmed)) {
            const std::string first = lower(trimmed.substr(0, trimmed.find('/')));
            const bool plural = first.back() == 's';
            pending.push_back({plural ? "files" : "file", trimmed, false});
            continue;
        }
        for (auto& w : split_words(chunk)) pending.push_back(w);
    }
    flush_words();
    read_kind_of_files_as_glob(out, quoted_at);
    read_name_pattern_as_glob(out);

    if (out.tokens.size() > kMaxRequestTokens) {
        out.dropped_tokens = out.tokens.size() - kMaxRequestTokens;
        out.tokens.resize(kMaxRequestTokens);
        out.surface.resize(kMaxRequestTokens);
        out.slots.erase(std::remove_if(out.slots.begin(), out.slots.end(),
                                       [](const Slot& s) { return s.source_index >= static_cast<int>(kMaxRequestTokens); }),
                        out.slots.end());
    }
    out.quoted.assign(out.tokens.size(), false);
    for (size_t i : quoted_at)
        if (i < out.quoted.size()) out.quoted[i] = true;
    return out;
}

// ============================================================ command

std::vector<std::string> tokenize_command(const std::string& command) {
    std::vector<std::string> tokens;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) tokens.push_back(cur);
        cur.clear();
    };
    const std::string& s = command;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (is_space(c)) { flush(); ++i; continue; }
        if (c == '\\' && i + 1 < s.size()) { cur += s.substr(i, 2); i += 2; continue; }
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < s.size() && s[j] != c) j += (c == '"' && s[j] == '\\' && j + 1 < s.size()) ? 2 : 1;
            j = std::min(j, s.size() - 1);
            cur += s.substr(i, j - i + 1);
            i = j + 1;
            continue;
        }
        // redirections with a file descriptor: 2> 2>> 2>&1 (only at a word's start)
        if (cur.empty() && is_digit(c) && i + 1 < s.size() && s[i + 1] == '>') {
            size_t j = i + 2;
            if (j < s.size() && s[j] == '>') ++j;
            else if (j + 1 < s.size() && s[j] == '&' && is_digit(s[j + 1])) j += 2;
            tokens.push_back(s.substr(i, j - i));
            i = j;
            continue;
        }
        static const char* ops[] = {"&&", "||", "&>", ">>", "|", ";", "&", ">", "<"};
        bool matched = false;
        for (const char* op : ops) {
            size_t n = std::strlen(op);
            if (s.compare(i, n, op) == 0) {
                // "$(" and "${" belong to their word; "&" inside "2>&1" was handled above
                flush();
                tokens.push_back(op);
                i += n;
                matched = true;
                break;
            }
        }
        if (matched) continue;
        cur += c;
        ++i;
    }
    flush();
    return tokens;
}

std::string join_command(const std::vector<std::string>& tokens) {
    std::string out;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (i) out += ' ';
        out += tokens[i];
    }
    return out;
}

bool inside_single_quotes(const std::string& word) {
    bool single = false, dbl = false;
    for (size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (c == '\\' && !single) ++i;
        else if (c == '\'' && !dbl) single = !single;
        else if (c == '"' && !single) dbl = !dbl;
    }
    return single;
}

std::string shell_unquote(const std::string& word) {
    std::string out;
    char quote = 0;
    for (size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (quote == '\'') {
            if (c == '\'') quote = 0;
            else out += c;
        } else if (quote == '"') {
            if (c == '"') quote = 0;
            else if (c == '\\' && i + 1 < word.size() && std::strchr("$`\"\\", word[i + 1])) out += word[++i];
            else out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '\\' && i + 1 < word.size()) {
            out += word[++i];
        } else {
            out += c;
        }
    }
    return out;
}

std::string shell_quote_if_needed(const std::string& value, SlotKind kind) {
    if (kind == SlotKind::Quoted) return value;
    // a variable is the shell's to expand, as one word: "$file"
    if (is_variable(value)) return '"' + value + '"';
    bool safe = !value.empty() && std::all_of(value.begin(), value.end(), [&](char c) {
        if (is_alnum(c) || std::strchr("_./~@:+=,%-", c)) return true;
        if (static_cast<unsigned char>(c) >= 0x80) return true;
        return kind == SlotKind::Glob && std::strchr("*?[]", c) != nullptr;
    });
    if (safe) return value;
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

bool can_start_command(const std::string& t) {
    if (is_placeholder(t)) return t.rfind("<file", 0) == 0;
    if (t.empty() || !is_alnum(t[0]) || std::none_of(t.begin(), t.end(), is_alpha)) return false;
    // a program name: letters, digits and . _ + -, but no symbolic mode (u+x, g-w, a=r)
    for (char c : t)
        if (!is_alnum(c) && !std::strchr("._+-", c)) return false;
    const size_t op = t.find_first_of("+-=");
    if (op != std::string::npos && op > 0 && t.find_first_not_of("ugoa") == op && op + 1 < t.size() &&
        t.find_first_not_of("rwxXst", op + 1) == std::string::npos)
        return false;
    return true;
}

}  // namespace cmdseq
