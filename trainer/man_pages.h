// Training pairs from the installed manual pages: how the documentation itself
// says what a program and each of its options do ("cp - copy files and
// directories", "-S  sort by file size, largest first"). Read at data-build time;
// none of their text is kept in the repository.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dataset.h"

namespace cmdseq::train {

// One rendered manual page, reduced to what the pairs need.
struct ManPage {
    std::string name;                           // "ls", "git-commit"
    std::string summary;                        // the NAME line's description: "list directory contents"
    std::map<std::string, std::string> options; // "-S" -> "sort by file size, largest first"
};

// Parses `man` output (plain text, as `col -bx` leaves it).
ManPage parse_man_page(const std::string& name, const std::string& text);

// The first sentence of an option's description, lower case, without its
// trailing period: what a person would say.
std::string option_phrase(const std::string& description);

// The options a command spells out for its program: "ls -lS {dir}" -> {"-l", "-S"}
// when the page knows "-l" and "-S" (a cluster is split only when the page does
// not know it whole, so find's "-name" stays one option).
std::vector<std::string> command_options(const std::string& command, const ManPage& page);

// The pages a command form may be about, the most specific first: "git commit -m
// {str}" -> {"git-commit", "git"}; the program after sudo and before any pipe.
std::vector<std::string> page_names(const std::string& command);

// The first of page_names(command) that `pages` holds, or "".
std::string page_for(const std::string& command, const std::map<std::string, ManPage>& pages);

// Pairs made from the pages for the forms: the summary for the program's plainest
// form, and the options' descriptions (with the summary, with a phrasing of the
// plainest form, alone where only one program has that wording) for the forms that
// use them. Values are named blanks. Requests that are already pairs in `own`
// (for any command) or are held out are left out.
std::vector<Record> man_pairs(const std::vector<Form>& forms, const std::map<std::string, ManPage>& pages,
                              const std::vector<Record>& own, uint64_t seed);

}  // namespace cmdseq::train
