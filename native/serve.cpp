// cmdseq serve: the web app (index.html, web/, models/) and a JSON API over
// HTTP, loopback only unless told otherwise.
//
//   POST /translate  {"text": "...", "strategy": "beam", "beam_width": 4, "trace": true, ...}
//                    -> what `cmdseq --json` prints for that request
//   GET  /health     -> {"status": "ok", ...}
//   GET  /model      -> what `cmdseq info --json` prints
//
// Requests are answered by a pool of threads, each with its own Translator
// over one shared Model (a Translator's buffers are not to be shared).
#include "subcommands.h"

#ifdef CMDSEQ_HAVE_HTTPLIB
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <httplib.h>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>

namespace cmdseq_native {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr size_t kMaxBody = 64 * 1024;  // a request is at most a few hundred characters

// One Translator per server thread, handed out per request.
class TranslatorPool {
public:
    TranslatorPool(std::shared_ptr<const cmdseq::Model> model, size_t n, const CliOptions& o) {
        for (size_t i = 0; i < n; ++i) {
            free_.push_back(std::make_unique<cmdseq::Translator>(model));
            if (o.match_set) free_.back()->set_source_match(o.source_match);
        }
    }
    template <class F>
    auto with(F&& f) {
        std::unique_ptr<cmdseq::Translator> tr;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            ready_.wait(lock, [&] { return !free_.empty(); });
            tr = std::move(free_.back());
            free_.pop_back();
        }
        struct Return {
            TranslatorPool& pool;
            std::unique_ptr<cmdseq::Translator>& tr;
            ~Return() {
                std::lock_guard<std::mutex> lock(pool.mutex_);
                pool.free_.push_back(std::move(tr));
                pool.ready_.notify_one();
            }
        } give_back{*this, tr};
        return f(*tr);
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<std::unique_ptr<cmdseq::Translator>> free_;
};

struct BadRequest : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The body's decoding options over the server's defaults; unknown fields are
// refused so that a misspelt option is not silently ignored.
cmdseq::DecodeOptions read_options(const json& body, cmdseq::DecodeOptions o, bool& trace) {
    auto integer = [&](const char* key) {
        const json& v = body[key];
        if (!v.is_number_integer()) throw BadRequest(std::string("\"") + key + "\" must be an integer");
        return v.get<long long>();
    };
    auto number = [&](const char* key) {
        const json& v = body[key];
        if (!v.is_number()) throw BadRequest(std::string("\"") + key + "\" must be a number");
        return v.get<double>();
    };
    auto in_int = [&](const char* key, long long lo, long long hi) {
        long long v = integer(key);
        if (v < lo || v > hi) throw BadRequest(std::string("\"") + key + "\" must be between " + std::to_string(lo) + " and " + std::to_string(hi));
        return int(v);
    };
    for (auto it = body.begin(); it != body.end(); ++it) {
        const std::string& key = it.key();
        if (key == "text") continue;
        if (key == "strategy") {
            if (!it->is_string()) throw BadRequest("\"strategy\" must be \"greedy\", \"beam\" or \"sample\"");
            const std::string s = it->get<std::string>();
            if (s == "greedy") o.strategy = cmdseq::Strategy::Greedy;
            else if (s == "beam") o.strategy = cmdseq::Strategy::Beam;
            else if (s == "sample") o.strategy = cmdseq::Strategy::Sample;
            else throw BadRequest("\"strategy\" must be \"greedy\", \"beam\" or \"sample\", got \"" + s + "\"");
        } else if (key == "beam_width") o.beam_width = in_int("beam_width", 1, 1000);
        else if (key == "nbest") o.nbest = in_int("nbest", 1, 1000);
        else if (key == "length_penalty") o.length_penalty = float(number("length_penalty"));
        else if (key == "temperature") o.temperature = float(number("temperature"));
        else if (key == "top_k") o.top_k = in_int("top_k", 0, 1000000);
        else if (key == "top_p") o.top_p = float(number("top_p"));
        else if (key == "seed") {
            if (!it->is_number_unsigned()) throw BadRequest("\"seed\" must be a non-negative integer");
            o.seed = it->get<uint64_t>();
        } else if (key == "max_len") o.max_len = in_int("max_len", 1, 100000);
        else if (key == "trace") {
            if (!it->is_boolean()) throw BadRequest("\"trace\" must be true or false");
            trace = it->get<bool>();
        } else if (key == "top") o.trace_candidates = in_int("top", 1, 100);
        else throw BadRequest("unknown field \"" + key + "\" (known: text, strategy, beam_width, nbest, length_penalty, temperature, "
                              "top_k, top_p, seed, max_len, trace, top)");
    }
    o.trace = trace;
    try {
        o.validate();
    } catch (const cmdseq::OptionsError& e) {
        throw BadRequest(e.what());
    }
    return o;
}

void reply_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body + "\n", "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
    reply_json(res, status, json{{"error", message}, {"status", status}}.dump());
}

