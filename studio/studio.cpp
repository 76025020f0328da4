#include "studio.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "imgui.h"

namespace studio {

using cmdseq::Strategy;
using cmdseq::Translation;
using json = nlohmann::json;

namespace {

constexpr double kSampleBudgetMs = 3.0;  // sampling runs per frame stop after this long
constexpr int kMaxRuns = 2000;

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

ImU32 to_imgui(uint32_t rgba) { return IM_COL32(rgba >> 24, (rgba >> 16) & 0xff, (rgba >> 8) & 0xff, rgba & 0xff); }

const ImVec4 kGreen(0.45f, 0.85f, 0.45f, 1), kRed(0.95f, 0.40f, 0.35f, 1), kAmber(0.95f, 0.75f, 0.30f, 1), kDim(0.6f, 0.6f, 0.6f, 1);

void set_status(App& app, const std::string& text, bool error) {
    app.status = text;
    app.status_is_error = error;
}

std::string base_name(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int rows_of(const Translation& t) { return static_cast<int>(t.trace.size()); }

// A source column's label: placeholders show their value, words the vocabulary
// lacks what they were read as: "(=kill)" by meaning (the word map), "(kill)" by spelling.
std::string source_label(const Translation& t, int j) {
    const std::string& tok = t.source_tokens[size_t(j)];
    for (auto& s : t.slots)
        if (s.source_index == j) return s.value;
    if (size_t(j) < t.source_read.size() && t.source_read[size_t(j)] != tok) {
        const bool meaning = size_t(j) < t.source_read_by.size() && t.source_read_by[size_t(j)] == "meaning";
        return tok + " (" + (meaning ? "=" : "") + t.source_read[size_t(j)] + ")";
    }
    return tok;
}

// An output row's label: the token chosen at that step, with its filled value.
std::string output_label(const Translation& t, const cmdseq::Model& m, int i) {
    std::string tok = m.target_vocab().token(t.trace[size_t(i)].chosen);
    for (auto& f : t.fills)
        if (f.output_index == i) return tok + " = " + f.value + (f.blank ? " (blank to fill in)" : "");
    return tok;
}

void translate_slot(ModelSlot& s, const std::string& request, const cmdseq::DecodeOptions& o) {
    s.error.clear();
    if (!s.loaded()) return;
    try {
        s.result = s.translator->translate(request, o);
    } catch (const std::exception& e) {
        s.result = Translation{};
        s.error = e.what();
    }
}

void risk_badge(const Translation& t) {
    const std::string summary = t.risk.summary();
    ImVec4 c = t.risk.has(cmdseq::kDestructive) ? kRed : t.risk.has(cmdseq::kNeedsRoot) ? kAmber : kGreen;
    ImGui::TextColored(c, "[%s]", summary.c_str());
    if (!t.risk.reasons.empty() && ImGui::IsItemHovered()) {
        std::string r;
        for (auto& line : t.risk.reasons) r += line + "\n";
        ImGui::SetTooltip("%s", r.c_str());
    }
}

// ---- panels -------------------------------------------------------------

void request_bar(App& app) {
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##request", "type a request, e.g. show disk usage", app.request, sizeof app.request))
        app.dirty = true;
}

void result_line(App& app) {
    ModelSlot& a = app.slots[0];
    if (!a.loaded()) return ImGui::TextColored(kDim, "no model loaded");
    if (!a.error.empty()) return ImGui::TextColored(kRed, "%s", a.error.c_str());
    if (a.result.trace.empty()) return ImGui::TextColored(kDim, "type a request above");
    const Translation& t = a.result;
    ImGui::SetWindowFontScale(1.6f);
    ImGui::TextUnformatted(t.command.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::SameLine();
    risk_badge(t);
    ImGui::SameLine();
    ImGui::TextColored(kDim, "score %.3f   log p %.3f   %.3f ms", t.score, t.log_prob, t.ms);
    for (auto& w : t.warnings) ImGui::TextColored(kAmber, "note: %s", w.c_str());
}

void decoding_panel(App& app) {
    if (!ImGui::CollapsingHeader("Decoding", ImGuiTreeNodeFlags_DefaultOpen)) return;
    cmdseq::DecodeOptions& o = app.options;
    int strategy = static_cast<int>(o.strategy);
    const char* names[] = {"greedy", "beam", "sampling"};
    if (ImGui::Combo("strategy", &strategy, names, 3)) o.strategy = static_cast<Strategy>(strategy), app.dirty = true;
    if (o.strategy == Strategy::Sample) {
        app.dirty |= ImGui::SliderFloat("temperature", &o.temperature, 0.0f, 3.0f, "%.2f");
        app.dirty |= ImGui::SliderInt("top-k", &o.top_k, 0, 50, o.top_k == 0 ? "off" : "%d");
        app.dirty |= ImGui::SliderFloat("top-p", &o.top_p, 0.05f, 1.0f, "%.2f");
        const ImU64 step = 1;
        app.dirty |= ImGui::InputScalar("seed", ImGuiDataType_U64, &o.seed, &step);
        if (ImGui::Button("resample")) {
            o.seed = cmdseq::Rng(o.seed).next() % 1000000 + 1;  // a new seed, reproducible from the old one
            app.dirty = true;
        }
    } else if (o.strategy == Strategy::Beam) {
        app.dirty |= ImGui::SliderInt("beam width", &o.beam_width, 1, 16);
        app.dirty |= ImGui::SliderFloat("length penalty", &o.length_penalty, 0.0f, 2.0f, "%.2f");
    }
    app.dirty |= ImGui::SliderInt("candidates shown", &app.candidates_shown, 2, 20);
}

void runs_panel(App& app) {
    if (!ImGui::CollapsingHeader("Repeat sampling", ImGuiTreeNodeFlags_DefaultOpen)) return;
    const bool sampling = app.options.strategy == Strategy::Sample;
    if (!sampling) ImGui::TextColored(kDim, "choose sampling to see the spread of commands");
    ImGui::BeginDisabled(!sampling || !app.slots[0].loaded());
    ImGui::SetNextItemWidth(100);
    ImGui::InputInt("runs", &app.runs_wanted, 10, 100);
    app.runs_wanted = std::clamp(app.runs_wanted, 1, kMaxRuns);
    ImGui::SameLine();
    if (ImGui::Button("run")) {
        app.runs = SampleRuns{};
        app.runs.wanted = app.runs_wanted;
        app.runs.first_seed = app.options.seed;
    }
    ImGui::EndDisabled();
    SampleRuns& r = app.runs;
    if (r.wanted == 0) return;
    char label[64];
    std::snprintf(label, sizeof label, "%d / %d", r.done, r.wanted);
    ImGui::ProgressBar(float(r.done) / float(r.wanted), ImVec2(-1, 0), label);
    std::vector<std::pair<int, std::string>> sorted;
    for (auto& [cmd, n] : r.counts) sorted.push_back({n, cmd});
    std::sort(sorted.begin(), sorted.end(), [](auto& x, auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
    for (size_t i = 0; i < sorted.size() && i < 12; ++i) {
        float share = r.done ? float(sorted[i].first) / float(r.done) : 0;
        std::snprintf(label, sizeof label, "%d (%.0f%%)", sorted[i].first, 100 * share);
        ImGui::ProgressBar(share, ImVec2(110, 0), label);
        ImGui::SameLine();
        ImGui::TextUnformatted(sorted[i].second.c_str());
    }
    if (sorted.size() > 12) ImGui::TextColored(kDim, "and %zu other commands", sorted.size() - 12);
}

void model_info(App& app, int which) {
    ModelSlot& s = app.slots[which];
    ImGui::PushID(which);
    const char* tag = which == 0 ? "A" : "B";
    if (!s.loaded()) {
        ImGui::TextColored(kDim, "%s: none", tag);
        ImGui::PopID();
        return;
    }
    const cmdseq::Model& m = *s.model;
    const cmdseq::ModelConfig& c = m.config();
    ImGui::Text("%s: %s", tag, s.name.c_str());
    if (which == 1) {
        ImGui::SameLine();
        if (ImGui::SmallButton("remove")) clear_model(app, 1);
        if (!s.loaded()) return ImGui::PopID();
    }
    if (ImGui::BeginTable("info", 2, ImGuiTableFlags_SizingFixedFit)) {
        auto row = [](const char* k, const std::string& v) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(kDim, "%s", k);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(v.c_str());
        };
        row("storage", cmdseq::storage_name(c.storage));
        row("file", std::to_string(m.file_bytes()) + " bytes");
        row("parameters", std::to_string(m.parameter_count()));
        row("in memory", std::to_string(m.weight_bytes()) + " bytes");
        row("embedding / hidden", std::to_string(c.embedding_dim) + " / " + std::to_string(c.hidden_dim) +
                                      (c.bidirectional ? " (bidirectional)" : ""));
        row("attention", std::to_string(c.attention_dim));
        row("vocabularies", std::to_string(c.source_vocab_size) + " source, " + std::to_string(c.target_vocab_size) + " target");
        row("unknown words", cmdseq::source_match_name(c.source_match));
        ImGui::EndTable();
    }
    if (ImGui::TreeNode("metadata")) {
        json meta = json::parse(m.metadata_json(), nullptr, false);
        ImGui::TextWrapped("%s", meta.is_discarded() ? m.metadata_json().c_str() : meta.dump(1).c_str());
        ImGui::TreePop();
    }
    if (ImGui::TreeNode("vocabularies")) {
        static const char* kinds[] = {"source", "target"};
        for (int k = 0; k < 2; ++k) {
            const cmdseq::Vocabulary& v = k == 0 ? m.source_vocab() : m.target_vocab();
            if (ImGui::TreeNode(kinds[k], "%s (%d)", kinds[k], v.size())) {
                ImGui::BeginChild("tokens", ImVec2(0, 140), true);
                ImGuiListClipper clip;
                clip.Begin(v.size());
                while (clip.Step())
                    for (int id = clip.DisplayStart; id < clip.DisplayEnd; ++id) ImGui::Text("%5d  %s", id, v.token(id).c_str());
                ImGui::EndChild();
                ImGui::TreePop();
            }
        }
        ImGui::TreePop();
    }
    ImGui::PopID();
}

void models_panel(App& app) {
    if (!ImGui::CollapsingHeader("Models", ImGuiTreeNodeFlags_DefaultOpen)) return;
    model_info(app, 0);
    ImGui::Separator();
    model_info(app, 1);
    ImGui::Separator();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##path", "path to a .cmdseq file", app.model_path, sizeof app.model_path);
    if (ImGui::Button("load as A")) load_model_file(app, 0, app.model_path);
    ImGui::SameLine();
    if (ImGui::Button("load as B (compare)")) load_model_file(app, 1, app.model_path);
    ImGui::Text("dropped files go to");
    ImGui::SameLine();
    ImGui::RadioButton("A", &app.drop_target, 0);
    ImGui::SameLine();
    ImGui::RadioButton("B", &app.drop_target, 1);
}

void export_panel(App& app) {
    if (!ImGui::CollapsingHeader("Export")) return;
    ImGui::BeginDisabled(app.slots[0].result.trace.empty());
    ImGui::SetNextItemWidth(170);
    ImGui::InputText("##png", app.png_path, sizeof app.png_path);
    ImGui::SameLine();
    if (ImGui::Button("heatmap PNG")) export_heatmap_png(app, app.png_path);
    ImGui::SetNextItemWidth(170);
    ImGui::InputText("##json", app.json_path, sizeof app.json_path);
    ImGui::SameLine();
    if (ImGui::Button("trace JSON")) export_trace_json(app, app.json_path);
    ImGui::EndDisabled();
}

// The attention heatmap: output steps (rows) x source tokens (columns).
void heatmap_panel(App& app) {
    ModelSlot& a = app.slots[0];
    const Translation& t = a.result;
    app.heatmap = HeatmapLayout{};
    ImGui::Text("Attention");
    ImGui::SameLine();
    ImGui::TextColored(kDim, "rows: output tokens, columns: request tokens; hover a cell, click a row");
    const int rows = rows_of(t), cols = static_cast<int>(t.source_tokens.size());
    if (!a.loaded() || rows == 0 || cols == 0) return;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float label_w = 150, header_h = ImGui::GetTextLineHeightWithSpacing() + 4, gap = 2;
    const float avail = ImGui::GetContentRegionAvail().x - label_w;
    const float cw = std::clamp(std::floor((avail - gap) / cols) - gap, 10.0f, 90.0f);
    const float ch = std::clamp(cw * 0.6f, 14.0f, 24.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 grid(origin.x + label_w, origin.y + header_h);
    const float gw = cols * (cw + gap) + gap, gh = rows * (ch + gap) + gap;

    // column labels, clipped to their column; the full text on hover
    for (int j = 0; j < cols; ++j) {
        std::string label = source_label(t, j);
        ImVec2 p(grid.x + gap + j * (cw + gap), origin.y);
        ImVec4 clip(p.x, p.y, p.x + cw, p.y + header_h);
        bool placeholder = false;
        for (auto& s : t.slots) placeholder |= s.source_index == j;
        dl->AddText(nullptr, 0, p, placeholder ? IM_COL32(120, 200, 255, 255) : IM_COL32(230, 230, 230, 255), label.c_str(), nullptr, 0, &clip);
        if (ImGui::IsMouseHoveringRect(p, ImVec2(p.x + cw, p.y + header_h)))
            ImGui::SetTooltip("%s%s", label.c_str(), placeholder ? ("  (" + t.source_tokens[size_t(j)] + ")").c_str() : "");
    }
    dl->AddRectFilled(grid, ImVec2(grid.x + gw, grid.y + gh), to_imgui(kHeatmapGap));
    const int shown = std::min(rows, app.step + 1);  // step-through: later rows are not decoded yet
    for (int i = 0; i < rows; ++i) {
        const float y = grid.y + gap + i * (ch + gap);
        std::string label = output_label(t, *a.model, i);
        ImVec4 clip(origin.x, y, grid.x - 6, y + ch);
        dl->AddText(nullptr, 0, ImVec2(origin.x + 12, y + (ch - ImGui::GetTextLineHeight()) / 2),
                    i < shown ? IM_COL32(230, 230, 230, 255) : IM_COL32(110, 110, 110, 255), label.c_str(), nullptr, 0, &clip);
        if (i == app.step)  // the selected step: a marker left of its label, never inside the grid
            dl->AddTriangleFilled(ImVec2(origin.x + 2, y + 3), ImVec2(origin.x + 2, y + ch - 3), ImVec2(origin.x + 9, y + ch / 2),
                                  IM_COL32(255, 200, 60, 255));
        for (int j = 0; j < cols && i < shown; ++j) {
            float w = j < int(t.trace[size_t(i)].attention.size()) ? t.trace[size_t(i)].attention[size_t(j)] : 0.0f;
            ImVec2 p0(grid.x + gap + j * (cw + gap), y), p1(p0.x + cw, y + ch);
            dl->AddRectFilled(p0, p1, to_imgui(heat_colour(w)));
            if (ImGui::IsMouseHoveringRect(p0, p1)) {
                ImGui::SetTooltip("%s  <-  %s\nweight %.4f", label.c_str(), source_label(t, j).c_str(), w);
                if (ImGui::IsMouseClicked(0)) app.step = i, app.playing = false;
            }
        }
        if (ImGui::IsMouseHoveringRect(ImVec2(origin.x, y), ImVec2(grid.x, y + ch)) && ImGui::IsMouseClicked(0))
            app.step = i, app.playing = false;
    }
    const float s = app.framebuffer_scale;
    app.heatmap = HeatmapLayout{grid.x * s, grid.y * s, gw * s, gh * s, rows, cols};

    // legend: the colour scale from 0 to 1
    const float ly = grid.y + gh + 8, lw = std::min(240.0f, std::max(gw, 120.0f));
    for (int k = 0; k < 48; ++k) {
        float x0 = grid.x + lw * k / 48, x1 = grid.x + lw * (k + 1) / 48;
        dl->AddRectFilled(ImVec2(x0, ly), ImVec2(x1 + 0.5f, ly + 10), to_imgui(heat_colour((k + 0.5f) / 48)));
    }
    dl->AddText(ImVec2(origin.x, ly - 2), IM_COL32(170, 170, 170, 255), "weight");
    dl->AddText(ImVec2(grid.x, ly + 12), IM_COL32(170, 170, 170, 255), "0");
    dl->AddText(ImVec2(grid.x + lw / 2 - 8, ly + 12), IM_COL32(170, 170, 170, 255), "0.5");
    dl->AddText(ImVec2(grid.x + lw - 8, ly + 12), IM_COL32(170, 170, 170, 255), "1");
    ImGui::Dummy(ImVec2(label_w + gw, header_h + gh + 32));
}

void step_controls(App& app) {
    const Translation& t = app.slots[0].result;
    const int rows = rows_of(t);
    if (rows == 0) return;
    app.step = std::clamp(app.step, 0, rows - 1);
    if (ImGui::Button("|<")) app.step = 0, app.playing = false;
    ImGui::SameLine();
    if (ImGui::Button("<")) app.step = std::max(0, app.step - 1), app.playing = false;
    ImGui::SameLine();
    if (ImGui::Button(app.playing ? "pause" : "play ")) {
        if (!app.playing && app.step >= rows - 1) app.step = 0;  // replay from the start
        app.playing = !app.playing;
        app.play_clock = 0;
    }
    ImGui::SameLine();
    if (ImGui::Button(">")) app.step = std::min(rows - 1, app.step + 1), app.playing = false;
    ImGui::SameLine();
    if (ImGui::Button(">|")) app.step = rows - 1, app.playing = false;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140);
    ImGui::SliderFloat("steps/s", &app.steps_per_second, 0.25f, 10.0f, "%.2f");
    ImGui::SameLine();
    ImGui::Text("step %d / %d: %s", app.step + 1, rows, output_label(t, *app.slots[0].model, app.step).c_str());
}

void candidates_panel(App& app) {
    const Translation& t = app.slots[0].result;
    if (t.trace.empty()) return;
    const cmdseq::TraceStep& s = t.trace[size_t(std::clamp(app.step, 0, rows_of(t) - 1))];
    const cmdseq::Vocabulary& v = app.slots[0].model->target_vocab();
    const cmdseq::DecodeOptions& o = app.options;
    ImGui::Text("Candidates at step %d", app.step + 1);
    ImGui::SameLine();
    if (o.strategy == Strategy::Sample)
        ImGui::TextColored(kDim, "grey: the model's probability; blue: after temperature %.2f, top-k %s, top-p %.2f", o.temperature,
                           o.top_k ? std::to_string(o.top_k).c_str() : "off", o.top_p);
    else
        ImGui::TextColored(kDim, "%s: no filtering, the model's probabilities", o.strategy == Strategy::Beam ? "beam search" : "greedy");
    if (!ImGui::BeginTable("cands", 4, ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("token", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn("bars", ImGuiTableColumnFlags_WidthFixed, 260);
    ImGui::TableSetupColumn("p", ImGuiTableColumnFlags_WidthFixed, 70);
    ImGui::TableSetupColumn("after", ImGuiTableColumnFlags_WidthFixed, 70);
    bool cut_drawn = false;
    for (size_t k = 0; k < s.candidates.size(); ++k) {
        const cmdseq::Candidate& c = s.candidates[k];
        const bool filtered = o.strategy == Strategy::Sample && c.sample_prob <= 0;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (filtered && !cut_drawn) {  // the first token the filters removed: draw the cut-off above it
            cut_drawn = true;
            const char* why = (o.top_k > 0 && int(k) >= o.top_k) ? "top-k" : "top-p";
            ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y - 1), ImVec2(p.x + 560, p.y - 1), IM_COL32(240, 90, 80, 255), 2);
            ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 480, p.y - 14), IM_COL32(240, 90, 80, 255), why);
        }
        const bool chosen = c.token == s.chosen;
        const std::string tok = v.token(c.token);
        if (chosen)
            ImGui::TextColored(kGreen, "> %s", tok.c_str());
        else
            ImGui::TextColored(filtered ? kDim : ImVec4(1, 1, 1, 1), "  %s", tok.c_str());
        ImGui::TableNextColumn();
        ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = 250, h = ImGui::GetTextLineHeight();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), IM_COL32(40, 40, 40, 255));
        dl->AddRectFilled(p, ImVec2(p.x + w * c.prob, p.y + h * 0.5f), IM_COL32(150, 150, 150, 255));
        dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.5f), ImVec2(p.x + w * c.sample_prob, p.y + h),
                          chosen ? IM_COL32(110, 220, 110, 255) : IM_COL32(80, 150, 240, 255));
        ImGui::Dummy(ImVec2(w, h));
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", c.prob);
        ImGui::TableNextColumn();
        ImGui::TextColored(filtered ? kDim : ImVec4(1, 1, 1, 1), "%.4f", c.sample_prob);
    }
    ImGui::EndTable();
}

