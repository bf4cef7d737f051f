// A scripted protocol peer over real TCP on 127.0.0.1, for what the real
// queue-server never does on purpose: skip a seq, fall silent, refuse a
// device, send an oversize line, never answer a request. The test drives it
// step by step from its own thread with blocking calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace anoman::testing {

using Json = nlohmann::json;

// One accepted connection.
class FakePeer {
public:
    explicit FakePeer(int fd) : fd_(fd) {}
    ~FakePeer();
    FakePeer(const FakePeer&) = delete;
    FakePeer& operator=(const FakePeer&) = delete;

    void send_json(const Json& message);
    void send_raw(const std::string& bytes);
    // Next line as JSON; nullopt on timeout or when the client closed.
    std::optional<Json> read_json(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // True once the client has closed its end (within timeout).
    bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    void close();

    // Reads the hello and answers with a welcome of this epoch; returns the hello.
    Json welcome(const std::string& epoch, std::int64_t seq = 0);
    // Reads a subscribe and answers: reply, then an empty snapshot at seq.
    // Returns the subscribe request (nullopt if none came).
    std::optional<Json> serve_subscribe(const std::string& epoch, std::int64_t seq);

private:
    int fd_ = -1;
    std::string buffer_;
};

class FakeServer {
public:
    FakeServer();  // listens on 127.0.0.1, a free port
    ~FakeServer();
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    std::uint16_t port() const { return port_; }
    // The next connection, or nullptr on timeout.
    std::unique_ptr<FakePeer> accept(std::chrono::milliseconds timeout = std::chrono::seconds(5));

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

// An event line of this seq (an announcement: no ticket needed).
Json fake_event(std::int64_t seq);

}  // namespace anoman::testing
