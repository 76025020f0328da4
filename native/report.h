// How the CLI shows a translation: the command, its risk, and --explain's
// attention heatmap and candidate lists, drawn from the core's trace.
#pragma once

#include <cstdio>
#include <string>

#include "cmdseq.h"

namespace cmdseq_native {

struct Style {
    bool color = true;    // ANSI colours (a terminal)
    bool numbers = false; // weights printed in heatmap cells
};

// "destructive, needs-root" with a coloured marker and the reasons, one per line.
void print_risk(std::FILE* out, const cmdseq::RiskReport& risk, const Style& style);

// The heatmap (rows: command tokens, columns: request tokens) and the top
// candidates at each step.
void print_explanation(std::FILE* out, const cmdseq::Translation& t, const cmdseq::Model& model, const Style& style);

}  // namespace cmdseq_native