void beam_panel(App& app) {
    const Translation& t = app.slots[0].result;
    if (app.options.strategy != Strategy::Beam || t.trace.empty()) return;
    const cmdseq::TraceStep& s = t.trace[size_t(std::clamp(app.step, 0, rows_of(t) - 1))];
    const cmdseq::Vocabulary& v = app.slots[0].model->target_vocab();
    ImGui::Text("Beam after step %d (%zu hypotheses)", app.step + 1, s.beams.size());
    if (!ImGui::BeginTable("beams", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("log p", ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableSetupColumn("state", ImGuiTableColumnFlags_WidthFixed, 60);
    ImGui::TableSetupColumn("tokens", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (auto& b : s.beams) {
        std::string text;
        for (int id : b.tokens) text += (text.empty() ? "" : " ") + v.token(id);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", b.log_prob);
        ImGui::TableNextColumn();
        ImGui::TextColored(b.finished ? kGreen : kDim, b.finished ? "done" : "live");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(text.c_str());
    }
    ImGui::EndTable();
}

// A against B on the same request: commands, tokens and attention side by side.
void compare_panel(App& app) {
    ModelSlot &a = app.slots[0], &b = app.slots[1];
    if (!b.loaded()) return;
    ImGui::Separator();
    ImGui::Text("Compare  A: %s   B: %s", a.name.c_str(), b.name.c_str());
    if (!b.error.empty()) return ImGui::TextColored(kRed, "B: %s", b.error.c_str());
    const Translation &ta = a.result, &tb = b.result;
    if (ta.trace.empty() || tb.trace.empty()) return;
    const bool same = ta.command == tb.command;
    ImGui::TextColored(same ? kGreen : kAmber, same ? "same command" : "different commands");
    ImGui::Text("A  %s", ta.command.c_str());
    ImGui::SameLine(420);
    ImGui::TextColored(kDim, "%.3f ms", ta.ms);
    ImGui::Text("B  %s", tb.command.c_str());
    ImGui::SameLine(420);
    ImGui::TextColored(kDim, "%.3f ms", tb.ms);
    // output tokens, the differing ones marked
    const size_t n = std::max(ta.output_tokens.size(), tb.output_tokens.size());
    for (int which = 0; which < 2; ++which) {
        const Translation& t = which == 0 ? ta : tb;
        const Translation& other = which == 0 ? tb : ta;
        ImGui::Text("%s tokens:", which == 0 ? "A" : "B");
        for (size_t i = 0; i < n; ++i) {
            const bool has = i < t.output_tokens.size();
            const bool differs = !has || i >= other.output_tokens.size() || t.output_tokens[i] != other.output_tokens[i];
            ImGui::SameLine();
            ImGui::TextColored(differs ? kAmber : ImVec4(1, 1, 1, 1), "%s", has ? t.output_tokens[i].c_str() : "-");
        }
    }
    // attention difference |A - B| over the steps both made
    if (ta.source_tokens != tb.source_tokens) return ImGui::TextColored(kDim, "the models tokenize the request differently");
    const int rows = std::min(rows_of(ta), rows_of(tb)), cols = static_cast<int>(ta.source_tokens.size());
    float max_diff = 0;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) max_diff = std::max(max_diff, std::fabs(ta.trace[size_t(i)].attention[size_t(j)] - tb.trace[size_t(i)].attention[size_t(j)]));
    ImGui::Text("attention |A - B| over the first %d steps: largest %.4f", rows, max_diff);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float cw = 18, ch = 12;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            float d = std::fabs(ta.trace[size_t(i)].attention[size_t(j)] - tb.trace[size_t(i)].attention[size_t(j)]);
            int level = int(255 * std::min(1.0f, d / 0.25f));  // full red at a difference of 0.25
            ImVec2 p0(o.x + j * (cw + 1), o.y + i * (ch + 1));
            dl->AddRectFilled(p0, ImVec2(p0.x + cw, p0.y + ch), IM_COL32(40 + level * 215 / 255, 40, 40, 255));
            if (ImGui::IsMouseHoveringRect(p0, ImVec2(p0.x + cw, p0.y + ch)))
                ImGui::SetTooltip("step %d, %s\nA %.4f  B %.4f", i + 1, source_label(ta, j).c_str(), ta.trace[size_t(i)].attention[size_t(j)],
                                  tb.trace[size_t(i)].attention[size_t(j)]);
        }
    ImGui::Dummy(ImVec2(cols * (cw + 1), rows * (ch + 1)));
}

}  // namespace

// ---- state ----------------------------------------------------------------

void set_model(App& app, int slot, std::shared_ptr<const cmdseq::Model> model, const std::string& name) {
    ModelSlot& s = app.slots[slot];
    s.translator = std::make_unique<cmdseq::Translator>(model);
    s.model = std::move(model);
    s.name = name;
    s.result = Translation{};
    app.dirty = true;
    app.runs = SampleRuns{};
}

bool load_model_file(App& app, int slot, const std::string& path) {
    if (path.empty()) return set_status(app, "type the path of a .cmdseq file first", true), false;
    try {
        set_model(app, slot, cmdseq::Model::load_file(path), base_name(path));
        set_status(app, "loaded " + path + (slot ? " as B" : " as A"), false);
        return true;
    } catch (const std::exception& e) {
        set_status(app, e.what(), true);
        return false;
    }
}

bool load_model_bytes(App& app, int slot, const uint8_t* data, size_t size, const std::string& name) {
    try {
        set_model(app, slot, cmdseq::Model::load_buffer(data, size, name), name);
        set_status(app, "loaded " + name + (slot ? " as B" : " as A"), false);
        return true;
    } catch (const std::exception& e) {
        set_status(app, e.what(), true);
        return false;
    }
}

void clear_model(App& app, int slot) {
    app.slots[slot] = ModelSlot{};
    app.dirty = true;
}

void set_request(App& app, const std::string& text) {
    std::snprintf(app.request, sizeof app.request, "%s", text.c_str());
    app.dirty = true;
}

void update(App& app) {
    const double start = now_ms();
    if (app.dirty) {
        app.dirty = false;
        cmdseq::DecodeOptions o = app.options;
        o.trace = true;
        o.trace_candidates = app.candidates_shown;
        const std::string request = app.request;
        for (ModelSlot& s : app.slots) {
            if (request.find_first_not_of(" \t") == std::string::npos) {
                s.result = Translation{}, s.error.clear();
                continue;
            }
            translate_slot(s, request, o);
        }
        const int rows = rows_of(app.slots[0].result);
        app.step = app.playing ? 0 : std::max(0, rows - 1);
        app.play_clock = 0;
        app.runs = SampleRuns{};
    }
    // sampling runs, a few milliseconds' worth per frame
    SampleRuns& r = app.runs;
    if (r.done < r.wanted && app.slots[0].loaded()) {
        cmdseq::DecodeOptions o = app.options;
        o.trace = false;
        while (r.done < r.wanted && now_ms() - start < kSampleBudgetMs) {
            o.seed = r.first_seed + uint64_t(r.done);
            try {
                ++r.counts[app.slots[0].translator->translate(app.request, o).command];
            } catch (const std::exception&) {
                r.wanted = r.done;  // the request itself fails; the result line says why
                break;
            }
            ++r.done;
        }
    }
    app.last_work_ms = now_ms() - start;
    app.max_work_ms = std::max(app.max_work_ms, app.last_work_ms);
}

void frame(App& app) {
    ImGuiIO& io = ImGui::GetIO();
    app.framebuffer_scale = io.DisplayFramebufferScale.x;
    update(app);
    const int rows = rows_of(app.slots[0].result);
    if (app.playing && rows > 0) {
        app.play_clock += io.DeltaTime * app.steps_per_second;
        while (app.play_clock >= 1.0 && app.playing) {
            app.play_clock -= 1.0;
            if (++app.step >= rows - 1) app.step = rows - 1, app.playing = false;
        }
    }

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("cmdseq studio", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
    request_bar(app);
    result_line(app);
    ImGui::Separator();
    const float status_h = ImGui::GetTextLineHeightWithSpacing() + 4;
    if (ImGui::BeginTable("layout", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV,
                          ImVec2(0, ImGui::GetContentRegionAvail().y - status_h))) {
        ImGui::TableSetupColumn("controls", ImGuiTableColumnFlags_WidthFixed, 340);
        ImGui::TableSetupColumn("views", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableNextColumn();
        ImGui::BeginChild("controls");
        decoding_panel(app);
        runs_panel(app);
        models_panel(app);
        export_panel(app);
        ImGui::EndChild();
        ImGui::TableNextColumn();
        ImGui::BeginChild("views", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
        heatmap_panel(app);
        step_controls(app);
        ImGui::Separator();
        candidates_panel(app);
        beam_panel(app);
        compare_panel(app);
        ImGui::EndChild();
        ImGui::EndTable();
    }
    if (!app.status.empty()) ImGui::TextColored(app.status_is_error ? kRed : kDim, "%s", app.status.c_str());
    else ImGui::TextColored(kDim, "decoding took %.2f ms this frame (most %.2f ms)", app.last_work_ms, app.max_work_ms);
    ImGui::End();
}

// ---- exports ----------------------------------------------------------------

uint32_t heat_colour(float w) {
    // viridis at five stops: dark violet (0) to yellow (1); every colour stays clear of the gap colour
    static const float stops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    if (!(w >= 0)) w = 0;  // NaN too
    w = std::min(w, 1.0f) * 4;
    int i = std::min(int(w), 3);
    float f = w - i;
    uint32_t c = 0;
    for (int k = 0; k < 3; ++k) c = c << 8 | uint32_t(std::lround(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f));
    return c << 8 | 0xff;
}

Image render_heatmap(const Translation& t, int cell, int gap) {
    const int rows = rows_of(t), cols = static_cast<int>(t.source_tokens.size());
    Image img(std::max(1, cols * (cell + gap) + gap), std::max(1, rows * (cell + gap) + gap), kHeatmapGap);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols && j < int(t.trace[size_t(i)].attention.size()); ++j) {
            int x = gap + j * (cell + gap), y = gap + i * (cell + gap);
            img.fill_rect(x, y, x + cell, y + cell, heat_colour(t.trace[size_t(i)].attention[size_t(j)]));
        }
    return img;
}

bool export_heatmap_png(App& app, const std::string& path) {
    const Translation& t = app.slots[0].result;
    if (t.trace.empty()) return set_status(app, "nothing to export: translate a request first", true), false;
    try {
        write_png(path, render_heatmap(t));
    } catch (const std::exception& e) {
        return set_status(app, std::string("cannot write the heatmap: ") + e.what(), true), false;
    }
    set_status(app, "wrote " + path, false);
    if (app.on_export) app.on_export(path);
    return true;
}

bool export_trace_json(App& app, const std::string& path) {
    const ModelSlot& a = app.slots[0];
    if (a.result.trace.empty()) return set_status(app, "nothing to export: translate a request first", true), false;
    try {
        std::string text = cmdseq::translation_to_json(a.result, *a.model, true) + "\n";
        cmdseq::write_file_atomic(path, std::vector<uint8_t>(text.begin(), text.end()));
    } catch (const std::exception& e) {
        return set_status(app, std::string("cannot write the trace: ") + e.what(), true), false;
    }
    set_status(app, "wrote " + path, false);
    if (app.on_export) app.on_export(path);
    return true;
}

std::string layout_json(const App& app) {
    const Translation& t = app.slots[0].result;
    json j = {{"request", app.request},
              {"command", t.command},
              {"risk", t.risk.summary()},
              {"model", app.slots[0].name},
              {"source_tokens", t.source_tokens.size()},
              {"output_steps", t.trace.size()},
              {"heatmap", {{"x", app.heatmap.x}, {"y", app.heatmap.y}, {"w", app.heatmap.w}, {"h", app.heatmap.h},
                           {"rows", app.heatmap.rows}, {"cols", app.heatmap.cols}}},
              {"max_decode_ms", app.max_work_ms}};
    if (app.slots[1].loaded()) j["command_b"] = app.slots[1].result.command;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace studio
