// cmdseq serve's connections, held to limits that the HTTP library does not
// set: it renews its read timeout on every byte, so a client sending one byte
// every few seconds, or many idle connections, would hold every thread.
#pragma once

#include <httplib.h>

#include <map>
#include <mutex>
#include <string>

namespace cmdseq_native {

struct ConnectionLimits {
    int request_ms = 5000;   // a whole request, headers and body, from its first byte (from the accept for the first)
    int idle_ms = 2000;      // a kept-alive connection waiting for its next request
    int write_ms = 5000;     // one write of the reply
    int per_client = 16;     // open connections from one address (a browser opens 6)
    int keep_alive_max = 100;
};

// An httplib::Server whose connections this class reads itself (the library
// parses and routes each request as usual). The route handlers that must
// drop the connection after their reply (a body left unread) call
// close_after_reply().
class GuardedServer : public httplib::Server {
public:
    explicit GuardedServer(ConnectionLimits limits) : limits_(limits) {}

    // Binds host:port (0: any free port) with a listen backlog of SOMAXCONN
    // (the library's 5 drops the SYNs of a burst, which then wait a second to
    // retry); returns the port, or -1.
    int bind_listener(const std::string& host, int port);

    // The connection that carries the current request is closed once its
    // reply is written (and says so in a Connection: close header).
    static void close_after_reply(httplib::Response& res);

private:
    bool process_and_close_socket(socket_t sock) override;

    ConnectionLimits limits_;
    std::mutex mutex_;
    std::map<std::string, int> open_;  // client address -> open connections
};

}  // namespace cmdseq_native
