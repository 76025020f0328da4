// cmdseq studio: the Dear ImGui inspector shared by the desktop build
// (native/studio_main.cpp, GLFW + OpenGL 3) and the browser build
// (wasm/studio_main.cpp, GLFW + WebGL2). The entry points own the window and
// the renderer; everything drawn inside it is here.
//
//   studio::App app;
//   studio::set_model(app, 0, model, "standard-int8.cmdseq");
//   every frame: ImGui::NewFrame(); studio::frame(app); ImGui::Render();
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cmdseq.h"
#include "png.h"

namespace studio {

// One loaded model and its latest translation of the request.
struct ModelSlot {
    std::string name;  // file name, or "built-in"
    std::shared_ptr<const cmdseq::Model> model;
    std::unique_ptr<cmdseq::Translator> translator;
    cmdseq::Translation result;  // with the trace
    std::string error;           // why the last translation failed
    bool loaded() const { return model != nullptr; }
};

// "Repeat N times": sampling runs spread over frames so none blocks for long.
struct SampleRuns {
    int wanted = 0, done = 0;
    uint64_t first_seed = 1;
    std::map<std::string, int> counts;  // command -> how many runs gave it
};

// Where the heatmap was drawn in the last frame, in framebuffer pixels; the
// screenshot test finds the cells here.
struct HeatmapLayout {
    float x = 0, y = 0, w = 0, h = 0;
    int rows = 0, cols = 0;
};

struct App {
    // request and decoding options
    char request[1024] = "show disk usage";
    cmdseq::DecodeOptions options;
    int candidates_shown = 10;

    // models: [0] = A (the one inspected), [1] = B (compared with A when loaded)
    ModelSlot slots[2];
    char model_path[1024] = "";
    int drop_target = 0;  // which slot a dropped file goes to

    // step-through
    int step = 0;           // selected decoding step (row of the heatmap)
    bool playing = false;
    float steps_per_second = 2.0f;
    double play_clock = 0;  // seconds accumulated towards the next step

    SampleRuns runs;
    int runs_wanted = 100;

    char png_path[512] = "heatmap.png";
    char json_path[512] = "trace.json";
    std::string status;        // last message for the status line (loads, exports, errors)
    bool status_is_error = false;

    // bookkeeping
    bool dirty = true;         // request or options changed: translate again
    double last_work_ms = 0;   // time spent translating in the last frame
    double max_work_ms = 0;    // the most any frame spent translating
    HeatmapLayout heatmap;
    float framebuffer_scale = 1.0f;

    // Called after a PNG or JSON export with the path written (the browser
    // build offers the file as a download).
    void (*on_export)(const std::string& path) = nullptr;
};

// Loading: on failure the slot keeps its previous model and the error goes to
// app.status; returns whether the new model is in place.
void set_model(App& app, int slot, std::shared_ptr<const cmdseq::Model> model, const std::string& name);
bool load_model_file(App& app, int slot, const std::string& path);
bool load_model_bytes(App& app, int slot, const uint8_t* data, size_t size, const std::string& name);
void clear_model(App& app, int slot);

void set_request(App& app, const std::string& text);
// Translates now if the request or options changed (frame() does this too).
void update(App& app);
// Draws one frame of the whole studio into the current ImGui context.
void frame(App& app);

// The heatmap as an image: one cell_px square per (output step, source token),
// gap_px of background between cells. Used by the PNG export.
Image render_heatmap(const cmdseq::Translation& t, int cell_px = 24, int gap_px = 2);
// The attention colour scale, weight 0..1 -> 0xRRGGBBAA.
uint32_t heat_colour(float weight);
constexpr uint32_t kHeatmapGap = 0x141414ff;  // drawn between cells

bool export_heatmap_png(App& app, const std::string& path);
bool export_trace_json(App& app, const std::string& path);
// What the screenshot test reads beside the PNG: command, heatmap rectangle, counts.
std::string layout_json(const App& app);

}  // namespace studio
