#include "risk.h"

#include <algorithm>
#include <map>
#include <set>

#include "tokenizer.h"

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

std::string unquote(const std::string& s) {
    std::string out;
    char q = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (q) {
            if (c == q) q = 0;
            else out += c;
        } else if (c == '\'' || c == '"') {
            q = c;
        } else if (c == '\\' && i + 1 < s.size()) {
            out += s[++i];
        } else {
            out += c;
        }
    }
    return out;
}

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
std::string sweeping_target(const std::string& raw) {
    const std::string p = unquote(raw);
    if (p == "/" || p == "/*" || p == "/.") return "the whole filesystem";
    if (p == "~" || p == "~/" || p == "~/*" || p == "$HOME" || p == "${HOME}" || p == "$HOME/" || p == "$HOME/*" || p == "${HOME}/*")
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
};

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
        "atq", "dpkg-query", "apt-cache", "lsattr", "getfacl", "namei", "ulimit", "vnstat", "nmap", "ethtool", "uptime"};
    return s;
}

const std::set<std::string>& shells() {
    static const std::set<std::string> s = {"sh", "bash", "zsh", "dash", "ksh", "fish", "python", "python3", "perl", "ruby", "node", "php"};
    return s;
}

void assess_simple(Args a, Assessment& out, int depth);

// A command given to another as its argument (sudo rm, xargs rm, find -exec rm, ssh host rm).
void assess_nested(const Args& a, Assessment& out, int depth) {
    if (!a.empty()) assess_simple(a, out, depth + 1);
}

