// cmdseq-studio.js: the studio (studio/) in a browser canvas, GLFW + WebGL2
// through Emscripten. This file only owns the canvas, the main loop and the
// functions a host page calls (index.html, with page_api.cpp); every
// panel is in studio/studio.cpp, shared with the desktop build.
#include <emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>

#include <cstdio>
#include <string>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "host.h"

studio::App& studio_app() {
    static studio::App app;
    return app;
}

namespace {

studio::App& app = studio_app();
GLFWwindow* window = nullptr;
std::string reply;  // what the last call below returned to JavaScript

// Exports land in the in-memory file system; hand them to the browser as a download.
void offer_download(const std::string& path) {
    EM_ASM(
        {
            const path = UTF8ToString($0);
            const data = FS.readFile(path);
            const url = URL.createObjectURL(new Blob([data]));
            const a = document.createElement('a');
            a.href = url;
            a.download = path.split('/').pop();
            a.click();
            setTimeout(() => URL.revokeObjectURL(url), 1000);
        },
        path.c_str());
}

void on_drop(GLFWwindow*, int count, const char** paths) {
    if (count > 0) studio::load_model_file(app, app.drop_target, paths[0]);
}

// Keep the framebuffer the size the page gives the canvas.
void fit_canvas() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    int w = 0, h = 0;
    glfwGetWindowSize(window, &w, &h);
    if (css_w >= 1 && css_h >= 1 && (int(css_w) != w || int(css_h) != h)) glfwSetWindowSize(window, int(css_w), int(css_h));
}

void main_loop() {
    fit_canvas();
    glfwPollEvents();
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
}

}  // namespace

extern "C" {

// Loads a .cmdseq file's bytes into slot 0 (A) or 1 (B); 1 on success. On
// failure the slot keeps its model and studio_error() says why.
EMSCRIPTEN_KEEPALIVE int studio_load_model(const uint8_t* data, int size, const char* name, int slot) {
    if (size < 0 || (slot != 0 && slot != 1)) return 0;
    return studio::load_model_bytes(app, slot, data, size_t(size), name) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void studio_set_request(const char* text) { studio::set_request(app, text); }

// Strategy "greedy", "beam" or "sample"; 0 for anything else.
EMSCRIPTEN_KEEPALIVE int studio_set_strategy(const char* name) {
    std::string s = name;
    if (s != "greedy" && s != "beam" && s != "sample") return 0;
    app.options.strategy = s == "beam" ? cmdseq::Strategy::Beam : s == "sample" ? cmdseq::Strategy::Sample : cmdseq::Strategy::Greedy;
    app.dirty = true;
    return 1;
}

// The command for the current request (translating first if it changed).
EMSCRIPTEN_KEEPALIVE const char* studio_command() {
    studio::update(app);
    reply = app.slots[0].error.empty() ? app.slots[0].result.command : std::string();
    return reply.c_str();
}

// Why the request or the last model load failed; empty when nothing did.
EMSCRIPTEN_KEEPALIVE const char* studio_error() {
    reply = !app.slots[0].error.empty() ? app.slots[0].error : app.status_is_error ? app.status : std::string();
    return reply.c_str();
}

// The last frame's layout as JSON: command, heatmap rectangle, counts.
EMSCRIPTEN_KEEPALIVE const char* studio_layout() {
    reply = studio::layout_json(app);
    return reply.c_str();
}

}  // extern "C"

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "cmdseq-studio: cannot initialise GLFW\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    window = glfwCreateWindow(1280, 800, "cmdseq studio", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "cmdseq-studio: cannot create a WebGL2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSetDropCallback(window, on_drop);
    app.on_export = offer_download;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    emscripten_set_main_loop(main_loop, 0, false);
    return 0;
}
