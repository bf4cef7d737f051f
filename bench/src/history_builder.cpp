#include "history_builder.hpp"

#include <sqlite3.h>

#include <iostream>
#include <queue>

#include "anoman/config.hpp"
#include "anoman/hospital_clock.hpp"
#include "engine.hpp"
#include "morning_plan.hpp"
#include "sqlite_db.hpp"
#include "anoman/protocol_requests.hpp"

namespace anoman::bench {
namespace {

using server::Caller;
using std::chrono::milliseconds;
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

// One day of the morning script through the engine, on a virtual clock.
void play_day(server::Engine& engine, SysMillis& now, SysMillis day_open, int patients, std::uint32_t seed) {
    const double period_s = 4 * 3600;  // a real day's 3,000 patients come over about four hours
    const auto arrivals = morning_arrivals(patients, period_s, seed);
    std::vector<Clerk> clerks;
    std::vector<Caller> clerk_callers;
    for (std::size_t c = 0; c < bench_counters().size(); ++c) {
        const auto& counter = bench_counters()[c];
        clerks.emplace_back(counter, mean_service_seconds(counter, patients, period_s, 0.85), seed + 1 + c);
        clerk_callers.push_back(Caller{counter_device(counter.id), proto::Role::counter, counter.id});
    }
    const Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};

    // (time, clerk index or -1 - arrival index, step)
    struct Due {
        double at_s;
        long who;
        Clerk::Step step;
        bool operator>(const Due& other) const { return at_s > other.at_s; }
    };
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
    for (std::size_t i = 0; i < arrivals.size(); ++i) due.push({arrivals[i].at_s, -1 - static_cast<long>(i), {}});
    for (std::size_t c = 0; c < clerks.size(); ++c) due.push({0, static_cast<long>(c), clerks[c].first()});
    std::vector<int> empty_polls(clerks.size(), 0);
    long id = 0;
    while (!due.empty()) {
        const Due next = due.top();
        due.pop();
        now = day_open + milliseconds(static_cast<std::int64_t>(next.at_s * 1000));
        if (next.who < 0) {
            const Arrival& arrival = arrivals[static_cast<std::size_t>(-1 - next.who)];
            engine.handle(kiosk, proto::request_line(proto::TicketIssueRequest{arrival.service,
                                                                               "history-" + std::to_string(-next.who), {},
                                                                               proto::Patient{arrival.patient_kind, {}, {}, {}}},
                                                     ++id));
            continue;
        }
        const auto c = static_cast<std::size_t>(next.who);
        Json request = clerks[c].request(next.step);
        request["id"] = ++id;
        const server::Outcome outcome = engine.handle(clerk_callers[c], request);
        const bool ok = outcome.line.value("ok", false);
        // A clerk goes home after the last patient: three empty calls after the period.
        empty_polls[c] = (next.step.action == Clerk::Action::call_next && !ok) ? empty_polls[c] + 1 : 0;
        if (next.at_s > period_s && empty_polls[c] >= 3) continue;
        const Clerk::Step step = clerks[c].after(next.step.action, ok);
        due.push({next.at_s + step.delay_s, next.who, step});
    }
}

// Copies the rows of `from_day` to `to_day`, `shift_ms` later.
// (The played day's rows are the first ones: ids and seqs up to last_ticket and
// last_seq, so the copies select them by rowid range, without a scan.)
void copy_day(server::Database& db, const std::string& from_day, const std::string& to_day, std::int64_t shift_ms,
              bool with_keys, std::int64_t last_ticket, std::int64_t last_seq) {
    const std::string tickets = " FROM tickets WHERE id <= " + std::to_string(last_ticket);
    const std::string shift = std::to_string(shift_ms);
    const std::string suffix = "'/" + to_day + "'";
    db.exec("INSERT INTO tickets (service_day, issued_service, service, daily_seq, number, priority, status, counter, "
            "calls, issued_at_ms, queued_at_ms, called_at_ms, first_called_at_ms, finished_at_ms, device, request_id, "
            "patient) SELECT '" + to_day + "', issued_service, service, daily_seq, number, priority, status, counter, "
            "calls, issued_at_ms + " + shift + ", queued_at_ms + " + shift + ", called_at_ms + " + shift +
            ", first_called_at_ms + " + shift + ", finished_at_ms + " + shift + ", device, request_id || " + suffix +
            ", patient" + tickets + " ORDER BY id");
    db.exec("INSERT INTO events (at_ms, service_day, kind, body) SELECT at_ms + " + shift + ", '" + to_day +
            "', kind, replace(body, '" + from_day + "', '" + to_day + "') FROM events WHERE seq <= " +
            std::to_string(last_seq) + " ORDER BY seq");
    db.exec("INSERT INTO daily_numbers (service_day, service, last_seq) SELECT '" + to_day +
            "', service, last_seq FROM daily_numbers WHERE service_day = '" + from_day + "'");
    if (!with_keys) return;
    db.exec("INSERT INTO issue_keys (device, request_id, ticket_id, created_ms) SELECT k.device, k.request_id || " +
            suffix + ", n.id, k.created_ms + " + shift +
            " FROM issue_keys k JOIN tickets t ON t.id = k.ticket_id JOIN tickets n ON n.service_day = '" + to_day +
            "' AND n.issued_service = t.issued_service AND n.daily_seq = t.daily_seq WHERE t.id <= " +
            std::to_string(last_ticket));
}

std::int64_t count(server::Database& db, const std::string& table) {
    return db.prepare("SELECT COUNT(*) FROM " + table).scalar<std::int64_t>();
}

}  // namespace

