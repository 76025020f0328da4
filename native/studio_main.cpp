// cmdseq-studio: the studio (studio/) in a desktop window, GLFW + OpenGL 3.
// This file only opens the window, feeds ImGui and renders; every panel is in
// studio/studio.cpp, shared with the browser build.
#define GLFW_INCLUDE_NONE  // OpenGL comes from the ImGui backend's loader
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "embedded_model.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_opengl3_loader.h"  // glReadPixels, loaded by the backend
#include "studio.h"

namespace {

const char* kUsage = R"(usage: cmdseq-studio [options]

The cmdseq studio: type a request and watch the model decode it step by step,
with the attention heatmap, the candidates at every step, sampling and beam
search controls, and a second model to compare with.

  --model FILE        model to inspect (default: the model built into cmdseq)
  --compare FILE      a second model, decoded side by side (e.g. fp32 vs int8)
  --request TEXT      request to start with (default "show disk usage")
  --strategy S        greedy, beam or sample (default greedy)
  --size WxH          window size in pixels (default 1400x900)
  --screenshot PNG    render a few frames, save the window as PNG, print the
                      layout (command, heatmap rectangle) as JSON and exit
  --frames N          frames rendered before the screenshot (default 5)
  --export-png FILE   write the request's attention heatmap as PNG and exit (no window)
  --export-json FILE  write the request's translation with its trace as JSON and exit
  --help

Drop a .cmdseq file on the window to load it (as A or B, chosen in the Models panel).
)";

struct Args {
    std::string model, compare, request = "show disk usage", strategy = "greedy", screenshot, export_png, export_json;
    int width = 1400, height = 900, frames = 5;
};

[[noreturn]] void usage_error(const std::string& msg) {
    std::fprintf(stderr, "cmdseq-studio: %s\n(cmdseq-studio --help lists the options)\n", msg.c_str());
    std::exit(2);
}

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage_error(k + " needs a value");
            return argv[++i];
        };
        if (k == "--help" || k == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (k == "--model") a.model = value();
        else if (k == "--compare") a.compare = value();
        else if (k == "--request") a.request = value();
        else if (k == "--strategy") a.strategy = value();
        else if (k == "--screenshot") a.screenshot = value();
        else if (k == "--export-png") a.export_png = value();
        else if (k == "--export-json") a.export_json = value();
        else if (k == "--frames") {
            std::string v = value();
            char* end = nullptr;
            long n = std::strtol(v.c_str(), &end, 10);
            if (*end || n < 1 || n > 10000) usage_error("--frames must be a whole number from 1 to 10000, got '" + v + "'");
            a.frames = int(n);
        } else if (k == "--size") {
            std::string v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &a.width, &a.height) != 2 || a.width < 320 || a.height < 240 || a.width > 8192 ||
                a.height > 8192)
                usage_error("--size must look like 1400x900 (320x240 to 8192x8192), got '" + v + "'");
        } else usage_error("unknown option '" + k + "'");
    }
    if (a.strategy != "greedy" && a.strategy != "beam" && a.strategy != "sample")
        usage_error("--strategy must be greedy, beam or sample, got '" + a.strategy + "'");
    return a;
}

// The back buffer as a top-row-first image.
studio::Image read_framebuffer(int w, int h) {
    studio::Image img(w, h, 0);
    std::vector<uint8_t> rows(size_t(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rows.data());
    for (int y = 0; y < h; ++y) std::memcpy(&img.rgba[size_t(y) * w * 4], &rows[size_t(h - 1 - y) * w * 4], size_t(w) * 4);
    return img;
}

void on_drop(GLFWwindow* window, int count, const char** paths) {
    auto* app = static_cast<studio::App*>(glfwGetWindowUserPointer(window));
    if (count > 0) studio::load_model_file(*app, app->drop_target, paths[0]);
}

void on_glfw_error(int code, const char* text) { std::fprintf(stderr, "cmdseq-studio: GLFW error %d: %s\n", code, text); }

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse_args(argc, argv);

    // Models first, so that a bad file is reported before any window opens.
    static studio::App app;  // large (text buffers); kept off the stack
    studio::set_request(app, args.request);
    app.options.strategy = args.strategy == "beam" ? cmdseq::Strategy::Beam
                           : args.strategy == "sample" ? cmdseq::Strategy::Sample : cmdseq::Strategy::Greedy;
    try {
        if (args.model.empty())
            studio::set_model(app, 0,
                              cmdseq::Model::load_buffer(cmdseq_native::embedded_model_data(), cmdseq_native::embedded_model_size(), "built-in"),
                              "built-in");
        else if (!studio::load_model_file(app, 0, args.model))
            throw std::runtime_error(app.status);
        if (!args.compare.empty() && !studio::load_model_file(app, 1, args.compare)) throw std::runtime_error(app.status);
        app.status.clear();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cmdseq-studio: %s\n", e.what());
        return 1;
    }
    if (!args.export_png.empty() || !args.export_json.empty()) {
        studio::update(app);
        if (!app.slots[0].error.empty()) return std::fprintf(stderr, "cmdseq-studio: %s\n", app.slots[0].error.c_str()), 1;
        bool ok = (args.export_png.empty() || studio::export_heatmap_png(app, args.export_png)) &&
                  (args.export_json.empty() || studio::export_trace_json(app, args.export_json));
        std::fprintf(ok ? stdout : stderr, "%s%s\n", ok ? "" : "cmdseq-studio: ", app.status.c_str());
        return ok ? 0 : 1;
    }

    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "cmdseq-studio: cannot open a window (no display? under a headless machine use xvfb-run)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    GLFWwindow* window = glfwCreateWindow(args.width, args.height, "cmdseq studio", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "cmdseq-studio: cannot create an OpenGL 3.2 window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(args.screenshot.empty() ? 1 : 0);
    glfwSetWindowUserPointer(window, &app);
    glfwSetDropCallback(window, on_drop);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed; nothing to remember
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 150");

    int status = 0;
    for (int frame = 1; !glfwWindowShouldClose(window); ++frame) {
        if (args.screenshot.empty()) glfwWaitEventsTimeout(app.playing || app.runs.done < app.runs.wanted ? 0.016 : 0.25);
        else glfwPollEvents();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        studio::frame(app);
        ImGui::Render();
        int fw = 0, fh = 0;
        glfwGetFramebufferSize(window, &fw, &fh);
        glViewport(0, 0, fw, fh);
        glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (!args.screenshot.empty() && frame >= args.frames) {
            try {
                studio::write_png(args.screenshot, read_framebuffer(fw, fh));
                std::printf("%s\n", studio::layout_json(app).c_str());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "cmdseq-studio: cannot save the screenshot: %s\n", e.what());
                status = 1;
            }
            break;
        }
        glfwSwapBuffers(window);
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}
