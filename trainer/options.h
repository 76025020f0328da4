// A small option parser shared by the subcommands: --name value, --name=value, flags.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "errors.h"

namespace cmdseq::train {

class Options {
public:
    // `spec`: option name -> true when it takes a value. Unknown options are an OptionsError.
    Options(const std::vector<std::string>& args, const std::map<std::string, bool>& spec);

    bool has(const std::string& name) const { return values_.count(name) != 0; }
    std::string str(const std::string& name, const std::string& fallback) const;
    long integer(const std::string& name, long fallback, long lo, long hi) const;
    double number(const std::string& name, double fallback, double lo, double hi) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

}  // namespace cmdseq::train
