// Request in, command out: tokenize, encode, decode, fill placeholders back,
// label the risk. The one entry point every front end calls.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "decode.h"
#include "engine.h"
#include "model_file.h"
#include "risk.h"
#include "tokenizer.h"

namespace cmdseq {

// Which source span an output token came from.
struct SlotFill {
    int output_index;     // position in output_tokens
    int source_index;     // position in source_tokens
    std::string token;    // "<path0>" or the copied word
    std::string value;    // text placed in the command
    bool copied;          // true: an unknown word copied through attention; false: a placeholder
    bool blank = false;   // true: the request names no value for it; `value` is a named blank (FILE, PATH2, ...)
};

// The named blank a placeholder leaves when the request holds no value for it:
// <file0> -> FILE, <path1> -> PATH2, <num0> -> N, <str0> -> TEXT; <unk> -> VALUE.
std::string blank_name(const std::string& token);

// True for an option whose argument is a pattern it matches itself (find's -name,
// grep's --include): a glob after it is quoted, so the shell leaves it alone.
bool option_takes_pattern(const std::string& option);

// Options the forms write that a request must ask for: marks the words of `command` (its
// words or output tokens) that the core leaves out for a request of `request_tokens`. The
// core prints the command and the data builds its pairs by this one reading.
// - find's `-type f`: people, manuals and written answers say "files" for everything find
//   lists (`find . -name '*.txt'`); it keeps directories out only where the request says so
//   (regular, plain or normal files, files only, no directories) or where a directory would
//   be harmed or miscounted: an action (-exec, -delete), -empty, -executable, a pipe.
// - find's `-empty` where the request says nothing of empty entries, unless an action
//   follows (without it, `-delete` would reach every file).
// - mkdir's `-p`: "create the folder /srv/x" is `mkdir /srv/x`; parents are asked for by
//   parents, nested, missing, a tree, a path, recursively, "as needed", or an error to avoid.
std::vector<bool> unasked_options(const std::vector<std::string>& command, const std::vector<std::string>& request_tokens);

struct NBestEntry {
    std::string command;
    std::vector<std::string> tokens;
    float log_prob;
    float score;
};

struct Translation {
    std::string request;
    std::vector<std::string> source_tokens;  // the request's tokens (placeholders included)
    std::vector<std::string> source_read;    // what the encoder read for each: the token, the vocabulary
                                             // word nearest to a misspelt one, or <unk>
    std::vector<std::string> source_read_by; // how, per token: "vocabulary", "meaning" (the model's word
                                             // map: a synonym or base form), "spelling" or "unknown"
    std::vector<Slot> slots;
    std::vector<std::string> output_tokens;  // what the decoder wrote (placeholders included)
    std::string command;                     // placeholders filled back
    float log_prob = 0;
    float score = 0;
    float min_token_prob = -1;               // the least likely step's probability
    bool finished = true;                    // false: stopped at max_len
    RiskReport risk;
    std::vector<SlotFill> fills;
    std::vector<std::string> warnings;       // e.g. a placeholder the request has no value for
    std::vector<NBestEntry> nbest;           // beam search with nbest > 1
    std::vector<TraceStep> trace;            // when options.trace
    double ms = 0;                           // wall time of this translation
};

class Translator {
public:
    explicit Translator(std::shared_ptr<const Model> model);
    Translator(const Translator&) = delete;  // the decoder refers to this engine
    Translator& operator=(const Translator&) = delete;

    const Model& model() const { return engine_.model(); }

    // How unknown request words are read; the model file's choice unless set here.
    void set_source_match(SourceMatch match) { source_match_ = match; }
    SourceMatch source_match() const { return source_match_; }
    // Token ids for the encoder under the current source_match; `read` gets the word each id stands for.
    // A token marked in `quoted` (a quoted name) is looked up exactly: "symdir" is a name, not "rmdir".
    std::vector<int> encode_source(const std::vector<std::string>& tokens, std::vector<std::string>* read = nullptr,
                                   std::vector<std::string>* read_by = nullptr, const std::vector<bool>* quoted = nullptr) const;

    // Throws InputError for an empty or oversized request, OptionsError for bad options.
    Translation translate(const std::string& request, const DecodeOptions& options = {});
    // The same, with the steps of another network over this model's
    // vocabularies (ExternalSteps: ONNX Runtime in the browser).
    Translation translate_with(Network& network, const std::string& request, const DecodeOptions& options);
    // The encoder's input for a request: what translate() feeds the network.
    std::vector<int> source_ids(const std::string& request) const;
    std::vector<Translation> translate_batch(const std::vector<std::string>& requests, const DecodeOptions& options = {});

    // Lower level, for tests and parity checks.
    DecodeResult decode_ids(const std::vector<int>& source, const DecodeOptions& options);
    std::vector<std::vector<float>> forced_logits(const std::vector<int>& source, const std::vector<int>& output);

private:
    Translation translate_impl(Decoder& decoder, const std::string& request, const DecodeOptions& options);

    Engine engine_;
    Decoder decoder_;
    SourceMatch source_match_;
};

// How the encoder reads one request token under `match`: its id or, for a word
// the vocabulary lacks, the word the model's word map reads it as (a synonym or
// a base form), else the nearest known word's (edit, trigram) or <unk>.
// Training reads rare words through this too (cmdseq-train --rare_words match).
int read_source_token(const Vocabulary& vocab, const std::string& token, SourceMatch match);

// Below this, a step's choice was a guess: the translation carries a warning.
// On the held-out test split about three in four such commands were wrong.
constexpr float kUnsureTokenProb = 0.5f;

// Output tokens to a command: placeholders take their values (shell-quoted
// where needed), <unk> takes the most attended source word.
std::string render_command(const std::vector<std::string>& output_tokens, const std::vector<int>& attention_peak,
                           const TokenizedRequest& request, std::vector<SlotFill>* fills, std::vector<std::string>* warnings);

}  // namespace cmdseq
