#include "morning_live.hpp"

#include <deque>
#include <iostream>

#include "line_pump.hpp"
#include "morning_plan.hpp"
#include "anoman/protocol_requests.hpp"

namespace anoman::bench {
namespace {

enum class Kind { issue, list, clerk, subscribe };

struct Pending {
    Kind kind;
    Clerk::Action action = Clerk::Action::call_next;
    Clock::time_point sent_at;
};

struct ClerkState {
    Clerk brain;
    Clerk::Step step;
    Clock::time_point due;
    int empty_polls = 0;
    bool gone = false;  // went home after the last patient
};

}  // namespace

std::uint64_t database_bytes(const fs::path& db) {
    std::uint64_t bytes = fs::exists(db) ? fs::file_size(db) : 0;
    const fs::path wal = db.string() + "-wal";
    if (fs::exists(wal)) bytes += fs::file_size(wal);
    return bytes;
}

MorningResult run_morning(const fs::path& dir, const fs::path& db, const MorningOptions& options) {
    MorningResult result;
    result.db_bytes_before = database_bytes(db);
    const double compression = 3600.0 / options.compressed_hour_s;
    const auto real = [&](double sim_seconds) {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(sim_seconds / compression));
    };
    const auto arrivals = morning_arrivals(options.patients, 3600, options.seed);

    ServerProcess server(bench_config(options.kiosks), dir, db);
    LinePump pump;
    const int kiosks = options.kiosks;
    const int clerk_base = kiosks;
    const int clerk_count = static_cast<int>(bench_counters().size());
    std::vector<std::deque<Pending>> pending;
    for (int k = 0; k < kiosks; ++k)
        pump.hello(pump.connect(server.port()), "kiosk", "kiosk-" + std::to_string(k + 1), kiosk_token(k + 1));
    std::vector<ClerkState> clerks;
    for (int c = 0; c < clerk_count; ++c) {
        const auto& counter = bench_counters()[static_cast<std::size_t>(c)];
        const int conn = pump.connect(server.port());
        pump.hello(conn, "counter", counter_device(counter.id), counter_token(counter.id));
        // A counter console keeps its waiting list from a ticket snapshot and the events.
        pump.send(conn, proto::request_line(proto::SubscribeRequest{true}, "s").dump());
        Clerk brain(counter, mean_service_seconds(counter, options.patients, 3600, 0.85), options.seed + 1 + static_cast<unsigned>(c));
        clerks.push_back(ClerkState{brain, brain.first(), {}, 0, false});
    }
    for (int d = 0; d < options.displays; ++d) {
        const int conn = pump.connect(server.port());
        pump.hello(conn, "display", "hall-1", "bench-hall");
        pump.send(conn, proto::request_line(proto::SubscribeRequest{}, "s").dump());
    }
    pending.resize(static_cast<std::size_t>(pump.size()));
    int ready = 0;
    const int expected_ready = kiosks + 2 * (clerk_count + options.displays);  // welcomes + snapshots
    pump.poll_until([&] { return ready == expected_ready; }, std::chrono::seconds(120),
                    [&](int, std::string_view line, Clock::time_point) {
                        ready += has(line, "\"welcome\"") + has(line, "\"type\":\"snapshot\"");
                    });
    if (ready != expected_ready) throw std::runtime_error("the morning's devices did not all connect");

