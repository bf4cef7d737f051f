// One client must not slow everyone (issue 11, item 4): ticket.issue latency
// of a few kiosks while 8 display connections pipeline services.list as fast
// as they can, against the same kiosks alone, in alternating slices of the
// same run (bench/README.md, "Same-run baselines").
//
// Each kiosk is a closed loop (send ticket.issue, wait for the reply, send the
// next). Each flooding display keeps kWindow services.list requests in flight
// (more than the server takes from one connection at once, so it is never
// the display that waits).
#include <iostream>

#include "line_pump.hpp"
#include "anoman/protocol_requests.hpp"

namespace anoman::bench {
namespace {

constexpr int kWindow = 128;

struct Phase {
    Percentiles issue_ms;
    long lists = 0;
    double seconds = 0;
};

struct Load {
    LinePump pump;
    std::vector<int> kiosks;
    std::vector<int> displays;
    std::vector<Clock::time_point> sent_at;  // by connection: the kiosk's request in flight
    std::vector<int> outstanding;            // by connection: a display's requests in flight
    long next_request = 0;
};

void send_issue(Load& load, int conn) {
    const auto& codes = service_codes();
    const long n = load.next_request++;
    load.pump.send(conn, proto::request_line(proto::TicketIssueRequest{codes[static_cast<std::size_t>(n) % codes.size()],
                                                                       "flood-" + std::to_string(n), {}, {}},
                                             n)
                             .dump());
    load.sent_at[static_cast<std::size_t>(conn)] = Clock::now();
}

void send_lists(Load& load, int conn, int count) {
    for (int i = 0; i < count; ++i) load.pump.send(conn, proto::request_line(proto::ServicesListRequest{}, 1).dump());
    load.outstanding[static_cast<std::size_t>(conn)] += count;
}

// One slice: the kiosks (and the displays, if flooding) for `seconds`, then
// everything in flight is answered before the next slice starts.
void run_slice(Load& load, bool flooding, double seconds, Phase& phase) {
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<char> waiting(static_cast<std::size_t>(load.pump.size()), 0);
    for (int k : load.kiosks) {
        send_issue(load, k);
        waiting[static_cast<std::size_t>(k)] = 1;
    }
    if (flooding)
        for (int d : load.displays) send_lists(load, d, kWindow);
    auto on_line = [&](int conn, std::string_view line, Clock::time_point at) {
        if (!has(line, "\"reply\"")) return;
        const auto index = static_cast<std::size_t>(conn);
        if (load.outstanding[index] > 0) {
            --load.outstanding[index];
            ++phase.lists;
            if (Clock::now() < end) send_lists(load, conn, 1);
            return;
        }
        if (!waiting[index]) return;
        if (!has(line, "\"ok\":true")) throw std::runtime_error("ticket.issue failed: " + std::string(line));
        phase.issue_ms.add(ms_since(load.sent_at[index], at));
        if (Clock::now() < end) send_issue(load, conn);
        else waiting[index] = 0;
    };
    auto drained = [&] {
        for (char w : waiting)
            if (w) return false;
        for (int o : load.outstanding)
            if (o) return false;
        return true;
    };
    while (Clock::now() < end) load.pump.poll(5, on_line);
    if (!load.pump.poll_until(drained, std::chrono::seconds(60), on_line))
        throw std::runtime_error("requests were not answered within 60 s");
    phase.seconds += ms_since(start) / 1000.0;
}

}  // namespace
}  // namespace anoman::bench

int main(int argc, char** argv) {
    using namespace anoman::bench;
    try {
        Args args(argc, argv);
        const int kiosks = static_cast<int>(args.number("kiosks", 4));
        const int displays = static_cast<int>(args.number("displays", 8));
        const int rounds = static_cast<int>(args.number("rounds", args.quick() ? 3 : 8));
        const double slice = args.number("slice", args.quick() ? 1.0 : 2.0);
        std::cerr << "== display flood (" << kiosks << " kiosks, " << displays << " flooding displays, " << rounds
                  << " rounds of " << slice << " s alone + " << slice << " s flooded)" << std::endl;
        const fs::path dir = scratch_dir("flood");
        Phase alone, flooded;
        {
            ServerProcess server(bench_config(kiosks), dir);
            Load load;
            int welcomes = 0;
            for (int k = 1; k <= kiosks; ++k) {
                load.kiosks.push_back(load.pump.connect(server.port()));
                load.pump.hello(load.kiosks.back(), "kiosk", "kiosk-" + std::to_string(k), kiosk_token(k));
            }
            for (int d = 0; d < displays; ++d) {
                load.displays.push_back(load.pump.connect(server.port()));
                load.pump.hello(load.displays.back(), "display", "hall-1", "bench-hall");
            }
            load.sent_at.resize(static_cast<std::size_t>(load.pump.size()));
            load.outstanding.assign(static_cast<std::size_t>(load.pump.size()), 0);
            if (!load.pump.poll_until([&] { return welcomes == kiosks + displays; }, std::chrono::seconds(10),
                                      [&](int, std::string_view line, Clock::time_point) { welcomes += has(line, "\"welcome\""); }))
                throw std::runtime_error("not every device was welcomed");
            for (int round = 0; round < rounds; ++round) {
                run_slice(load, false, slice, alone);
                run_slice(load, true, slice, flooded);
            }
            load.pump.close_all();
            server.stop();
        }
        fs::remove_all(dir);
        const std::string name = args.text("name", "flood");
        const std::string who = std::to_string(kiosks) + " kiosks";
        report(name, who + " alone: issue p50 / p99 (baseline)", p50_p99(alone.issue_ms));
        report(name, who + " + " + std::to_string(displays) + " displays pipelining services.list: issue p50 / p99",
               p50_p99(flooded.issue_ms));
        const double ratio = alone.issue_ms.at(99) > 0 ? flooded.issue_ms.at(99) / alone.issue_ms.at(99) : 0;
        report(name, "issue p99 flooded / alone", fixed(ratio, 2) + "x", "< 5x", verdict(ratio < 5.0));
        report(name, "services.list answered per s while flooding",
               fixed(static_cast<double>(flooded.lists) / std::max(flooded.seconds, 1e-9), 0));
    } catch (const std::exception& e) {
        std::cerr << "bench-flood: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
