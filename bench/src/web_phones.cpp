// 500 phones following their tickets on the web door (docs/web.md): each has
// GET /t/<code>/events open (Server-Sent Events). A counter calls them one by
// one with counter.call_next; measured is the time from sending call_next to
// the called phone reading its "called" event (the kernel's receive stamp),
// and the server's resident memory added by the 500 open streams.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iostream>
#include <map>

#include "line_pump.hpp"

namespace anoman::bench {
namespace {

std::uint16_t free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

int run(int argc, char** argv) {
    Args args(argc, argv);
    const int phones = static_cast<int>(args.number("phones", 500));
    const int calls = static_cast<int>(args.number("calls", args.quick() ? 60 : 300));
    raise_fd_limit(4 * phones + 200);
    const std::uint16_t web_port = free_port();
    Json config = bench_config(1);
    // Every phone is 127.0.0.1 here, as behind one NAT: the per-address limits go up.
    config["web"] = {{"listen", {{"host", "127.0.0.1"}, {"port", web_port}}},
                     {"public_url", "http://antrian.bench"},
                     {"limits", {{"connections_per_address", phones + 100}, {"requests_per_second", 100000}}}};
    const fs::path dir = scratch_dir("web-phones");
    ServerProcess server(config, dir);
    LinePump pump;

    const int admin = pump.connect(server.port());
    pump.hello(admin, "admin", "admin", "bench-admin");
    // Tickets for service A, in order; their codes from page_url.
    std::map<std::int64_t, std::string> code_by_id;
    std::vector<std::int64_t> ids;
    for (int n = 1; n <= phones; ++n)
        pump.send(admin, R"({"type":"ticket.issue","id":)" + std::to_string(n) + R"(,"service":"A","request_id":"ph-)" +
                             std::to_string(n) + "\"}");
    std::string last_line;
    auto on_issue = [&](int, std::string_view line, Clock::time_point) {
        last_line = line;
        if (!has(line, "\"page_url\"")) return;
        const auto at = line.find("/t/");
        const std::string code(line.substr(at + 3, line.find('"', at) - at - 3));
        const auto ticket = line.find("\"ticket\":");
        const std::int64_t id = int_field(line.substr(ticket), "id");
        code_by_id[id] = code;
        ids.push_back(id);
    };
    if (!pump.poll_until([&] { return static_cast<int>(ids.size()) == phones; }, std::chrono::seconds(120), on_issue))
        throw std::runtime_error("only " + std::to_string(ids.size()) + " tickets were issued; last: " + last_line);

    const ProcSample before = sample_process(server.pid());
    // The phones: one stream each, until every one has its first state.
    std::map<int, std::int64_t> ticket_of_conn;
    std::map<std::int64_t, int> conn_of_ticket;
    for (std::int64_t id : ids) {
        const int conn = pump.connect(web_port);
        pump.send(conn, "GET /t/" + code_by_id[id] + "/events HTTP/1.1\r\nHost: antrian.bench\r\n\r");
        ticket_of_conn[conn] = id;
        conn_of_ticket[id] = conn;
    }
    int first_states = 0;
    std::map<std::int64_t, Clock::time_point> called_at;  // ticket -> its phone read "called"
    auto on_line = [&](int conn, std::string_view line, Clock::time_point read_at) {
        if (conn == admin || !has(line, "data: ")) return;
        auto it = ticket_of_conn.find(conn);
        if (it == ticket_of_conn.end()) return;
        if (has(line, "\"status\":\"called\"") && !called_at.count(it->second)) called_at[it->second] = read_at;
        else ++first_states;
    };
    if (!pump.poll_until([&] { return first_states >= phones; }, std::chrono::seconds(120), on_line))
        throw std::runtime_error("only " + std::to_string(first_states) + " phones got their first state");
    const ProcSample after = sample_process(server.pid());

    // The calls, one at a time: call_next (finishing the one before), then wait for
    // the reply and the called phone's event.
    Percentiles to_phone_ms, reply_ms, after_reply_ms;
    int missed = 0;
    int replies = 0;
    Clock::time_point reply_read;
    for (int c = 0; c < calls && c < phones; ++c) {
        const std::int64_t expected = ids[static_cast<std::size_t>(c)];
        const int request_id = 100000 + c;
        const Clock::time_point sent = Clock::now();
        pump.send(admin, R"({"type":"counter.call_next","id":)" + std::to_string(request_id) + R"(,"counter":"L1"})");
        const int replies_before = replies;
        auto handler = [&](int conn, std::string_view line, Clock::time_point read_at) {
            if (conn == admin) {
                if (has(line, "\"reply\"") && int_field(line, "id") == request_id) {
                    ++replies;
                    reply_read = read_at;
                }
                return;
            }
            on_line(conn, line, read_at);
        };
        if (!pump.poll_until([&] { return replies > replies_before && called_at.count(expected); },
                             std::chrono::seconds(10), handler)) {
            ++missed;
            continue;
        }
        to_phone_ms.add(ms_since(sent, called_at[expected]));
        reply_ms.add(ms_since(sent, reply_read));
        after_reply_ms.add(ms_since(reply_read, called_at[expected]));
    }
    const double added_mb = after.rss_mb - before.rss_mb;
    std::cerr << "web-phones: " << phones << " phones, " << to_phone_ms.count() << " calls, " << missed << " missed; "
              << "RSS " << fixed(before.rss_mb, 1) << " -> " << fixed(after.rss_mb, 1) << " MB\n";
    const std::string name = "web-phones-" + std::to_string(phones);
    report(name, "call_next -> called phone's event p50 / p99", p50_p99(to_phone_ms), "p99 < 50 ms",
           verdict(to_phone_ms.at(99) < 50 && missed == 0));
    report(name, "call_next reply p50 / p99 (baseline: the commit)", p50_p99(reply_ms));
    report(name, "phone's event after the reply p50 / p99", p50_p99(after_reply_ms));
    report(name, "server memory added by the streams", fixed(added_mb, 1) + " MB (" +
                                                           fixed(added_mb * 1024 / phones, 1) + " KB a phone)");
    server.stop();
    return missed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace anoman::bench

int main(int argc, char** argv) {
    try {
        return anoman::bench::run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "bench-web: " << e.what() << "\n";
        return 1;
    }
}
