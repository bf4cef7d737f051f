// Conformance: clients that misbehave. A subscriber that stops reading is cut
// off at a bound while everyone else is served; clients that vanish or only
// half-close leave the server fine (PROTOCOL.md "Subscriptions and events",
// "Transport and framing").
#include "conformance.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>

using namespace conform;

namespace {

// A raw connection with a tiny receive buffer, for a client that stops reading.
class RawSocket {
public:
    RawSocket(std::uint16_t port, int receive_buffer) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        if (receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~RawSocket() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    void send(const std::string& bytes) {
        REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
    }
    // Reads one line, a byte at a time (so nothing beyond it is taken from the kernel).
    std::string read_line(std::chrono::milliseconds timeout) {
        std::string line;
        const auto deadline = SteadyClock::now() + timeout;
        while (SteadyClock::now() < deadline) {
            pollfd pfd{fd_, POLLIN, 0};
            if (::poll(&pfd, 1, 100) <= 0) continue;
            char c = 0;
            if (::recv(fd_, &c, 1, 0) <= 0) return line;
            if (c == '\n') return line;
            line.push_back(c);
        }
        return line;
    }
    // Reads everything until EOF; false if the peer has not closed within the timeout.
    bool drain_to_eof(std::chrono::milliseconds timeout, std::size_t& bytes) {
        const auto deadline = SteadyClock::now() + timeout;
        char chunk[65536];
        while (SteadyClock::now() < deadline) {
            pollfd pfd{fd_, POLLIN, 0};
            if (::poll(&pfd, 1, 100) <= 0) continue;
            ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) return true;
            bytes += static_cast<std::size_t>(n);
        }
        return false;
    }
    void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

private:
    int fd_ = -1;
};

std::string hello_line(const std::string& role, const std::string& device, const std::string& token) {
    return Json{{"type", "hello"}, {"proto", 1}, {"role", role}, {"device", device}, {"token", token}}.dump() + "\n";
}

}  // namespace

TEST_CASE("hostile: a subscriber that stops reading is disconnected; everyone else is served promptly") {
    const Json config = test_config();
    ServerProcess server(with_config(config));

    RawSocket slow(server.port(), 4096);
    slow.send(hello_line("display", "hall-1", "d1"));
    CHECK(Json::parse(slow.read_line(5s))["type"] == "welcome");
    slow.send(R"({"type":"subscribe","id":1})" "\n");
    CHECK(Json::parse(slow.read_line(5s))["type"] == "reply");
    CHECK(Json::parse(slow.read_line(5s))["type"] == "snapshot");
    // From now on it reads nothing.

    // A display that keeps up, and a kiosk timing its pings, meanwhile.
    std::atomic<bool> flooding{true};
    std::atomic<long> good_events{0};
    std::atomic<bool> good_gap{false};
    std::atomic<long> worst_ping_ms{0};
    std::atomic<int> ping_failures{0};
    std::atomic<bool> good_subscribed{false};
    std::thread good_display([&] {
        LineClient hall(server.port());
        if (hall.hello("display", "hall-1", "d1").value("type", "") != "welcome") return;
        Json reply = hall.request({{"type", "subscribe"}});
        std::int64_t expected = reply.value("seq", std::int64_t{0}) + 1;
        hall.next_push(5s);  // snapshot
        good_subscribed = true;
        while (flooding) {
            auto line = hall.next_push(10s);
            if (!line) return;
            if ((*line)["type"] != "event") continue;
            if ((*line)["seq"].get<std::int64_t>() != expected) good_gap = true;
            expected = (*line)["seq"].get<std::int64_t>() + 1;
            ++good_events;
        }
    });
    std::thread pinger([&] {
        LineClient kiosk(server.port());
        if (kiosk.hello("kiosk", "kiosk-1", "k1").value("type", "") != "welcome") return;
        while (flooding) {
            const auto asked = SteadyClock::now();
            if (!is_ok(kiosk.request({{"type", "ping"}}, 5s))) ++ping_failures;
            const long ms = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - asked).count();
            if (ms > worst_ping_ms) worst_ping_ms = ms;
            std::this_thread::sleep_for(20ms);
        }
    });

    // Whatever fails below, the helpers stop and are joined (never std::terminate).
    struct StopAndJoin {
        std::atomic<bool>& flag;
        std::thread& first;
        std::thread& second;
        ~StopAndJoin() {
            flag = false;
            if (first.joinable()) first.join();
            if (second.joinable()) second.join();
        }
    } guard{flooding, pinger, good_display};
    const auto subscribe_start = SteadyClock::now();
    while (!good_subscribed && SteadyClock::now() - subscribe_start < 10s) std::this_thread::sleep_for(10ms);
    REQUIRE(good_subscribed);

    // About 12 MB of announcements: 500 four-byte characters each.
    std::string wide;
    for (int i = 0; i < 500; ++i) wide += "\xf0\x9f\x98\x80";
    auto admin = login(server, config, "admin");
    constexpr int kAnnouncements = 6000;
    constexpr int kBurst = 100;
    std::size_t flood_bytes = 0;
    for (int sent = 0; sent < kAnnouncements; sent += kBurst) {
        std::string burst;
        for (int i = 0; i < kBurst; ++i) burst += Json{{"type", "announce"}, {"id", sent + i}, {"text", wide}}.dump() + "\n";
        admin->send_raw(burst);
        for (int i = 0; i < kBurst; ++i) {
            auto reply = admin->read_json(10s);
            REQUIRE(reply.has_value());
            REQUIRE_MESSAGE(is_ok(*reply), reply->dump());
        }
        flood_bytes += burst.size();
    }
    // The good display receives every announcement.
    const auto wait_start = SteadyClock::now();
    while (good_events < kAnnouncements && SteadyClock::now() - wait_start < 20s) std::this_thread::sleep_for(50ms);
    flooding = false;
    pinger.join();
    good_display.join();
    CHECK(good_events.load() == kAnnouncements);
    CHECK_FALSE(good_gap);
    CHECK(ping_failures == 0);
    CAPTURE(worst_ping_ms.load());
    CHECK(worst_ping_ms < 2000);

    // The slow one was cut off: what it can still read ends in EOF, well short of the flood.
    std::size_t received = 0;
    CHECK(slow.drain_to_eof(10s, received));
    CAPTURE(received);
    CAPTURE(flood_bytes);
    CHECK(received < flood_bytes / 2);
    CHECK(server.running());
    // Its device can come back and subscribe afresh.
    auto again = login(server, config, "hall-1");
    Json snapshot = subscribe(*again);
    CHECK(snapshot["seq"].get<std::int64_t>() >= kAnnouncements);
}

