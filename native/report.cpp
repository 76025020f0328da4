#include "report.h"

#include <algorithm>
#include <cmath>

namespace cmdseq_native {

namespace {

// Display width of a UTF-8 string (code points, not bytes).
int width(const std::string& s) {
    int n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string fit(const std::string& s, int w) {
    if (width(s) <= w) return s + std::string(size_t(w - width(s)), ' ');
    std::string out;
    int n = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80 && ++n > w - 1) break;
        out += s[i];
    }
    return out + "~";
}

// A cell shaded by weight: grey background ramp with colour, block characters without.
std::string cell(float w, int cw, const Style& st) {
    char num[16];
    std::snprintf(num, sizeof num, "%.2f", w);
    // ".42" rather than "0.42"; decided on the printed text, since 0.999 prints as "1.00"
    std::string text = st.numbers ? std::string(num + (num[0] == '0' ? 1 : 0)) : "";
    if (st.color) {
        const int level = std::clamp(int(std::lround(w * 23)), 0, 23);  // 232..255: black..white
        const char* fg = level > 12 ? "30" : "37";
        char buf[64];
        std::snprintf(buf, sizeof buf, "\x1b[48;5;%dm\x1b[%sm", 232 + level, fg);
        return buf + fit(text.empty() ? "" : text, cw) + "\x1b[0m";
    }
    if (st.numbers) return fit(text, cw);
    static const char* shades[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};
    const int s = std::clamp(int(std::lround(w * 4)), 0, 4);
    std::string out;
    for (int i = 0; i < cw - 1; ++i) out += shades[s];
    return out + " ";
}

}  // namespace

void print_risk(std::FILE* out, const cmdseq::RiskReport& risk, const Style& st) {
    const bool bad = risk.has(cmdseq::kDestructive);
    const bool warn = risk.has(cmdseq::kModifiesFiles) || risk.has(cmdseq::kNeedsRoot) || risk.has(cmdseq::kUnknown);
    const char* colour = bad ? "\x1b[1;31m" : warn ? "\x1b[33m" : "\x1b[32m";
    std::fprintf(out, "%srisk: %s%s\n", st.color ? colour : "", risk.summary().c_str(), st.color ? "\x1b[0m" : "");
    for (auto& r : risk.reasons) std::fprintf(out, "  - %s\n", r.c_str());
}

void print_explanation(std::FILE* out, const cmdseq::Translation& t, const cmdseq::Model& model, const Style& st) {
    if (t.trace.empty()) return;
    const cmdseq::Vocabulary& tv = model.target_vocab();
    // row labels: what each step produced, with the value a placeholder or copy stood for
    std::vector<std::string> rows;
    for (size_t i = 0; i < t.trace.size(); ++i) {
        std::string label = tv.token(t.trace[i].chosen);
        for (auto& f : t.fills)
            if (f.output_index == int(i)) label += "=" + f.value + (f.blank ? " (blank)" : "");
        rows.push_back(label);
    }
    int label_w = 6;
    for (auto& r : rows) label_w = std::max(label_w, std::min(width(r), 24));
    std::vector<int> col_w;
    for (auto& s : t.source_tokens) col_w.push_back(std::clamp(width(s) + 1, st.numbers ? 5 : 4, 14));

    std::fprintf(out, "\nattention (rows: command tokens, columns: request tokens; %s)\n",
                 st.numbers ? "weights per cell" : st.color ? "black 0 .. white 1" : "blank 0, \u2591 .25, \u2592 .5, \u2593 .75, \u2588 1");
    std::fprintf(out, "%s ", std::string(size_t(label_w), ' ').c_str());
    for (size_t j = 0; j < t.source_tokens.size(); ++j) std::fprintf(out, "%s", fit(t.source_tokens[j], col_w[j]).c_str());
    std::fprintf(out, "\n");
    for (size_t i = 0; i < t.trace.size(); ++i) {
        std::fprintf(out, "%s ", fit(rows[i], label_w).c_str());
        for (size_t j = 0; j < t.source_tokens.size() && j < t.trace[i].attention.size(); ++j)
            std::fprintf(out, "%s", cell(t.trace[i].attention[j], col_w[j], st).c_str());
        std::fprintf(out, "\n");
    }
    for (auto& s : t.slots) std::fprintf(out, "  %s = %s\n", s.placeholder.c_str(), s.value.c_str());
    for (auto& f : t.fills)
        if (f.blank) std::fprintf(out, "  %s = %s, a blank to fill in\n", f.token.c_str(), f.value.c_str());

    std::fprintf(out, "\ncandidates per step (probability; * = chosen)\n");
    for (size_t i = 0; i < t.trace.size(); ++i) {
        std::fprintf(out, "%3zu  ", i + 1);
        for (auto& c : t.trace[i].candidates)
            std::fprintf(out, "%s%s %.3f   ", c.token == t.trace[i].chosen ? "*" : "", tv.token(c.token).c_str(), c.prob);
        if (std::none_of(t.trace[i].candidates.begin(), t.trace[i].candidates.end(), [&](const cmdseq::Candidate& c) { return c.token == t.trace[i].chosen; }))
            std::fprintf(out, "*%s %.3f", tv.token(t.trace[i].chosen).c_str(), t.trace[i].chosen_prob);
        std::fprintf(out, "\n");
    }
}

}  // namespace cmdseq_native
