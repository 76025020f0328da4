#include "http_connections.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace cmdseq_native {

namespace {

using Clock = std::chrono::steady_clock;

thread_local bool t_close_after_reply = false;

int ms_until(Clock::time_point t) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
    return int(std::max<long long>(0, left));
}

// Waits for `events` on the socket, at most `ms`; false on timeout or error.
bool wait_for(socket_t sock, short events, int ms) {
    pollfd p{sock, events, 0};
    for (;;) {
        const auto start = Clock::now();
        const int n = ::poll(&p, 1, ms);
        if (n > 0) return true;
        if (n == 0 || errno != EINTR) return false;
        ms = std::max(0, ms - int(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()));
    }
}

void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    ip.clear();
    port = 0;
    if ((peer ? getpeername(sock, reinterpret_cast<sockaddr*>(&a), &len) : getsockname(sock, reinterpret_cast<sockaddr*>(&a), &len)) != 0)
        return;
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&a);
        inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&a);
        inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        port = ntohs(v6->sin6_port);
    }
    ip = text;
}

// The socket as the library's Stream, with one deadline for all the reads of
// a request instead of a timeout renewed by every byte.
class DeadlineStream : public httplib::Stream {
public:
    DeadlineStream(socket_t sock, int write_ms) : sock_(sock), write_ms_(write_ms) {}

    void set_deadline(Clock::time_point t) { deadline_ = t; }
    bool buffered() const { return pos_ < end_; }

    // Waits until the next byte is here, at most until `until` (false: none came).
    bool wait_readable(Clock::time_point until) const { return buffered() || wait_for(sock_, POLLIN, ms_until(until)); }

    bool is_readable() const override { return wait_readable(deadline_); }
    bool is_writable() const override { return wait_for(sock_, POLLOUT, write_ms_); }

    ssize_t read(char* ptr, size_t size) override {
        if (!buffered()) {
            if (!wait_readable(deadline_) || Clock::now() >= deadline_) return -1;
            const ssize_t n = recv(sock_, buf_, sizeof buf_, 0);
            if (n <= 0) return n;
            pos_ = 0;
            end_ = size_t(n);
        }
        const size_t n = std::min(size, end_ - pos_);
        std::memcpy(ptr, buf_ + pos_, n);
        pos_ += n;
        return ssize_t(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable()) return -1;
        ssize_t n;
        do n = send(sock_, ptr, size, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        return n;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, false, ip, port); }
    socket_t socket() const override { return sock_; }

private:
    socket_t sock_;
    int write_ms_;
    Clock::time_point deadline_ = Clock::now();
    char buf_[4096];  // the library reads headers a byte at a time
    size_t pos_ = 0, end_ = 0;
};

}  // namespace

int GuardedServer::bind_listener(const std::string& host, int port) {
    if (port == 0) port = bind_to_any_port(host);
    else if (!bind_to_port(host, port)) port = -1;
    if (port < 0) return -1;
    ::listen(svr_sock_, SOMAXCONN);  // on a listening socket, sets its backlog anew
    return port;
}

void GuardedServer::close_after_reply(httplib::Response& res) {
    res.set_header("Connection", "close");
    t_close_after_reply = true;
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    std::string client;
    int port = 0;
    address_of(sock, true, client, port);
    bool admitted;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        admitted = open_[client] < limits_.per_client;
        if (admitted) ++open_[client];
    }
    bool ok = true;
    if (!admitted) {
        // one short answer, unread request: the client may retry on a connection it already has
        static const std::string body = "{\"error\": \"too many connections from this address; retry\", \"status\": 503}\n";
        static const std::string busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                                        "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        if (wait_for(sock, POLLOUT, 200)) (void)!send(sock, busy.data(), busy.size(), MSG_NOSIGNAL);
        ok = false;
    } else {
        DeadlineStream stream(sock, limits_.write_ms);
        auto until = Clock::now() + std::chrono::milliseconds(limits_.request_ms);  // the first request: from the accept
        for (int served = 0; served < limits_.keep_alive_max; ++served) {
            // wait in slices, so that a stopping server is not held up by idle connections
            bool ready = false;
            while (svr_sock_ != INVALID_SOCKET && Clock::now() < until && !ready)
                ready = stream.wait_readable(std::min(until, Clock::now() + std::chrono::milliseconds(100)));
            if (!ready) break;
            if (served > 0) until = Clock::now() + std::chrono::milliseconds(limits_.request_ms);
            stream.set_deadline(until);
            t_close_after_reply = false;
            bool closed = false;
            try {
                ok = process_request(stream, served + 1 == limits_.keep_alive_max, closed, nullptr);
            } catch (...) {  // the handlers catch their own; this is the last guard of the thread
                ok = false;
            }
            if (!ok || closed || t_close_after_reply) break;
            until = Clock::now() + std::chrono::milliseconds(limits_.idle_ms);
        }
    }
    shutdown(sock, SHUT_RDWR);
    close(sock);
    if (admitted) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (--open_[client] == 0) open_.erase(client);
    }
    return ok;
}

}  // namespace cmdseq_native