TEST_CASE("hostile: clients that vanish mid-request or half-close leave the server fine") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    // Vanish with requests in flight, many times.
    for (int i = 0; i < 30; ++i) {
        LineClient client(server.port());
        std::string burst = hello_line("kiosk", "kiosk-1", "k1");
        for (int r = 0; r < 20; ++r)
            burst += Json{{"type", "ticket.issue"}, {"id", r}, {"service", "A"}, {"request_id", "v" + std::to_string(i) + "-" + std::to_string(r)}}.dump() + "\n";
        client.send_raw(burst);
        client.close();
    }
    // Half-close (like `nc` when its input ends): the answers still come, then the close.
    RawSocket half(server.port(), 0);
    std::string burst = hello_line("admin", "admin", "a1");
    for (int r = 0; r < 5; ++r) burst += Json{{"type", "ping"}, {"id", r}}.dump() + "\n";
    half.send(burst);
    half.shutdown_write();
    CHECK(Json::parse(half.read_line(5s))["type"] == "welcome");
    for (int r = 0; r < 5; ++r) {
        Json reply = Json::parse(half.read_line(5s));
        CHECK(reply["id"] == r);
        CHECK(reply["ok"] == true);
    }
    std::size_t rest = 0;
    CHECK(half.drain_to_eof(5s, rest));

    // Whatever the vanished kiosks managed, numbering has no gap and no duplicate.
    auto admin = login(server, config, "admin");
    Json stats = ok(*admin, {{"type", "stats.day"}});
    int issued = 0;
    for (const auto& row : stats["services"])
        if (row["code"] == "A") issued = row["issued"].get<int>();
    for (int n = 1; n <= issued; ++n) {
        char number[16];
        std::snprintf(number, sizeof number, "A%03d", n);
        CHECK(is_ok(admin->request({{"type", "ticket.get"}, {"number", number}})));
    }
    char next[16];
    std::snprintf(next, sizeof next, "A%03d", issued + 1);
    CHECK(issue_ok(*admin, "A", "after")["number"] == next);
}

TEST_CASE("hostile: a flood of connections that never say hello does not stop service") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    std::vector<std::unique_ptr<LineClient>> idle;
    for (int i = 0; i < 300; ++i) idle.push_back(std::make_unique<LineClient>(server.port()));
    // Some send a byte at a time, never a full line.
    for (int i = 0; i < 20; ++i) idle[static_cast<std::size_t>(i)]->send_raw("{");
    auto kiosk = login(server, config, "kiosk-1");
    for (int i = 0; i < 20; ++i) {
        const auto asked = SteadyClock::now();
        CHECK(is_ok(issue(*kiosk, "A", "idle-" + std::to_string(i))));
        CHECK(SteadyClock::now() - asked < 2s);
    }
    auto hall = login(server, config, "hall-1");
    subscribe(*hall);
    CHECK(server.running());
}