// The directory with index.html: --root, else the source tree this binary was built from.
std::string web_root(const CliOptions& o) {
    if (!o.web_root.empty()) return o.web_root;
#ifdef CMDSEQ_SOURCE_DIR
    return CMDSEQ_SOURCE_DIR;
#else
    return ".";
#endif
}

}  // namespace

int run_serve(const CliOptions& o) {
    auto model = load_model(o.model_path);
    const std::string model_name = o.model_path.empty() ? "built-in" : fs::path(o.model_path).filename().string();
    const size_t threads = size_t(o.serve_threads);
    TranslatorPool pool(model, threads, o);
    const std::string info = cmdseq::model_info_json(*model);

    // SIGINT/SIGTERM end the server cleanly: blocked here (server threads
    // inherit the mask) and awaited by one thread that stops the server.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    httplib::Server server;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // The library's default also sets SO_REUSEPORT, which would let a second
    // server share a port already taken; only SO_REUSEADDR (restart at once).
    server.set_socket_options([](int sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_payload_max_length(kMaxBody);
    // Debian's cpp-httplib compresses text answers when the client accepts it,
    // with brotli at its slowest setting: 216 ms for the page's 156 KB script
    // against 6 ms uncompressed, on loopback. Nothing is compressed.
    server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
        const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");  // the library hands it out const
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_read_timeout(5, 0);
    server.set_write_timeout(5, 0);
    server.set_keep_alive_timeout(2);  // an idle connection holds a thread
    server.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
    server.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
    server.set_file_extension_and_mimetype_mapping("cmdseq", "application/octet-stream");
    server.set_file_extension_and_mimetype_mapping("onnx", "application/octet-stream");

    // The body is read here, not by the library: its size limit does not
    // apply to chunked bodies.
    server.Post("/translate", [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        std::string text_in;
        bool too_big = std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > kMaxBody;
        const bool read = !too_big && reader([&](const char* data, size_t n) {
            too_big = text_in.size() + n > kMaxBody;
            if (!too_big) text_in.append(data, n);
            return !too_big;
        });
        if (!read && !too_big) {
            res.set_header("Connection", "close");
            return reply_error(res, 400, "the body could not be read");
        }
        if (too_big) {
            res.set_header("Connection", "close");  // the rest of the body is never read
            return reply_error(res, 413, "the body is larger than 64 KiB");
        }
        json body;
        try {
            body = json::parse(text_in);
        } catch (const json::parse_error& e) {
            return reply_error(res, 400, std::string("the body is not JSON: ") + e.what());
        }
        if (!body.is_object()) return reply_error(res, 400, "the body must be a JSON object with \"text\"");
        if (!body.contains("text") || !body["text"].is_string()) return reply_error(res, 400, "\"text\" (a string) is required");
        try {
            bool trace = false;
            cmdseq::DecodeOptions d = read_options(body, o.decode, trace);
            const std::string text = body["text"].get<std::string>();
            reply_json(res, 200, pool.with([&](cmdseq::Translator& tr) {
                return cmdseq::translation_to_json(tr.translate(text, d), *model, trace);
            }));
        } catch (const BadRequest& e) {
            reply_error(res, 400, e.what());
        } catch (const cmdseq::InputError& e) {
            reply_error(res, 422, e.what());
        }
    });
    server.Get("/health", [&](const httplib::Request&, httplib::Response& res) {
        reply_json(res, 200, json{{"status", "ok"}, {"version", CMDSEQ_VERSION}, {"model", model_name}, {"threads", threads}}.dump());
    });
    server.Get("/model", [&](const httplib::Request&, httplib::Response& res) { reply_json(res, 200, info); });
    // The API's other methods: 405 with what is allowed.
    const std::map<std::string, std::string> allowed = {{"/translate", "POST"}, {"/health", "GET"}, {"/model", "GET"}};
    for (auto& [path, allow] : allowed) {
        // (with a content reader, so that a refused body is never read)
        auto refuse = [path = path, allow = allow](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader&) {
            res.set_header("Allow", allow);
            res.set_header("Connection", "close");
            reply_error(res, 405, req.method + " is not allowed on " + path + " (use " + allow + ")");
        };
        if (allow != "GET") server.Get(path, [refuse](const httplib::Request& req, httplib::Response& res) {
            refuse(req, res, httplib::ContentReader({}, {}));
        });
        if (allow != "POST") server.Post(path, refuse);
        server.Put(path, refuse);
        server.Delete(path, refuse);
        server.Patch(path, refuse);
    }

    // The web app: index.html and only the folders it loads from.
    const fs::path root = web_root(o);
    const bool have_app = fs::exists(root / "index.html");
    if (have_app) {
        server.Get("/", [&](const httplib::Request&, httplib::Response& res) { res.set_redirect("/index.html"); });
        server.set_mount_point("/models", (root / "models").string());
        server.set_mount_point("/web", (root / "web").string());
        server.Get("/index.html", [&](const httplib::Request&, httplib::Response& res) {
            std::vector<uint8_t> page = cmdseq::read_file_bytes((root / "index.html").string());
            res.set_content(std::string(page.begin(), page.end()), "text/html; charset=utf-8");
        });
    }
    // Errors without a body of their own (404, 413 for an oversized body, ...) still answer JSON.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        const char* what = res.status == 404 ? "no such resource" : res.status == 413 ? "the body is larger than 64 KiB" : "the request failed";
        reply_error(res, res.status, std::string(what) + ": " + req.method + " " + req.path);
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what += std::string(": ") + e.what();
        } catch (...) {
        }
        reply_error(res, 500, what);
    });
    if (!o.quiet)
        server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), req.path.c_str(), res.status);
        });

    int port = o.serve_port;
    if (port == 0) {
        port = server.bind_to_any_port(o.serve_host);
        if (port < 0) port = -1;
    } else if (!server.bind_to_port(o.serve_host, port)) {
        port = -1;
    }
    if (port < 0) {
        std::fprintf(stderr, "cmdseq serve: cannot listen on %s:%d (in use, or not an address of this machine)\n", o.serve_host.c_str(),
                     o.serve_port);
        return 2;
    }
    if (o.serve_host != "127.0.0.1" && o.serve_host != "localhost" && o.serve_host != "::1")
        std::fprintf(stderr, "cmdseq serve: listening on %s: reachable from other machines\n", o.serve_host.c_str());
    if (!have_app)
        std::fprintf(stderr, "cmdseq serve: no web app in %s (index.html missing; see --root): serving the API only\n", root.string().c_str());
    else if (!fs::exists(root / "web/wasm/cmdseq-studio.js"))
        std::fprintf(stderr, "cmdseq serve: %s is missing: the page needs the WASM build (bash scripts/bootstrap.sh test)\n",
                     (root / "web/wasm/cmdseq-studio.js").string().c_str());
    // the line a script waits for; flushed so that a pipe sees it at once
    std::printf("cmdseq serve: http://%s:%d/ (model %s, %zu threads; Ctrl-C stops)\n", o.serve_host.c_str(), port, model_name.c_str(), threads);
    std::fflush(stdout);

    std::atomic<bool> stopping{false};
    std::thread stopper([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        stopping = true;
        server.stop();
    });
    const bool ok = server.listen_after_bind();
    if (!stopping) pthread_kill(stopper.native_handle(), SIGTERM);  // listen ended by itself: release the stopper
    stopper.join();
    return ok || stopping ? 0 : 2;
}

}  // namespace cmdseq_native

#else  // built without cpp-httplib

#include <cstdio>

namespace cmdseq_native {

int run_serve(const CliOptions&) {
    std::fprintf(stderr, "cmdseq: this build has no HTTP server (cpp-httplib was not found when it was built)\n");
    return 1;
}

}  // namespace cmdseq_native

#endif
