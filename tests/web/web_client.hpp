// What the web door's tests share: the real queue-server with a "web" block on
// port 0, and a small blocking HTTP/1.1 client over a real socket (plain POSIX,
// so a test can also send bytes slowly, half a request, or too many).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace anoman::testing::web {

using namespace std::chrono_literals;

// The demo configuration with a web block (port 0) and optional extra keys.
Json web_config(const Json& web_extra = Json::object());
// Options for a server with this configuration (and, to restart one, its directory).
ServerOptions with_config(const Json& config, const std::optional<std::filesystem::path>& dir = std::nullopt);
// The port of "web listening on ADDR:PORT" in the server's output (waits for it).
std::uint16_t web_port(const ServerProcess& server);

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case; Set-Cookie joined by "\n"
    std::string body;
};

class Connection {
public:
    explicit Connection(std::uint16_t port);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void send(const std::string& bytes);  // false-free: throws if the peer is gone
    bool try_send(const std::string& bytes);
    // Reads one whole reply (Content-Length body); nullopt on timeout or close.
    std::optional<Reply> read_reply(std::chrono::milliseconds timeout = 5s);
    // Reads until `text` appears in what arrived since the last call's mark; the bytes read.
    std::optional<std::string> read_until(const std::string& text, std::chrono::milliseconds timeout = 5s);
    bool wait_closed(std::chrono::milliseconds timeout = 5s);
    std::string& buffer() { return buffer_; }

private:
    bool fill(std::chrono::steady_clock::time_point deadline);
    int fd_ = -1;
    std::string buffer_;
    bool closed_ = false;
};

// One request on a fresh connection. headers: extra "Name: value" lines.
Reply request(std::uint16_t port, const std::string& method, const std::string& target,
              const std::vector<std::string>& headers = {}, const std::string& body = {});
Reply get(std::uint16_t port, const std::string& target, const std::vector<std::string>& headers = {});
Reply post_form(std::uint16_t port, const std::string& target, const std::string& body,
                const std::vector<std::string>& headers = {});

// A Server-Sent Events stream: its head, then events one by one.
struct SseEvent {
    std::string name;
    Json data;
};
class EventStream {
public:
    EventStream(std::uint16_t port, const std::string& target);
    int status() const { return status_; }
    std::optional<SseEvent> next(std::chrono::milliseconds timeout = 5s);
    // The next "state" event whose data satisfies pred (others skipped).
    std::optional<Json> state_where(const std::function<bool(const Json&)>& pred,
                                    std::chrono::milliseconds timeout = 5s);
    Connection& connection() { return connection_; }

private:
    Connection connection_;
    int status_ = 0;
};

// The code at the end of a page_url ("http://.../t/CODE").
std::string code_of(const std::string& page_url);
// The value of cookie NAME in a reply's Set-Cookie headers.
std::optional<std::string> set_cookie_value(const Reply& reply, const std::string& name);
// url-encoding of a form value.
std::string form_encode(const std::string& text);

}  // namespace anoman::testing::web