void assess_package_manager(const std::string& name, const Args& a, Assessment& out) {
    const Args ops = operands(a);
    const std::string verb = ops.empty() ? "" : ops[0];
    static const std::set<std::string> reading = {"list", "search", "show", "policy", "info", "depends", "rdepends", "-l", "-L", "-s", "-S", "madison", "check-update", "query"};
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

void assess_simple(Args a, Assessment& out, int depth) {
    if (depth > 8) {
        out.add(kUnknown, "commands nested too deeply to read");
        return;
    }
    // environment assignments before the command: FOO=bar cmd
    while (!a.empty() && a[0].find('=') != std::string::npos && a[0][0] != '-' && a[0].find('/') == std::string::npos) a.erase(a.begin());
    if (a.empty()) return;
    std::string name = basename_of(unquote(a[0]));
    Args rest(a.begin() + 1, a.end());
    for (auto& r : rest) r = unquote(r);

    // wrappers: the real command follows
    if (name == "sudo" || name == "doas" || name == "pkexec" || name == "su") {
        out.add(kNeedsRoot, name + " runs the command as root");
        size_t i = 0;
        if (name == "su") {  // su -c 'cmd'
            for (size_t k = 0; k + 1 < rest.size(); ++k)
                if (rest[k] == "-c") {
                    Assessment inner;
                    assess_nested(tokenize_command(rest[k + 1]), inner, depth);
                    out.add(inner.flags, "");
                    for (auto& r : inner.reasons) out.add(0, r);
                    return;
                }
            out.add(kUnknown, "su opens a root shell");
            return;
        }
        while (i < rest.size() && rest[i].size() > 1 && rest[i][0] == '-') {
            if ((rest[i] == "-u" || rest[i] == "-g") && i + 1 < rest.size()) ++i;
            ++i;
        }
        assess_nested(Args(rest.begin() + i, rest.end()), out, depth);
        return;
    }
    if (name == "nohup" || name == "time" || name == "command" || name == "exec" || name == "stdbuf" || name == "env" ||
        name == "nice" || name == "ionice" || name == "timeout" || name == "watch" || name == "xargs" || name == "strace") {
        size_t i = 0;
        while (i < rest.size() && rest[i].size() > 1 && rest[i][0] == '-') {
            if ((rest[i] == "-n" || rest[i] == "-c" || rest[i] == "-I" || rest[i] == "-d" || rest[i] == "-P") && i + 1 < rest.size()) ++i;
            ++i;
        }
        if (name == "timeout" && i < rest.size()) ++i;  // the duration
        while (name == "env" && i < rest.size() && rest[i].find('=') != std::string::npos) ++i;
        if (i >= rest.size()) {
            out.add(kReadOnly, "");
            return;
        }
        assess_nested(Args(rest.begin() + i, rest.end()), out, depth);
        return;
    }

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
        for (size_t k = 0; k + 1 < ops.size(); ++k) {
            std::string what = sweeping_target(ops[k]);
            if (!what.empty()) out.add(kDestructive, "mv " + ops[k] + ": moves " + what);
        }
        system_targets(ops, "moving");
        return;
    }
    static const std::set<std::string> writers = {"cp", "mkdir", "touch", "ln", "install", "rename", "split", "patch", "tee",
                                                  "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zip", "7z", "zstd",
                                                  "rsync", "scp", "sftp", "git", "make", "mktemp", "csplit", "convert", "ffmpeg"};
    if (writers.count(name)) {
        if (name == "rsync" && has_arg(rest, "--delete")) out.add(kDestructive, "rsync --delete removes files missing from the source");
        out.add(kModifiesFiles, name + " writes files");
        Args targets = ops;
        if (name == "cp" || name == "ln" || name == "install") targets = ops.empty() ? ops : Args{ops.back()};
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
    if (name == "sed" || name == "perl") {
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
        for (size_t k = 0; k < rest.size(); ++k) {
            if (rest[k] == "-delete") out.add(kDestructive, "find -delete deletes every match");
            if ((rest[k] == "-exec" || rest[k] == "-execdir" || rest[k] == "-ok") && k + 1 < rest.size()) {
                Args inner;
                for (size_t j = k + 1; j < rest.size() && rest[j] != ";" && rest[j] != "\\;" && rest[j] != "+"; ++j) inner.push_back(rest[j]);
                assess_nested(inner, out, depth);
            }
        }
        if (!(out.flags & (kDestructive | kModifiesFiles))) out.add(kReadOnly, "");
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
        else if (verb == "stop" || verb == "kill" || verb == "mask" || verb == "disable")
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
    if (name == "apt" || name == "apt-get" || name == "dpkg" || name == "yum" || name == "dnf" || name == "pacman" || name == "snap" ||
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
    if (name == "ssh") {
        // ssh [options] host [command...]: options taking a value are skipped
        static const std::set<std::string> with_value = {"-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-b", "-c", "-e", "-m", "-S", "-W", "-w"};
        size_t k = 0;
        while (k < rest.size() && rest[k].size() > 1 && rest[k][0] == '-') k += with_value.count(rest[k]) ? 2 : 1;
        if (k + 1 < rest.size()) {
            Args remote(rest.begin() + k + 1, rest.end());
            if (remote.size() == 1) remote = tokenize_command(remote[0]);
            Assessment inner;
            assess_nested(remote, inner, depth);
            out.add(inner.flags, "");
            for (auto& r : inner.reasons) out.add(0, "on the remote host: " + r);
        } else {
            out.add(kUnknown, "ssh opens a remote shell; what happens there is up to you");
        }
        return;
    }
    if (shells().count(name)) {
        for (size_t k = 0; k + 1 < rest.size(); ++k)
            if (rest[k] == "-c") {
                assess_nested(tokenize_command(rest[k + 1]), out, depth);
                return;
            }
        out.add(kUnknown, name + " runs a script");
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

// Splits a command line at | ; && || & and newlines, keeping which segments a pipe joins.
struct Segment {
    Args words;
    std::vector<std::pair<std::string, std::string>> redirects;  // operator, target
    bool piped_from_previous = false;
};

std::vector<Segment> split_segments(const std::vector<std::string>& tokens) {
    std::vector<Segment> segs(1);
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (t == "|" || t == ";" || t == "&&" || t == "||" || t == "&") {
            segs.emplace_back();
            segs.back().piped_from_previous = t == "|";
            continue;
        }
        const bool redirect = t == ">" || t == ">>" || t == "&>" || t == "<" ||
                              (t.size() >= 2 && t[0] >= '0' && t[0] <= '9' && t[1] == '>');
        if (redirect) {
            std::string target;
            if (t.find('&') != std::string::npos && t.size() > 2 && t.back() != '>') target = "&";  // 2>&1
            else if (i + 1 < tokens.size()) target = unquote(tokens[++i]);
            segs.back().redirects.emplace_back(t, target);
            continue;
        }
        segs.back().words.push_back(t);
    }
    return segs;
}

// Command substitutions $(...) and `...` run too: returns their bodies.
std::vector<std::string> substitutions(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i + 1 < s.size(); ++i) {
        if (s[i] == '$' && s[i + 1] == '(') {
            int depth = 0;
            for (size_t j = i + 1; j < s.size(); ++j) {
                if (s[j] == '(') ++depth;
                if (s[j] == ')' && --depth == 0) {
                    out.push_back(s.substr(i + 2, j - i - 2));
                    i = j;
                    break;
                }
            }
        } else if (s[i] == '`') {
            auto j = s.find('`', i + 1);
            if (j == std::string::npos) break;
            out.push_back(s.substr(i + 1, j - i - 1));
            i = j;
        }
    }
    return out;
}

// :(){ :|:& };:  and  bomb(){ bomb|bomb& };bomb
bool is_fork_bomb(const std::string& command) {
    std::string s;
    for (char c : command)
        if (c != ' ' && c != '\t') s += c;
    auto def = s.find("(){");
    if (def == std::string::npos || def == 0) return false;
    size_t start = def;
    while (start > 0 && s[start - 1] != ';' && s[start - 1] != '&' && s[start - 1] != '|') --start;
    const std::string name = s.substr(start, def - start);
    return s.find(name + "|" + name + "&", def) != std::string::npos;
}

void assess_line(const std::string& command, Assessment& out, int depth) {
    if (depth > 8) return;
    if (is_fork_bomb(command)) {
        out.add(kDestructive, "fork bomb: spawns processes until the system stops responding");
        return;
    }
    for (auto& inner : substitutions(command)) assess_line(inner, out, depth + 1);
    auto segs = split_segments(tokenize_command(command));
    bool fetched = false;
    for (auto& seg : segs) {
        if (!seg.piped_from_previous) fetched = false;
        Assessment one;
        const std::string name = seg.words.empty() ? "" : basename_of(unquote(seg.words[0]));
        std::string runner = name;
        if ((name == "sudo" || name == "doas") && seg.words.size() > 1) runner = basename_of(seg.words[1]);
        if (seg.piped_from_previous && fetched && shells().count(runner)) {
            out.add(kDestructive | kUnknown, "pipes a download straight into " + runner + ": runs code nobody has read");
        }
        if (name == "curl" || name == "wget") fetched = true;
        if (!seg.words.empty()) assess_simple(seg.words, one, depth);
        for (auto& [op, target] : seg.redirects) {
            if (op == "<" || is_harmless_sink(target) || target.empty()) continue;
            if (is_disk_device(target)) {
                one.add(kDestructive | kNeedsRoot, "redirect overwrites the disk device " + target);
            } else if (op == ">>") {
                one.add(kModifiesFiles, "appends to " + target);
                if (is_system_path(target)) one.add(kNeedsRoot, "writing " + target + " needs root");
            } else {
                one.add(kModifiesFiles, "overwrites " + target);
                if (is_system_path(target)) one.add(kDestructive | kNeedsRoot, "> " + target + " truncates a system file");
            }
            one.flags &= ~unsigned(kReadOnly);
        }
        if (seg.words.empty() && seg.redirects.empty()) continue;
        out.add(one.flags, "");
        for (auto& r : one.reasons) out.add(0, r);
    }
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

}  // namespace cmdseq
