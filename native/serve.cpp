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
#include "api_request.h"
#include "http_connections.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
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

void reply_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body + "\n", "application/json");
}

// Never throws for any bytes in the message (a request's path or method may
// hold any): invalid UTF-8 is replaced.
void reply_error(httplib::Response& res, int status, const std::string& message) {
    reply_json(res, status, json{{"error", message}, {"status", status}}.dump(-1, ' ', false, json::error_handler_t::replace));
}

// A request that names a file under `dir` whose real place (symlinks
// followed) is outside it.
bool escapes(const fs::path& dir, const std::string& sub) {
    std::error_code ec;
    const fs::path target = fs::weakly_canonical(dir / fs::path(sub).relative_path(), ec);
    if (ec || !fs::exists(target, ec)) return false;  // the library answers 404
    const fs::path base = fs::weakly_canonical(dir, ec);
    if (ec) return true;
    auto b = base.begin(), t = target.begin();
    for (; b != base.end(); ++b, ++t)
        if (t == target.end() || *t != *b) return true;
    return false;
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

    // The web app: index.html and only the folders it loads from.
    const fs::path root = web_root(o);
    const bool have_app = fs::exists(root / "index.html");

    // Connection threads mostly wait on clients; the translators do the work.
    ConnectionLimits limits;
    GuardedServer server(limits);
    const size_t connection_threads = std::max<size_t>(64, 4 * threads);
    server.new_task_queue = [connection_threads] { return new httplib::ThreadPool(connection_threads); };
    // The library's default also sets SO_REUSEPORT, which would let a second
    // server share a port already taken; only SO_REUSEADDR (restart at once).
    server.set_socket_options([](int sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_payload_max_length(kMaxBody);
    server.set_keep_alive_timeout(limits.idle_ms / 1000);  // what the Keep-Alive header announces
    server.set_keep_alive_max_count(size_t(limits.keep_alive_max));
    server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        using R = httplib::Server::HandlerResponse;
        // Debian's cpp-httplib compresses text answers when the client accepts it,
        // with brotli at its slowest setting: 216 ms for the page's 156 KB script
        // against 6 ms uncompressed, on loopback. Nothing is compressed.
        const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");  // the library hands it out const
        // A body whose length two headers tell differently is read one way here
        // and another by a proxy in front (request smuggling): refused, unread.
        const size_t lengths = req.get_header_value_count("Content-Length");
        bool differ = false;
        for (size_t i = 1; i < lengths; ++i) differ |= req.get_header_value("Content-Length", i) != req.get_header_value("Content-Length", 0);
        if (differ || (lengths > 0 && req.has_header("Transfer-Encoding"))) {
            GuardedServer::close_after_reply(res);
            reply_error(res, 400, differ ? "two different Content-Length headers" : "both Content-Length and Transfer-Encoding");
            return R::Handled;
        }
        // "%00" decodes to a NUL, past which the file system reads no further:
        // /web/app.js%00.png would serve app.js as an image
        if (req.path.find('\0') != std::string::npos) {
            reply_error(res, 400, "the path holds a NUL byte");
            return R::Handled;
        }
        // the static folders serve only what lies inside them, symlinks resolved
        for (const char* dir : {"/web/", "/models/"}) {
            if (have_app && req.path.rfind(dir, 0) == 0 && escapes(root / (dir + 1), req.path.substr(std::strlen(dir)))) {
                reply_error(res, 403, "the file is outside the served folder");
                return R::Handled;
            }
        }
        return R::Unhandled;
    });
    server.set_write_timeout(limits.write_ms / 1000, 0);
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
            GuardedServer::close_after_reply(res);
            return reply_error(res, 400, "the body could not be read");
        }
        if (too_big) {
            GuardedServer::close_after_reply(res);  // the rest of the body is never read
            return reply_error(res, 413, "the body is larger than 64 KiB");
        }
        try {
            const TranslateRequest r = parse_translate_request(text_in, o.decode);
            reply_json(res, 200, pool.with([&](cmdseq::Translator& tr) {
                return cmdseq::translation_to_json(tr.translate(r.text, r.options), *model, r.trace);
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
            GuardedServer::close_after_reply(res);
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
    // The library calls these outside its own try: nothing may escape them.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        // after a malformed request, where the next one starts is anyone's guess
        if (res.status >= 400 && res.status != 404) GuardedServer::close_after_reply(res);
        if (!res.body.empty()) return;
        try {
            const char* what = res.status == 404   ? "no such resource"
                               : res.status == 413 ? "the body is larger than 64 KiB"
                               : res.status == 400 ? "malformed request"
                                                   : "the request failed";
            reply_error(res, res.status, std::string(what) + ": " + req.method + " " + req.path);
        } catch (...) {
            res.body.clear();
        }
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
            std::string what = "internal error";
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what += std::string(": ") + e.what();
            }
            reply_error(res, 500, what);
        } catch (...) {
            res.status = 500;
        }
    });
    if (!o.quiet)
        server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            // a client's bytes reach a terminal: control bytes are shown as \xNN
            auto printable = [](const std::string& s) {
                std::string out;
                char hex[5];
                for (unsigned char c : s.substr(0, 200)) {
                    if (c >= 0x20 && c != 0x7F) out += char(c);
                    else std::snprintf(hex, sizeof hex, "\\x%02x", c), out += hex;
                }
                return out;
            };
            std::fprintf(stderr, "%s %s %d\n", printable(req.method).c_str(), printable(req.path).c_str(), res.status);
        });

    const int port = server.bind_listener(o.serve_host, o.serve_port);
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
