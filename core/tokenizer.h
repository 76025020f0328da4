// Request and command tokenizers.
//
// A request is lower-cased and split into words; values that must reach the
// command verbatim (paths, file names, globs, URLs, addresses, IPs, hosts,
// numbers, sizes, quoted strings) become typed placeholders such as <path0>
// before the model sees them, and are filled back into the command after.
#pragma once

#include <string>
#include <vector>

namespace cmdseq {

enum class SlotKind {
    Path,      // /var/log, ~/notes, ./build, src/main
    File,      // notes.txt, .bashrc, backup.tar.gz
    Glob,      // *.log, file?.txt
    Url,       // https://example.com/x
    Address,   // e-mail or user@host
    Remote,    // user@host:/path, host:/path (scp/rsync)
    Ip,        // 10.0.0.7, 192.168.1.0/24
    Ip6,       // fe80::1, ::1
    Host,      // example.com, db.internal
    Number,    // 42, 3.5, "five"
    Size,      // 100M, 2GB, 512k
    Quoted,    // 'hello world', "TODO"
};

const char* slot_kind_name(SlotKind kind);  // "path", "file", ...

// One recognised value: the placeholder the model sees and the text it stands for.
struct Slot {
    SlotKind kind;
    std::string placeholder;  // "<path0>"
    std::string value;        // "/opt/blorp" (verbatim; quotes kept for Quoted)
    int source_index;         // position of the placeholder in the token list
};

struct TokenizedRequest {
    std::vector<std::string> tokens;  // words and placeholders, what the encoder reads
    std::vector<std::string> surface; // per token, as typed: "TODO" for "todo", the value for a placeholder
    std::vector<Slot> slots;
    std::vector<bool> quoted;         // per token: a quoted name ("symdir"), read as typed, never as a nearby word
    size_t dropped_tokens = 0;        // tokens past kMaxRequestTokens, not read
};

// Requests longer than this many bytes are refused with InputError.
constexpr size_t kMaxRequestBytes = 4096;
// At most this many tokens reach the encoder; the rest are dropped.
constexpr size_t kMaxRequestTokens = 128;

// Invalid bytes become U+FFFD, so that every front end prints and returns
// the same valid UTF-8 for a request with odd bytes.
TokenizedRequest tokenize_request(const std::string& text);

// The text with each byte that starts no valid UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF included) replaced by U+FFFD.
std::string valid_utf8(const std::string& text);

// Shell-aware split of a command: quotes stay with their word, operators
// (| || && ; > >> < 2> &) are tokens of their own.
std::vector<std::string> tokenize_command(const std::string& command);

// Tokens back to one command line (joined by single spaces).
std::string join_command(const std::vector<std::string>& tokens);

// An output token that glues the tokens either side into one shell word, so that a
// value can sit inside a word: `chown <unk> <join> : <join> <unk> <file0>` prints
// `chown alice:staff notes.txt`, `sed -i 's/ <join> <unk> <join> /...`. Not a special
// with a fixed id: a target vocabulary holds it when its data had glued values.
constexpr const char* kJoinToken = "<join>";

// Whether the shell would read the end of `word` inside single quotes ("'s/" is open).
bool inside_single_quotes(const std::string& word);
// The text the shell makes of a quoted word: 'it'\''s' -> it's, "a \"b\"" -> a "b".
std::string shell_unquote(const std::string& word);

// True for "<path0>"-style placeholder tokens.
bool is_placeholder(const std::string& token);
// True for a command token that may begin a command: a program ("ls", "g++",
// "mkfs.ext4") or a script (<file0>); false for an option, an operator, a
// copied word (<unk>), a blank, a quoted string or an argument such as "g+w".
bool can_start_command(const std::string& token);

// Single-quotes a value for the shell unless it is made only of characters
// that need no quoting (globs stay unquoted so that they expand).
std::string shell_quote_if_needed(const std::string& value, SlotKind kind);

}  // namespace cmdseq
