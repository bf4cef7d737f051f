// Scale of a day: a busy morning (3,000 patients, 10 services, 12 counters in
// one compressed hour) against a real queue-server, with its CPU and memory
// over time; the database size per 100,000 tickets; and the same morning again
// on a database holding a month of history, compared with the fresh one (the
// baseline of the same run). Last, a reconnect storm: 200 displays subscribing
// at once, on each database, with a kiosk issuing a ticket in the middle of it.
#include <iostream>
#include <map>

#include "history_builder.hpp"
#include "line_pump.hpp"
#include "morning_live.hpp"
#include "sqlite_db.hpp"
#include "anoman/protocol_requests.hpp"

namespace anoman::bench {
namespace {

// What a database holds after the server has run on it: the server prunes
// events older than a month on idle ticks, and SQLite keeps the freed pages
// for reuse rather than shrinking the file.
struct DatabaseUse {
    std::int64_t events = 0;
    double used_mb = 0, free_mb = 0;
};

DatabaseUse database_use(const fs::path& db_path) {
    anoman::server::Database db(db_path.string());
    auto one = [&db](const char* sql) {
        auto s = db.prepare(sql);
        return s.step() ? s.int64(0) : 0;
    };
    const double page = static_cast<double>(one("PRAGMA page_size"));
    const auto pages = one("PRAGMA page_count");
    const auto free_pages = one("PRAGMA freelist_count");
    return {one("SELECT count(*) FROM events"), static_cast<double>(pages - free_pages) * page / 1e6,
            static_cast<double>(free_pages) * page / 1e6};
}

struct StormResult {
    double all_subscribed_ms = 0;  // until the last display had its snapshot (or gave up)
    double issue_during_ms = 0;
    int subscribed = 0;
    int refused = 0;  // error lines: a hello answered too late counts as no hello
    std::string first_refusal;
};

StormResult resubscribe_storm(const fs::path& dir, const fs::path& db, int displays) {
    ServerProcess server(bench_config(1), dir, db);
    LinePump pump;
    const int kiosk = pump.connect(server.port());
    pump.hello(kiosk, "kiosk", "kiosk-1", kiosk_token(1));
    bool welcomed = false;
    pump.poll_until([&] { return welcomed; }, std::chrono::seconds(10),
                    [&](int, std::string_view line, Clock::time_point) { welcomed = has(line, "\"welcome\""); });
    StormResult result;
    const auto start = Clock::now();
    for (int d = 0; d < displays; ++d) {
        const int conn = pump.connect(server.port());
        pump.hello(conn, "display", "hall-1", "bench-hall");
        pump.send(conn, proto::request_line(proto::SubscribeRequest{}, 1).dump());
    }
    // A patient presses the button while the displays come back (once ten have their snapshot).
    Clock::time_point issued_at{};
    bool sent = false, issued = false;
    auto send_issue = [&] {
        sent = true;
        issued_at = Clock::now();
        pump.send(kiosk, proto::request_line(proto::TicketIssueRequest{"A", "storm", {}, {}}, 1).dump());
    };
    pump.poll_until([&] { return result.subscribed + result.refused == displays && issued; }, std::chrono::seconds(120),
                    [&](int conn, std::string_view line, Clock::time_point at) {
                        if (conn == kiosk && has(line, "\"reply\"")) {
                            issued = true;
                            result.issue_during_ms = ms_since(issued_at, at);
                        }
                        if (conn == kiosk) return;
                        result.subscribed += has(line, "\"type\":\"snapshot\"");
                        if (has(line, "\"type\":\"error\"") && result.refused++ == 0) result.first_refusal = line;
                        if (result.subscribed + result.refused == displays) result.all_subscribed_ms = ms_since(start, at);
                        if (!sent && result.subscribed + result.refused >= std::min(10, displays)) send_issue();
                    });
    if (!sent) send_issue();
    if (!issued) result.issue_during_ms = ms_since(issued_at);
    if (result.subscribed + result.refused < displays) result.all_subscribed_ms = ms_since(start);
    pump.close_all();
    server.stop();
    return result;
}

// CPU and memory per 10 simulated minutes (the drain after the hour last).
std::string over_time(const MorningResult& morning) {
    std::map<int, std::pair<double, int>> cpu;  // bucket -> (sum, count)
    std::map<int, double> rss;
    for (const auto& sample : morning.samples) {
        const int bucket = std::min(6, static_cast<int>(sample.sim_minute / 10));
        cpu[bucket].first += sample.cpu_percent;
        cpu[bucket].second += 1;
        rss[bucket] = std::max(rss[bucket], sample.rss_mb);
    }
    std::string text;
    for (const auto& [bucket, sum] : cpu) {
        const std::string label = bucket < 6 ? std::to_string(bucket * 10) + "-" + std::to_string(bucket * 10 + 10) : "drain";
        text += (text.empty() ? "" : "; ") + label + ": " + fixed(sum.first / sum.second, 0) + "% " +
                fixed(rss[bucket], 1) + "MB";
    }
    return text;
}

double mean_cpu(const MorningResult& morning) { return 100.0 * morning.cpu_seconds / morning.wall_s; }

double peak_cpu(const MorningResult& morning) {
    double peak = 0;
    for (const auto& sample : morning.samples) peak = std::max(peak, sample.cpu_percent);
    return peak;
}

void report_morning(const std::string& label, const MorningResult& morning) {
    const std::string name = "day";
    report(name, label + ": tickets, calls, failures",
           std::to_string(morning.issued) + " issued, " + std::to_string(morning.calls) + " calls, " +
               std::to_string(morning.failures) + " failed, in " + fixed(morning.wall_s, 0) + " s");
    report(name, label + ": ticket.issue p50 / p99", p50_p99(morning.issue_ms));
    report(name, label + ": counter.call_next p50 / p99", p50_p99(morning.call_ms));
    report(name, label + ": services.list p50 / p99", p50_p99(morning.list_ms));
    report(name, label + ": server CPU mean / peak second, peak RSS",
           fixed(mean_cpu(morning), 1) + "% / " + fixed(peak_cpu(morning), 0) + "% of one core, " +
               fixed(morning.peak_rss_mb, 1) + " MB");
    report(name, label + ": CPU and RSS per 10 simulated minutes", over_time(morning));
}

}  // namespace
}  // namespace anoman::bench

