// Risk labels for a shell command, from a rule table. cmdseq never runs a
// command; every front end shows these labels beside it.
#pragma once

#include <string>
#include <vector>

namespace cmdseq {

enum RiskFlag : unsigned {
    kReadOnly = 1u << 0,       // only reads (files, system state)
    kModifiesFiles = 1u << 1,  // writes, moves or creates files, or changes system state
    kDestructive = 1u << 2,    // deletes data, kills processes, wipes devices, powers off
    kNeedsRoot = 1u << 3,      // fails or means something else without root
    kUnknown = 1u << 4,        // no rule knows this command, or what it runs is only known when it runs
};

// Every command of the line is labelled and the report is their union: those after newlines, ; && || | &,
// inside $(...), `...`, <(...) and >(...), and those run through wrappers (sudo, env, xargs, busybox, eval,
// sh -c, python -c, ...).

struct RiskReport {
    unsigned flags = 0;
    std::vector<std::string> reasons;  // one line per rule that fired, e.g. "rm -r on ~: deletes the home directory"

    bool has(RiskFlag f) const { return (flags & f) != 0; }
    std::vector<std::string> labels() const;  // {"destructive", "needs-root"}
    std::string summary() const;              // "destructive, needs-root"
};

RiskReport assess_risk(const std::string& command);

// The decoder's guard against drastic answers nobody asked for. A model that
// is lost reaches for its most drastic forms (userdel -r for a request about
// groups, mkfs for one about a permission bit), so these command tokens are
// only chosen when the request asks for something to be removed, killed,
// wiped or stopped.
//
// True for a command token that deletes, kills, wipes or powers off whatever
// its arguments: rm, kill, mkfs.ext4, reboot, userdel, find's -delete, ...
bool destroys_anyway(const std::string& command_token);
// Options that destroy after their program whatever follows: `crontab -r`
// drops the whole table, `dpkg -P` purges a package, `systemctl suspend` stops the
// machine, `ip addr flush` cuts the network. As (program, option) pairs; for ip the
// object it acts on (addr, route, neigh, link) stands for the program.
const std::vector<std::pair<std::string, std::string>>& destroying_options();
// True when one of the request's words (as the model reads them) asks for
// destruction: delete, remove, kill, wipe, format, shut, restart, ..., or
// names one of the programs above.
bool asks_for_destruction(const std::vector<std::string>& request_words);

}  // namespace cmdseq
