// A blocking, single-connection protocol client for command-line tools
// (queuectl) and scripts: connect + hello, send a request and wait for its
// reply, read the next line, each with a deadline. No reconnecting, no
// thread: a tool that needs those uses Client. Asio stays behind the pimpl.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "anoman/client.hpp"
#include "anoman/protocol.hpp"

namespace anoman {

// Why a SyncConnection operation failed. An error *reply* (ok=false) is not
// a SyncError: request() returns it like any reply.
class SyncError : public std::runtime_error {
public:
    enum class Kind {
        unreachable,  // cannot resolve or connect
        refused,      // hello answered with an error line (error() holds it)
        timeout,      // no answer within the deadline
        closed,       // the server closed the connection
        protocol,     // the server sent something this client cannot read
    };
    SyncError(Kind kind, const std::string& message, std::optional<proto::Error> error = std::nullopt)
        : std::runtime_error(message), kind_(kind), error_(std::move(error)) {}
    Kind kind() const { return kind_; }
    const std::optional<proto::Error>& error() const { return error_; }

private:
    Kind kind_;
    std::optional<proto::Error> error_;
};

class SyncConnection {
public:
    // timeout bounds each operation (connect + hello, one request, ...).
    explicit SyncConnection(ConnectOptions options, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    ~SyncConnection();
    SyncConnection(const SyncConnection&) = delete;
    SyncConnection& operator=(const SyncConnection&) = delete;

    // TCP connect and hello. Returns the welcome; throws SyncError.
    proto::Welcome connect();
    bool connected() const;
    const proto::Welcome& welcome() const;

    // Sends request (an integer "id" is added unless it has one) and returns
    // the reply with that id, or an error line the server sent instead.
    // Lines in between (events, heartbeats, snapshot) are kept for read_line().
    proto::Json request(proto::Json request);
    // Sends one line as it is (must not contain '\n'); for `queuectl raw`.
    void send_line(const std::string& line);
    // The next line not yet consumed (kept lines first), parsed; a line that
    // is not JSON comes back as {"_raw": text}. nullopt on timeout; throws
    // SyncError(closed) when the server closes the connection.
    std::optional<proto::Json> read_line(std::chrono::milliseconds timeout);
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace anoman
