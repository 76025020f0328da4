// Typed exceptions thrown by the core. Front ends catch them at their edge and
// turn them into an exit code, an HTTP status or a message on screen.
#pragma once

#include <stdexcept>
#include <string>

namespace cmdseq {

// Base of every error the core reports to a user.
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A model file or buffer that cannot be used: truncated, corrupted, newer
// format, absurd sizes, missing or misshapen tensor.
struct ModelFormatError : Error {
    using Error::Error;
};

// Decoding options or tokenizer input that make no sense.
struct OptionsError : Error {
    using Error::Error;
};

// A request the engine refuses (too long, not text).
struct InputError : Error {
    using Error::Error;
};

// Reading or writing a file failed at the operating-system level.
struct IoError : Error {
    using Error::Error;
};

}  // namespace cmdseq