int main(int argc, char** argv) {
    using namespace anoman::bench;
    try {
        Args args(argc, argv);
        raise_fd_limit(4096);
        MorningOptions options;
        options.patients = static_cast<int>(args.number("patients", 3000));
        options.compressed_hour_s = args.number("hour", args.quick() ? 20 : 60);
        const int days = static_cast<int>(args.number("days", 34));
        const int storm_displays = static_cast<int>(args.number("storm", 200));
        const std::string name = "day";
        std::cerr << "== scale of a day (" << options.patients << " patients in " << options.compressed_hour_s
                  << " s; history of " << days << " days)" << std::endl;

        if (!args.text("history-only", "").empty()) {
            // Builds the history database at the given path and stops (to inspect it).
            const HistoryResult built = build_history(args.text("history-only", ""), days, options.patients, options.seed);
            std::cerr << built.tickets << " tickets, " << built.events << " events, " << built.db_bytes << " bytes"
                      << std::endl;
            return 0;
        }
        if (!args.text("storm-db", "").empty()) {
            // Only the reconnect storm, on a copy of the given database.
            const fs::path dir = scratch_dir("storm");
            fs::copy_file(args.text("storm-db", ""), dir / "queue.db");
            const StormResult storm = resubscribe_storm(dir, dir / "queue.db", storm_displays);
            std::cerr << storm.subscribed << " subscribed, " << storm.refused << " refused, in "
                      << fixed(storm.all_subscribed_ms, 0) << " ms; ticket.issue meanwhile "
                      << fixed(storm.issue_during_ms, 0) << " ms " << storm.first_refusal << std::endl;
            fs::remove_all(dir);
            return 0;
        }
        const fs::path history_dir = scratch_dir("history");
        const fs::path history_db = history_dir / "queue.db";
        const HistoryResult history = build_history(history_db, days, options.patients, options.seed);
        std::cerr << "history: " << history.tickets << " tickets, " << history.events << " events, built in "
                  << fixed(history.build_seconds, 1) << " s" << std::endl;

        const fs::path fresh_dir = scratch_dir("morning-fresh");
        const MorningResult fresh = run_morning(fresh_dir, fresh_dir / "queue.db", options);
        report_morning("morning, empty database", fresh);
        const MorningResult aged = run_morning(history_dir, history_db, options);
        report_morning("morning, " + std::to_string(history.tickets / 1000) + "k tickets of history", aged);
        report(name, "history vs empty: ticket.issue p99, services.list p99, CPU",
               fixed(aged.issue_ms.at(99) / fresh.issue_ms.at(99), 1) + "x, " +
                   fixed(aged.list_ms.at(99) / fresh.list_ms.at(99), 1) + "x, " +
                   fixed(mean_cpu(aged) / mean_cpu(fresh), 1) + "x");

        const double per_100k = static_cast<double>(history.db_bytes) * 100000.0 / static_cast<double>(history.tickets);
        report(name, "database size per 100,000 tickets",
               fixed(per_100k / 1e6, 1) + " MB (" + std::to_string(history.tickets) + " tickets, " +
                   std::to_string(history.events) + " events: " + fixed(static_cast<double>(history.db_bytes) / 1e6, 1) + " MB)");
        const DatabaseUse pruned = database_use(history_db);
        // The server prunes events older than 31 days: the history's oldest days go
        // during the morning, and the morning's own events are added.
        report(name, "history after the morning: events, MB in use, MB free for reuse",
               std::to_string(pruned.events) + " events (the history had " + std::to_string(history.events) +
                   "), " + fixed(pruned.used_mb, 1) + " MB in use, " + fixed(pruned.free_mb, 1) + " MB free");
        const double fresh_per_100k = static_cast<double>(fresh.db_bytes_after) * 100000.0 / static_cast<double>(fresh.issued);
        report(name, "database size per 100,000 tickets (live morning)",
               fixed(fresh_per_100k / 1e6, 1) + " MB (" + fixed(static_cast<double>(fresh.db_bytes_after) / 1e6, 2) + " MB after " +
                   std::to_string(fresh.issued) + " tickets)");

        const StormResult storm_fresh = resubscribe_storm(fresh_dir, fresh_dir / "queue.db", storm_displays);
        const StormResult storm_aged = resubscribe_storm(history_dir, history_db, storm_displays);
        const std::string storm = std::to_string(storm_displays) + " displays resubscribe at once";
        auto storm_text = [storm_displays](const StormResult& result) {
            return fixed(result.all_subscribed_ms, 0) + " ms" +
                   (result.refused ? " (" + std::to_string(result.refused) + " refused)" : "") +
                   (result.subscribed + result.refused < storm_displays ? " (timed out)" : "");
        };
        report(name, storm + ": until the last snapshot",
               storm_text(storm_fresh) + " empty, " + storm_text(storm_aged) + " with history (" +
                   fixed(storm_aged.all_subscribed_ms / storm_fresh.all_subscribed_ms, 1) + "x)");
        report(name, storm + ": a ticket.issue sent after the 10th snapshot",
               fixed(storm_fresh.issue_during_ms, 0) + " ms empty, " + fixed(storm_aged.issue_during_ms, 0) +
                   " ms with history");
        fs::remove_all(fresh_dir);
        fs::remove_all(history_dir);
        if (fresh.failures || aged.failures) return 1;
    } catch (const std::exception& e) {
        std::cerr << "bench-day: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
