#include "web_client.hpp"

#include "anoman/config.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <thread>

namespace anoman::testing::web {

Json web_config(const Json& web_extra) {
    Json config = anoman::demo_config_json();
    Json web{{"listen", {{"host", "127.0.0.1"}, {"port", 0}}}, {"public_url", "http://antrian.test:8080"}};
    for (auto& [key, value] : web_extra.items()) web[key] = value;
    config["web"] = web;
    return config;
}

ServerOptions with_config(const Json& config, const std::optional<std::filesystem::path>& dir) {
    ServerOptions options;
    options.config = config;
    options.dir = dir;
    return options;
}

std::uint16_t web_port(const ServerProcess& server) {
    const std::string mark = "web listening on ";
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string output = server.output();
        const auto at = output.find(mark);
        if (at != std::string::npos) {
            const auto end = output.find('\n', at);
            if (end != std::string::npos) {
                const std::string line = output.substr(at + mark.size(), end - at - mark.size());
                return static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
            }
        }
        std::this_thread::sleep_for(10ms);
    }
    throw std::runtime_error("no \"web listening on\" line: " + server.output());
}

Connection::Connection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("cannot connect to the web door");
}

Connection::~Connection() {
    if (fd_ >= 0) ::close(fd_);
}

bool Connection::try_send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

void Connection::send(const std::string& bytes) {
    if (!try_send(bytes)) throw std::runtime_error("the web door closed the connection");
}

bool Connection::fill(std::chrono::steady_clock::time_point deadline) {
    if (closed_) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
        closed_ = true;
        return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

std::optional<std::string> Connection::read_until(const std::string& text, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto at = buffer_.find(text);
        if (at != std::string::npos) {
            std::string out = buffer_.substr(0, at + text.size());
            buffer_.erase(0, at + text.size());
            return out;
        }
        if (!fill(deadline)) return std::nullopt;
    }
}

std::optional<Reply> Connection::read_reply(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto head = read_until("\r\n\r\n", timeout);
    if (!head) return std::nullopt;
    Reply reply;
    reply.status = std::stoi(head->substr(9, 3));
    std::size_t pos = head->find("\r\n") + 2;
    while (pos < head->size() - 2) {
        const auto end = head->find("\r\n", pos);
        const std::string line = head->substr(pos, end - pos);
        const auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        auto& slot = reply.headers[name];
        slot = slot.empty() ? value : slot + "\n" + value;
        pos = end + 2;
    }
    const std::size_t length = reply.headers.count("content-length") ? std::stoul(reply.headers["content-length"]) : 0;
    while (buffer_.size() < length)
        if (!fill(deadline)) return std::nullopt;
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
}

bool Connection::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_)
        if (!fill(deadline) && !closed_) return false;
    return true;
}

Reply request(std::uint16_t port, const std::string& method, const std::string& target,
              const std::vector<std::string>& headers, const std::string& body) {
    Connection connection(port);
    std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& header : headers) text += header + "\r\n";
    if (!body.empty() || method == "POST") text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    text += "\r\n" + body;
    connection.send(text);
    auto reply = connection.read_reply(10s);
    if (!reply) throw std::runtime_error("no reply to " + method + " " + target);
    return *reply;
}

Reply get(std::uint16_t port, const std::string& target, const std::vector<std::string>& headers) {
    return request(port, "GET", target, headers);
}

Reply post_form(std::uint16_t port, const std::string& target, const std::string& body,
                const std::vector<std::string>& headers) {
    std::vector<std::string> all = headers;
    all.push_back("Content-Type: application/x-www-form-urlencoded");
    return request(port, "POST", target, all, body);
}

EventStream::EventStream(std::uint16_t port, const std::string& target) : connection_(port) {
    connection_.send("GET " + target + " HTTP/1.1\r\nHost: antrian.test\r\nAccept: text/event-stream\r\n\r\n");
    auto head = connection_.read_until("\r\n\r\n", 5s);
    if (head) status_ = std::stoi(head->substr(9, 3));
}

std::optional<SseEvent> EventStream::next(std::chrono::milliseconds timeout) {
    for (;;) {
        auto block = connection_.read_until("\n\n", timeout);
        if (!block) return std::nullopt;
        SseEvent event;
        std::size_t pos = 0;
        bool has_data = false;
        while (pos < block->size()) {
            const auto end = block->find('\n', pos);
            const std::string line = block->substr(pos, end - pos);
            if (line.rfind("event: ", 0) == 0) event.name = line.substr(7);
            if (line.rfind("data: ", 0) == 0) {
                event.data = Json::parse(line.substr(6));
                has_data = true;
            }
            pos = end + 1;
        }
        if (has_data) return event;  // "retry:" blocks and comments are not events
    }
}

std::optional<Json> EventStream::state_where(const std::function<bool(const Json&)>& pred,
                                             std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto event = next(left);
        if (!event) return std::nullopt;
        if (event->name == "state" && pred(event->data)) return event->data;
    }
}

std::string code_of(const std::string& page_url) { return page_url.substr(page_url.rfind('/') + 1); }

std::optional<std::string> set_cookie_value(const Reply& reply, const std::string& name) {
    auto it = reply.headers.find("set-cookie");
    if (it == reply.headers.end()) return std::nullopt;
    std::size_t pos = 0;
    const std::string& all = it->second;
    while (pos <= all.size()) {
        const auto end = all.find('\n', pos);
        const std::string line = all.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        if (line.rfind(name + "=", 0) == 0) return line.substr(name.size() + 1, line.find(';') - name.size() - 1);
        if (end == std::string::npos) break;
        pos = end + 1;
    }
    return std::nullopt;
}

std::string form_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out.push_back(static_cast<char>(c));
        else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

}  // namespace anoman::testing::web
