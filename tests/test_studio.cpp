// The studio's logic without a window: PNG files, the colour scale, the
// heatmap raster, model loading, translation on change, sampling runs spread
// over frames, exports. (tests/studio/check_studio.sh renders the real thing.)
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "helpers.h"
#include "png.h"
#include "studio.h"

using namespace studio;

namespace {

std::shared_ptr<const cmdseq::Model> fixture_model(uint64_t seed = 3) {
    cmdseq::FixtureOptions f;
    f.seed = seed;
    f.eos_bias = 0.5f;
    return testing::fixture(f);
}

std::string scratch(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / "cmdseq-studio-tests";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("png: an image survives encode and decode bit for bit") {
    Image img(67, 300, 0);  // 300 rows of 269 bytes: more than one 64 KiB stored block
    for (size_t i = 0; i < img.rgba.size(); ++i) img.rgba[i] = uint8_t(i * 2654435761u >> 13);
    std::vector<uint8_t> bytes = encode_png(img);
    CHECK(bytes.size() > img.rgba.size());
    Image back = decode_png(bytes);
    CHECK(back.width == 67);
    CHECK(back.height == 300);
    CHECK(back.rgba == img.rgba);
    CHECK(back.pixel(66, 299) == img.pixel(66, 299));
}

TEST_CASE("png: damaged files are refused with a reason, never a crash") {
    Image img(5, 4, 0x336699ff);
    const std::vector<uint8_t> good = encode_png(img);
    CHECK_THROWS_WITH_AS(decode_png({}), "png: not a PNG file", std::runtime_error);
    std::vector<uint8_t> bad = good;
    bad[20] ^= 0x40;  // inside IHDR: its CRC no longer matches
    CHECK_THROWS_WITH_AS(decode_png(bad), "png: bad CRC in IHDR", std::runtime_error);
    for (size_t cut = 8; cut < good.size(); cut += 3) {
        std::vector<uint8_t> truncated(good.begin(), good.begin() + long(cut));
        CHECK_THROWS_AS(decode_png(truncated), std::runtime_error);
    }
    CHECK_THROWS_AS(encode_png(Image{}), std::runtime_error);
}

TEST_CASE("heat colours: viridis ends, clamped, never the gap colour") {
    CHECK(heat_colour(0.0f) == 0x440154ffu);
    CHECK(heat_colour(1.0f) == 0xfde725ffu);
    CHECK(heat_colour(0.5f) == 0x21918cffu);
    CHECK(heat_colour(-3.0f) == heat_colour(0.0f));
    CHECK(heat_colour(7.0f) == heat_colour(1.0f));
    CHECK(heat_colour(std::nanf("")) == heat_colour(0.0f));
    for (int k = 0; k <= 100; ++k) CHECK(heat_colour(k / 100.0f) != kHeatmapGap);
    CHECK(heat_colour(0.30f) != heat_colour(0.31f));
}

TEST_CASE("heatmap raster: one cell per step and request token, gaps between") {
    cmdseq::Translation t;
    t.source_tokens = {"show", "disk", "usage"};
    t.trace.resize(2);
    t.trace[0].attention = {0.0f, 0.25f, 0.75f};
    t.trace[1].attention = {1.0f, 0.0f, 0.0f};
    Image img = render_heatmap(t, 10, 2);
    CHECK(img.width == 3 * 12 + 2);
    CHECK(img.height == 2 * 12 + 2);
    CHECK(img.pixel(0, 0) == kHeatmapGap);
    CHECK(img.pixel(2, 2) == heat_colour(0.0f));
    CHECK(img.pixel(2 + 12 + 9, 2 + 9) == heat_colour(0.25f));
    CHECK(img.pixel(2 + 12 + 10, 2) == kHeatmapGap);
    CHECK(img.pixel(2, 2 + 12) == heat_colour(1.0f));
}

TEST_CASE("app: translates when the request changes, keeps the model on a bad file") {
    App app;
    set_model(app, 0, fixture_model(), "fixture");
    set_request(app, "show disk usage");
    update(app);
    REQUIRE(app.slots[0].error.empty());
    const cmdseq::Translation first = app.slots[0].result;
    CHECK(!first.trace.empty());
    CHECK(first.source_tokens == std::vector<std::string>{"show", "disk", "usage"});
    CHECK(app.step == int(first.trace.size()) - 1);  // the whole command is shown at once
    cmdseq::Translator direct(fixture_model());
    cmdseq::DecodeOptions o;
    o.trace = true;
    CHECK(first.command == direct.translate("show disk usage", o).command);

    const std::vector<uint8_t> garbage = {'C', 'M', 'D', 'S', 'E', 'Q', 0x1a, '\n', 1, 0};
    CHECK_FALSE(load_model_bytes(app, 0, garbage.data(), garbage.size(), "broken.cmdseq"));
    CHECK(app.status_is_error);
    CHECK(app.status.find("broken.cmdseq") != std::string::npos);
    CHECK(app.slots[0].name == "fixture");  // the previous model stays
    CHECK_FALSE(load_model_file(app, 1, scratch("no-such-model.cmdseq")));
    CHECK_FALSE(app.slots[1].loaded());

    // a second model is decoded beside the first
    set_model(app, 1, fixture_model(99), "other");
    update(app);
    CHECK(!app.slots[1].result.trace.empty());
    CHECK(app.slots[1].result.source_tokens == first.source_tokens);

    set_request(app, "   ");
    update(app);
    CHECK(app.slots[0].result.trace.empty());
    CHECK(app.slots[0].error.empty());
}

TEST_CASE("app: sampling runs go on over several frames and add up") {
    App app;
    set_model(app, 0, fixture_model(), "fixture");
    app.options.strategy = cmdseq::Strategy::Sample;
    app.options.temperature = 1.5f;
    update(app);
    app.runs = SampleRuns{};
    app.runs.wanted = 300;
    app.runs.first_seed = 5;
    int frames = 0;
    while (app.runs.done < app.runs.wanted && frames < 10000) update(app), ++frames;
    CHECK(app.runs.done == 300);
    int total = 0;
    for (auto& [cmd, n] : app.runs.counts) total += n;
    CHECK(total == 300);
    CHECK(app.runs.counts.size() > 1);  // temperature 1.5 spreads the commands
    // the same seeds give the same spread
    App again;
    set_model(again, 0, fixture_model(), "fixture");
    again.options = app.options;
    update(again);
    again.runs = SampleRuns{};
    again.runs.wanted = 300;
    again.runs.first_seed = 5;
    while (again.runs.done < again.runs.wanted) update(again);
    CHECK(again.runs.counts == app.runs.counts);
}

TEST_CASE("app: exports write the heatmap and the trace, or say why not") {
    App app;
    CHECK_FALSE(export_heatmap_png(app, scratch("empty.png")));
    CHECK(app.status == "nothing to export: translate a request first");
    set_model(app, 0, fixture_model(), "fixture");
    set_request(app, "copy zqxwv.txt to /opt/blorp");
    update(app);
    const cmdseq::Translation& t = app.slots[0].result;
    REQUIRE(!t.trace.empty());
    const std::string png = scratch("heatmap.png"), js = scratch("trace.json");
    REQUIRE(export_heatmap_png(app, png));
    Image img = read_png(png);
    CHECK(img.width == int(t.source_tokens.size()) * 26 + 2);
    CHECK(img.height == int(t.trace.size()) * 26 + 2);
    REQUIRE(export_trace_json(app, js));
    auto j = nlohmann::json::parse(read_bytes(js));
    CHECK(j["command"] == t.command);
    CHECK(j["trace"].size() == t.trace.size());
    CHECK_FALSE(export_heatmap_png(app, "/nonexistent-dir/x.png"));
    CHECK(app.status.rfind("cannot write the heatmap: ", 0) == 0);
    auto layout = nlohmann::json::parse(layout_json(app));
    CHECK(layout["command"] == t.command);
    CHECK(layout["output_steps"] == t.trace.size());
}