    const auto start = Clock::now();
    for (auto& clerk : clerks) clerk.due = start;
    std::vector<std::deque<std::size_t>> kiosk_queue(static_cast<std::size_t>(kiosks));
    std::vector<Clock::time_point> next_refresh;
    for (int k = 0; k < kiosks; ++k)
        next_refresh.push_back(start + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(options.kiosk_refresh_s * (k + 1) / kiosks)));
    std::size_t next_arrival = 0;
    long id = 0;
    auto send = [&](int conn, Json request, Pending what) {
        request["id"] = ++id;
        what.sent_at = Clock::now();
        pending[static_cast<std::size_t>(conn)].push_back(what);
        pump.send(conn, request.dump());
    };

    auto on_line = [&](int conn, std::string_view line, Clock::time_point at) {
        if (!has(line, "\"type\":\"reply\"")) return;
        auto& queue = pending[static_cast<std::size_t>(conn)];
        if (queue.empty()) return;  // the subscribe replies
        const Pending what = queue.front();
        queue.pop_front();
        const bool ok = has(line, "\"ok\":true");
        const double ms = ms_since(what.sent_at, at);
        if (what.kind == Kind::issue) {
            result.issue_ms.add(ms);
            ok ? ++result.issued : ++result.failures;
        } else if (what.kind == Kind::list) {
            result.list_ms.add(ms);
            result.failures += !ok;
        } else if (what.kind == Kind::clerk) {
            auto& clerk = clerks[static_cast<std::size_t>(conn - clerk_base)];
            const bool empty = !ok && has(line, "queue_empty");
            if (what.action == Clerk::Action::call_next) {
                result.call_ms.add(ms);
                if (ok) ++result.calls;
                if (empty) ++result.empty_calls;
            } else {
                result.other_ms.add(ms);
            }
            if (!ok && !empty) ++result.failures;
            clerk.empty_polls = empty ? clerk.empty_polls + 1 : 0;
            const double sim_now = std::chrono::duration<double>(at - start).count() * compression;
            if (empty && clerk.empty_polls >= 3 && sim_now > 3600 && next_arrival == arrivals.size()) {
                clerk.gone = true;
                return;
            }
            clerk.step = clerk.brain.after(what.action, ok);
            clerk.due = at + real(clerk.step.delay_s);
        }
    };

    ProcSample last = sample_process(server.pid());
    const ProcSample first = last;
    const auto cap = start + 2 * real(3600);
    while (Clock::now() < cap) {
        const auto now = Clock::now();
        const double sim_now = std::chrono::duration<double>(now - start).count() * compression;
        for (; next_arrival < arrivals.size() && arrivals[next_arrival].at_s <= sim_now; ++next_arrival)
            kiosk_queue[next_arrival % static_cast<std::size_t>(kiosks)].push_back(next_arrival);
        // Kiosks: one patient at a time; the screen's services.list between patients.
        for (int k = 0; k < kiosks; ++k) {
            auto& mine = pending[static_cast<std::size_t>(k)];
            auto& queue = kiosk_queue[static_cast<std::size_t>(k)];
            if (!mine.empty()) continue;
            if (now >= next_refresh[static_cast<std::size_t>(k)]) {
                next_refresh[static_cast<std::size_t>(k)] += std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(options.kiosk_refresh_s));
                send(k, proto::ServicesListRequest{}, Pending{Kind::list, {}, {}});
            } else if (!queue.empty()) {
                const Arrival& arrival = arrivals[queue.front()];
                send(k,
                     proto::TicketIssueRequest{arrival.service, "morning-" + std::to_string(queue.front()), {},
                                               proto::Patient{arrival.patient_kind, {}, {}, {}}},
                     Pending{Kind::issue, {}, {}});
                queue.pop_front();
            }
        }
        bool all_gone = true;
        for (int c = 0; c < clerk_count; ++c) {
            auto& clerk = clerks[static_cast<std::size_t>(c)];
            all_gone = all_gone && clerk.gone;
            if (clerk.gone || now < clerk.due || !pending[static_cast<std::size_t>(clerk_base + c)].empty()) continue;
            Pending what{Kind::clerk, clerk.step.action, {}};
            send(clerk_base + c, clerk.brain.request(clerk.step), what);
        }
        bool kiosks_done = next_arrival == arrivals.size();
        for (int k = 0; k < kiosks; ++k)
            kiosks_done = kiosks_done && kiosk_queue[static_cast<std::size_t>(k)].empty() &&
                          pending[static_cast<std::size_t>(k)].empty();
        if (all_gone && kiosks_done) break;

        pump.poll(5, on_line);
        if (Clock::now() - last.at >= std::chrono::seconds(1)) {
            const ProcSample sample = sample_process(server.pid());
            const double sim_minute = std::chrono::duration<double>(sample.at - start).count() * compression / 60;
            result.samples.push_back({sim_minute, cpu_percent(last, sample), sample.rss_mb});
            result.peak_rss_mb = std::max(result.peak_rss_mb, sample.hwm_mb);
            last = sample;
        }
    }
    const ProcSample end = sample_process(server.pid());
    result.cpu_seconds = end.cpu_seconds - first.cpu_seconds;
    result.peak_rss_mb = std::max(result.peak_rss_mb, end.hwm_mb);
    result.wall_s = std::chrono::duration<double>(end.at - start).count();
    pump.close_all();
    server.stop();
    result.db_bytes_after = database_bytes(db);
    return result;
}

}  // namespace anoman::bench
