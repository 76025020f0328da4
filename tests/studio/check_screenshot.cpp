// Checks a studio screenshot against what the CLI says about the same request:
//
//   check_screenshot SCREENSHOT.png STUDIO_LAYOUT.json CLI_EXPLAIN.json
//   check_screenshot --exports HEATMAP.png TRACE.json CLI_EXPLAIN.json
//
// - the studio shows the CLI's command;
// - inside the heatmap rectangle the studio reports, a scan through every row
//   finds as many cells as the CLI has request tokens, and a scan through
//   every column as many cells as it has decoding steps (cells are separated
//   by the gap colour, so this counts what was drawn, not what was claimed);
// - the cells are not blank: none has the gap colour, and they are not all one colour.
//
// With --exports: the exported heatmap has one cell per (step, request token)
// in exactly the colour of the CLI's attention weight, and the exported trace
// is the CLI's --json --explain output (timing aside).
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "png.h"
#include "studio.h"

using json = nlohmann::json;

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++failures;
}

json read_json(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    return json::parse(in);
}

// Runs of non-gap pixels of at least min_len along a line; each is one cell.
struct Runs {
    int count = 0;
    std::vector<int> centres;
};
Runs scan(const studio::Image& img, int x0, int y0, int dx, int dy, int n, int min_len) {
    Runs r;
    int len = 0;
    for (int k = 0; k <= n; ++k) {
        int x = x0 + k * dx, y = y0 + k * dy;
        bool cell = k < n && x >= 0 && y >= 0 && x < img.width && y < img.height && (img.pixel(x, y) | 0xff) != studio::kHeatmapGap;
        if (cell) ++len;
        else {
            if (len >= min_len) ++r.count, r.centres.push_back(k - len / 2 - 1);
            len = 0;
        }
    }
    return r;
}

int check_exports(const std::string& png, const std::string& trace, const std::string& cli_path) {
    const studio::Image img = studio::read_png(png);
    json exported = read_json(trace), cli = read_json(cli_path);
    const json& steps = cli.at("trace");
    const int rows = int(steps.size()), cols = int(cli.at("source_tokens").size()), cell = 24, gap = 2;
    expect(img.width == cols * (cell + gap) + gap && img.height == rows * (cell + gap) + gap,
           "heatmap PNG is " + std::to_string(img.width) + "x" + std::to_string(img.height) + " for " + std::to_string(rows) + " steps x " +
               std::to_string(cols) + " tokens");
    if (failures) return 1;
    int wrong = 0;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            uint32_t want = studio::heat_colour(steps[size_t(i)].at("attention")[size_t(j)].get<float>());
            int px = gap + j * (cell + gap), py = gap + i * (cell + gap);
            wrong += img.pixel(px, py) != want || img.pixel(px + cell - 1, py + cell - 1) != want;
            wrong += img.pixel(px + cell, py) != studio::kHeatmapGap;  // the gap right of the cell
        }
    expect(wrong == 0, "every cell has the colour of its attention weight (" + std::to_string(wrong) + " wrong)");
    exported.erase("ms");
    cli.erase("ms");
    expect(exported == cli, "exported trace JSON == cmdseq --json --explain");
    return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 5 && std::string(argv[1]) == "--exports") {
        try {
            return check_exports(argv[2], argv[3], argv[4]);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "check_screenshot: %s\n", e.what());
            return 1;
        }
    }
    if (argc != 4) {
        std::fprintf(stderr, "usage: check_screenshot SCREENSHOT.png STUDIO_LAYOUT.json CLI_EXPLAIN.json\n"
                             "       check_screenshot --exports HEATMAP.png TRACE.json CLI_EXPLAIN.json\n");
        return 2;
    }
    try {
        const studio::Image img = studio::read_png(argv[1]);
        const json layout = read_json(argv[2]), cli = read_json(argv[3]);
        const std::string command = cli.at("command");
        const int want_cols = int(cli.at("source_tokens").size()), want_rows = int(cli.at("trace").size());
        expect(layout.at("command") == command, "studio command '" + layout.at("command").get<std::string>() + "' == CLI command '" + command + "'");

        const json& h = layout.at("heatmap");
        const int x = int(h.at("x")), y = int(h.at("y")), w = int(h.at("w")), hh = int(h.at("h"));
        expect(w > 0 && hh > 0 && x >= 0 && y >= 0 && x + w <= img.width && y + hh <= img.height, "heatmap rectangle lies inside the screenshot");
        if (failures) return 1;

        // find the rows by a scan down the first column, then count the cells across each row
        const Runs across = scan(img, x, y + hh / 2, 1, 0, w, 3);
        const int col_probe = across.centres.empty() ? x + 4 : x + across.centres.front();
        const Runs down = scan(img, col_probe, y, 0, 1, hh, 3);
        expect(down.count == want_rows, "cells down a column: " + std::to_string(down.count) + " == " + std::to_string(want_rows) + " decoding steps");
        std::set<uint32_t> colours;
        bool every_row = true, no_gap_cells = true;
        for (int row_centre : down.centres) {
            Runs r = scan(img, x, y + row_centre, 1, 0, w, 3);
            every_row &= r.count == want_cols;
            for (int c : r.centres) {
                uint32_t p = img.pixel(x + c, y + row_centre);
                no_gap_cells &= (p | 0xff) != studio::kHeatmapGap;
                colours.insert(p);
            }
        }
        expect(every_row && !down.centres.empty(),
               "cells across every row == " + std::to_string(want_cols) + " request tokens (first row: " +
                   std::to_string(down.centres.empty() ? 0 : scan(img, x, y + down.centres[0], 1, 0, w, 3).count) + ")");
        expect(no_gap_cells && colours.size() >= 2, "cells are drawn and not all one colour (" + std::to_string(colours.size()) + " colours)");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "check_screenshot: %s\n", e.what());
        return 1;
    }
    return failures ? 1 : 0;
}
