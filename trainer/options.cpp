#include "options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace cmdseq::train {

Options::Options(const std::vector<std::string>& args, const std::map<std::string, bool>& spec) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        bool inline_value = false;
        auto eq = name.find('=');
        if (eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inline_value = true;
        }
        auto it = spec.find(name);
        if (it == spec.end()) throw OptionsError("unknown option --" + name + " (see --help)");
        if (it->second && !inline_value) {
            if (i + 1 >= args.size()) throw OptionsError("--" + name + " needs a value");
            value = args[++i];
        } else if (!it->second && inline_value) {
            throw OptionsError("--" + name + " takes no value");
        }
        values_[name] = value;
    }
}

std::string Options::str(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

long Options::integer(const std::string& name, long fallback, long lo, long hi) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    errno = 0;
    char* end = nullptr;
    long v = std::strtol(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end || errno)
        throw OptionsError("--" + name + " must be an integer, got '" + it->second + "'");
    if (v < lo || v > hi)
        throw OptionsError("--" + name + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + it->second);
    return v;
}

double Options::number(const std::string& name, double fallback, double lo, double hi) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    char* end = nullptr;
    double v = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end || !std::isfinite(v))
        throw OptionsError("--" + name + " must be a number, got '" + it->second + "'");
    if (v < lo || v > hi)
        throw OptionsError("--" + name + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + it->second);
    return v;
}

}  // namespace cmdseq::train