HistoryResult build_history(const fs::path& db_path, int days, int patients, std::uint32_t seed) {
    const auto started = Clock::now();
    const Config config = parse_config(bench_config(4));
    const HospitalClock clock(config.hospital.timezone);
    const SysMillis real_now = HospitalClock::now();
    // Asia/Jakarta has no daylight saving: every day is 24 h.
    const SysMillis today_start = clock.next_midnight(real_now) - milliseconds(kDayMs);
    const SysMillis first_open = today_start - milliseconds(kDayMs * days) + milliseconds(7 * 3600 * 1000 + 1800 * 1000);
    const std::string first_day = clock.service_day(first_open);

    HistoryResult result;
    result.days = days;
    {
        server::Database db(db_path.string());
        db.exec("PRAGMA synchronous=OFF");  // building, not serving: durability is not measured here
        SysMillis now = first_open;
        {
            server::Engine engine(config, db, "history", [&now] { return now; });
            play_day(engine, now, first_open, patients, seed);
        }
        std::cerr << "history: one day played through the engine in "
                  << fixed(std::chrono::duration<double>(Clock::now() - started).count(), 1) << " s" << std::endl;
        server::Transaction tx(db);
        // Days played: first_day; then its copies, oldest first, so seq grows with time.
        const std::int64_t last_ticket = count(db, "tickets");
        const std::int64_t last_seq = count(db, "events");
        std::string last_day = first_day;
        for (int k = 1; k < days; ++k) {
            last_day = clock.service_day(first_open + milliseconds(kDayMs * k));
            copy_day(db, first_day, last_day, kDayMs * k, days - k <= 8, last_ticket, last_seq);
        }
        // The server prunes idempotency keys older than 8 days; so does the history.
        if (days > 8)
            db.exec("DELETE FROM issue_keys WHERE ticket_id IN (SELECT id FROM tickets WHERE service_day = '" +
                    first_day + "')");
        db.exec("UPDATE meta SET value = '" + last_day + "' WHERE key = 'service_day'");
        tx.commit();
        result.tickets = count(db, "tickets");
        result.events = count(db, "events");
        // Statements the engine cached may still hold a read: reset them all first.
        for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s; s = sqlite3_next_stmt(db.handle(), s))
            sqlite3_reset(s);
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    result.db_bytes = fs::file_size(db_path);
    for (const char* suffix : {"-wal", "-shm"}) {
        const fs::path extra = db_path.string() + suffix;
        if (fs::exists(extra) && std::string(suffix) == "-wal") result.db_bytes += fs::file_size(extra);
    }
    result.build_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return result;
}

}  // namespace anoman::bench
