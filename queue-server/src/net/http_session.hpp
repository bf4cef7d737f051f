// One HTTP connection of an http::Server: reads a request under the limits,
// hands it to the door's handler, writes the answer, and either reads the next
// one (keep-alive, bounded) or closes. A handler may instead turn it into a
// stream (Server-Sent Events): a head, then writes of its own, queued and bounded.
// Network thread only.
#pragma once

#include <deque>
#include <optional>

#include <boost/beast/core.hpp>

#include "http_server.hpp"

namespace anoman::server::http {

namespace beast = boost::beast;

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, Server& server);
    void start();
    void close();

    // The answer to the request being handled (once per request).
    void respond(Response response);
    // Turns the connection into a stream: writes `head` (status line and headers,
    // ending with the blank line) and keeps the connection for send().
    void begin_stream(std::string head);
    // Stream data; a caller that does not read it is disconnected past the limit.
    void send(std::shared_ptr<const std::string> data);

    bool open() const { return !closed_; }
    bool streaming() const { return streaming_; }
    const std::string& address() const { return address_; }
    // Who the caller is beyond its address (an account), for the access log.
    void set_who(std::string who) { who_ = std::move(who); }
    const std::string& who() const { return who_; }
    std::chrono::steady_clock::time_point last_write() const { return last_write_; }

private:
    void do_read();
    void on_read(beast::error_code ec);
    void answer_error(unsigned status, bool close_after);
    void do_write();
    void watch_for_close();

    beast::tcp_stream stream_;
    Server& server_;
    std::string address_;
    std::string who_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::string method_, target_;
    bool keep_alive_ = false;
    bool waiting_for_answer_ = false;
    bool streaming_ = false;
    bool closed_ = false;
    int served_ = 0;
    std::chrono::steady_clock::time_point started_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    char discard_[512];
    std::chrono::steady_clock::time_point last_write_ = std::chrono::steady_clock::now();
};

}  // namespace anoman::server::http
