// The server under a flood from one machine of the LAN, over real TCP
// (issue 11, items 2, 3 and 8): idle connections, unfinished lines, token
// guessing and SIGHUP. "Another machine" is a source address of 127.0.0.2
// and up; the devices connect from 127.0.0.1.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "conformance.hpp"

using namespace conform;

namespace {

// Bytes the kernel holds for the server that it has not read yet, on all of
// its connections (/proc/net/tcp: rx_queue of the sockets on its port).
std::size_t unread_by_server(std::uint16_t port) {
    std::ifstream tcp("/proc/net/tcp");
    std::string line;
    std::getline(tcp, line);
    std::size_t unread = 0;
    while (std::getline(tcp, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state, queues;
        fields >> slot >> local >> remote >> state >> queues;
        if (std::stoul(local.substr(local.find(':') + 1), nullptr, 16) != port) continue;
        unread += std::stoul(queues.substr(queues.find(':') + 1), nullptr, 16);
    }
    return unread;
}

// Resident memory of a process in KiB.
long rss_kib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    long value = 0;
    while (status >> key) {
        if (key == "VmRSS:") {
            status >> value;
            return value;
        }
        status.ignore(1 << 12, '\n');
    }
    return -1;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = SteadyClock::now() + timeout;
    while (SteadyClock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return condition();
}

// Raises this process's descriptor limit (the server started after inherits it).
std::size_t raise_fd_limit(rlim_t wanted) {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = std::min(wanted, limit.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// A kiosk on 127.0.0.1 says hello and issues a ticket; how long it took.
std::chrono::milliseconds serve_kiosk(const ServerProcess& server, const std::string& request_id) {
    const auto start = SteadyClock::now();
    LineClient kiosk(server.port());
    const Json welcome = kiosk.hello("kiosk", "kiosk-1", "k1");
    REQUIRE_MESSAGE(welcome.value("type", "") == "welcome", welcome.dump());
    const Json reply = kiosk.request({{"type", "ticket.issue"}, {"service", "A"}, {"request_id", request_id}}, 5s);
    REQUIRE_MESSAGE(is_ok(reply), reply.dump());
    return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
}

}  // namespace

TEST_CASE("flood: 8,300 idle connections from one address; a kiosk on 127.0.0.1 is served within 2 s") {
    // More than the server's cap of 8,192 connections, as in the issue.
    constexpr std::size_t kFlood = 8300;
    if (raise_fd_limit(kFlood + 500) < kFlood + 200) {
        MESSAGE("descriptor limit too low for the flood; skipped");
        return;
    }
    ServerProcess server(with_config(test_config()));
    std::vector<std::unique_ptr<LineClient>> flood;
    flood.reserve(kFlood);
    for (std::size_t i = 0; i < kFlood; ++i) flood.push_back(std::make_unique<LineClient>(server.port(), "127.0.0.1", "127.0.0.2"));

    const auto took = serve_kiosk(server, "flood:1");
    MESSAGE("kiosk served in " << took.count() << " ms under a flood of " << kFlood << " idle connections");
    CHECK(took < 2s);
    // The closes are in the log, at a bounded rate (one line per address per 10 s).
    REQUIRE(eventually([&] { return server.output().find("connection from 127.0.0.2: its oldest") != std::string::npos; }));
    CHECK(count(server.output(), "connection from 127.0.0.2:") <= 2);
    // The flood's oldest connections were closed to make room for its newest.
    CHECK(flood.front()->wait_closed(5s));
}

TEST_CASE("flood: unfinished lines are bounded in all, and the memory is given back") {
    raise_fd_limit(4000);
    ServerProcess server(with_config(test_config()));
    serve_kiosk(server, "warm:1");
    const long before = rss_kib(server.pid());
    // 50 machines, 16 connections each,
    // each sending 65,000 bytes of a line without its newline: 52 MB if kept.
    std::vector<std::unique_ptr<LineClient>> clients;
    const std::string unfinished(65000, 'x');
    for (int host = 10; host < 60; ++host) {
        for (int i = 0; i < 16; ++i) {
            auto client = std::make_unique<LineClient>(server.port(), "127.0.0.1", "127.0.1." + std::to_string(host));
            client->send_raw(unfinished);
            clients.push_back(std::move(client));
        }
    }
    REQUIRE(eventually([&] { return unread_by_server(server.port()) == 0; }));
    const long during = rss_kib(server.pid());
    MESSAGE("RSS before " << before << " KiB, with 800 unfinished 65,000-byte lines " << during << " KiB");
    // The budget is 16 MiB; 52 MB of lines may not be kept.
    CHECK(during - before < 32 * 1024);
    // Devices are still served meanwhile.
    CHECK(serve_kiosk(server, "warm:2") < 2s);

    clients.clear();
    long after = 0;
    const bool returned = eventually([&] {
        after = rss_kib(server.pid());
        return after - before < 8 * 1024;
    });
    MESSAGE("RSS after the connections closed " << after << " KiB");
    CHECK(returned);
}

TEST_CASE("guessing: wrong hellos from one address are rate limited and slowed; a right hello elsewhere is welcomed at once") {
    ServerProcess server(with_config(test_config()));
    auto guess = [&](const std::string& token) {
        LineClient client(server.port(), "127.0.0.1", "127.0.0.2");
        const auto start = SteadyClock::now();
        const Json answer = client.hello("kiosk", "kiosk-1", token);
        CHECK(client.wait_closed(5s));
        return std::make_pair(answer.value("code", answer.dump()), SteadyClock::now() - start);
    };
    // A few failures are free (a mistyped token).
    int refused = 0;
    for (int i = 0; i < 30; ++i) {
        const auto [code, took] = guess("wrong-" + std::to_string(i));
        if (code != "unauthorized") {
            CHECK(code == "rate_limited");
            break;
        }
        ++refused;
    }
    CHECK(refused >= 5);
    CHECK(refused <= 10);
    // Then each answer comes later than the one before, and even the right
    // token is not judged from that address.
    auto [code1, delay1] = guess("wrong-a");
    auto [code2, delay2] = guess("wrong-b");
    auto [code3, delay3] = guess("k1");
    CHECK(code1 == "rate_limited");
    CHECK(code2 == "rate_limited");
    CHECK(code3 == "rate_limited");
    CHECK(delay2 > delay1);
    CHECK(delay3 > delay2);
    // While a guess from 127.0.0.2 waits for its answer, a device on 127.0.0.1 is welcomed at once.
    LineClient waiting(server.port(), "127.0.0.1", "127.0.0.2");
    waiting.send_json({{"type", "hello"}, {"proto", 1}, {"role", "kiosk"}, {"device", "kiosk-1"}, {"token", "x"}});
    const auto start = SteadyClock::now();
    LineClient device(server.port());
    CHECK(device.hello("kiosk", "kiosk-2", "k2").value("type", "") == "welcome");
    CHECK(SteadyClock::now() - start < 1s);
    const auto answer = waiting.read_json(10s);
    REQUIRE(answer);
    CHECK(answer->value("code", "") == "rate_limited");
    CHECK(SteadyClock::now() - start >= 1s);
    // The log names the device and the address, with the word IT staff grep
    // for (deploy/INSTALL.md), and stays bounded: at most one line per 10 s.
    const std::string log = server.output();
    CHECK(log.find("refused connection from 127.0.0.2:") != std::string::npos);
    CHECK(log.find("as device kiosk-1") != std::string::npos);
    CHECK(count(log, "refused connection from") <= 2);
}

TEST_CASE("SIGHUP does not stop the server; SIGTERM still stops it cleanly") {
    ServerProcess server(with_config(test_config()));
    auto admin = login(server, test_config(), "admin");
    REQUIRE(::kill(server.pid(), SIGHUP) == 0);
    CHECK(is_ok(admin->request({{"type", "ping"}})));
    CHECK(server.running());
    server.terminate();
    CHECK(server.wait() == 0);
}
