// The HTTP door's limits against the real queue-server: oversize headers and
// bodies, a slow client, connections and requests per address, bounded
// keep-alive, answers without internals. The queue keeps working throughout.
#include <doctest/doctest.h>

#include <thread>

#include "eventually.hpp"
#include "web_client.hpp"

using namespace anoman::testing;
using namespace anoman::testing::web;

TEST_CASE("oversize headers and bodies are refused and the connection closed") {
    ServerProcess server(with_config(web_config()));
    const std::uint16_t port = web_port(server);
    {
        Connection connection(port);
        connection.send("GET /admin/login HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(10000, 'a') + "\r\n\r\n");
        auto reply = connection.read_reply();
        REQUIRE(reply);
        CHECK(reply->status == 431);
        CHECK(connection.wait_closed());
    }
    {
        Connection connection(port);
        connection.send("POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: 20000\r\n\r\n" + std::string(20000, 'a'));
        auto reply = connection.read_reply();
        REQUIRE(reply);
        CHECK(reply->status == 413);
        CHECK(connection.wait_closed());
    }
    {
        Connection connection(port);
        connection.send("THIS IS NOT HTTP\r\n\r\n");
        auto reply = connection.read_reply();
        REQUIRE(reply);
        CHECK(reply->status == 400);
        // A plain short answer: no parser's message, no stack.
        CHECK(reply->body == "Permintaan tidak valid / Bad request\n");
    }
    CHECK(get(port, "/admin/login").status == 200);
}

TEST_CASE("a slow client is cut off after the request timeout; others are served meanwhile") {
    ServerProcess server(with_config(web_config()));
    const std::uint16_t port = web_port(server);
    Connection slow(port);
    const auto started = std::chrono::steady_clock::now();
    slow.send("GET /admin/login HTTP/1.1\r\nHost: x\r\n");  // never finished
    // Another caller is served at once.
    CHECK(get(port, "/admin/login").status == 200);
    // A byte now and then does not keep it alive (one deadline for the whole request).
    for (int i = 0; i < 6; ++i) {
        if (!slow.try_send("X")) break;
        std::this_thread::sleep_for(1s);
    }
    // Closed at the deadline (the stream's timer closes the socket: no answer).
    CHECK(slow.wait_closed(15s));
    const auto took = std::chrono::steady_clock::now() - started;
    // Beast's timer closes the socket before the read completes with its timeout,
    // so the log line may come a moment after the client saw the close.
    CHECK(anoman::testing::eventually(
        [&] { return server.output().find("request not complete within the time limit") != std::string::npos; }));
    CHECK(took >= 9s);
    CHECK(took < 14s);
    // A connection that sends nothing at all is closed without an answer.
    Connection idle(port);
    CHECK(idle.wait_closed(15s));
}

TEST_CASE("connections per address are bounded") {
    ServerProcess server(with_config(web_config({{"limits", {{"connections_per_address", 3}}}})));
    const std::uint16_t port = web_port(server);
    std::vector<std::unique_ptr<Connection>> open;
    for (int i = 0; i < 3; ++i) open.push_back(std::make_unique<Connection>(port));
    // Make sure the server has accepted them.
    for (auto& connection : open) {
        connection->send("GET /admin/login HTTP/1.1\r\nHost: x\r\n\r\n");
        REQUIRE(connection->read_reply());
    }
    Connection fourth(port);
    fourth.send("GET /admin/login HTTP/1.1\r\nHost: x\r\n\r\n");
    auto reply = fourth.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == 503);
    CHECK(fourth.wait_closed());
    open.pop_back();
    // A place is free again once one closes.
    bool served = false;
    for (int i = 0; i < 100 && !served; ++i) {
        served = get(port, "/admin/login").status == 200;
        if (!served) std::this_thread::sleep_for(20ms);
    }
    CHECK(served);
}

TEST_CASE("requests per address are rate limited; keep-alive is bounded") {
    ServerProcess server(with_config(web_config({{"limits", {{"requests_per_second", 1}}}})));
    const std::uint16_t port = web_port(server);
    Connection connection(port);
    int limited = 0;
    for (int i = 0; i < 80; ++i) {
        connection.send("GET /admin/login HTTP/1.1\r\nHost: x\r\n\r\n");
        auto reply = connection.read_reply();
        if (!reply) break;
        if (reply->status == 429) {
            ++limited;
            CHECK(reply->headers.count("retry-after") == 1);
            break;
        }
    }
    CHECK(limited == 1);

    ServerProcess fast(with_config(web_config({{"limits", {{"requests_per_second", 10000}}}})));
    const std::uint16_t fast_port = web_port(fast);
    Connection keep(fast_port);
    int answered = 0;
    std::string last_connection;
    for (int i = 0; i < 150; ++i) {
        if (!keep.try_send("GET /admin/login HTTP/1.1\r\nHost: x\r\n\r\n")) break;
        auto reply = keep.read_reply();
        if (!reply) break;
        ++answered;
        last_connection = reply->headers["connection"];
    }
    CHECK(answered == 100);
    CHECK(last_connection == "close");
}
