// "How many are ahead" comes from the in-memory waiting order
// (waiting_order.hpp); here it must agree with a count over the tickets table
// through every change: issue (also priority), call_next, call, skip,
// requeue, transfer, cancel, finish, a request that fails after writing (its
// savepoint rolled back), the day rollover, and a restart on the same file.
// Requests are the typed structs of protocol_requests.hpp.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>

#include "anoman/config.hpp"
#include "anoman/protocol_requests.hpp"
#include "engine.hpp"
#include "wib_time.hpp"

using namespace anoman;
using namespace anoman::server;
using proto::Json;
using anoman::testing::wib;

namespace {

Config ahead_config() {
    return parse_config(Json::parse(R"({
      "hospital": {"name": "RSUD Uji", "timezone": "Asia/Jakarta"},
      "services": [
        {"code": "A", "name": "Pendaftaran BPJS", "prefix": "A"},
        {"code": "B", "name": "Pendaftaran Umum", "prefix": "B"},
        {"code": "P", "name": "Prioritas", "prefix": "P", "priority": true}
      ],
      "counters": [
        {"id": "L1", "name": "Loket 1", "services": ["A", "B", "P"]},
        {"id": "L2", "name": "Loket 2", "services": ["A"]},
        {"id": "L3", "name": "Loket 3", "services": ["B"]}
      ],
      "devices": [
        {"id": "kiosk-1", "role": "kiosk", "token": "k"},
        {"id": "admin", "role": "admin", "token": "a"}
      ]
    })"));
}

// The truth, straight from SQLite: the same order as the tickets_waiting index.
int counted_ahead(Database& db, std::int64_t id) {
    return db
        .prepare("SELECT COUNT(*) FROM tickets t, tickets me WHERE me.id = ? AND t.status = 'waiting' "
                 "AND t.service = me.service AND t.id != me.id AND (t.priority > me.priority OR "
                 "(t.priority = me.priority AND (t.queued_at_ms < me.queued_at_ms OR "
                 "(t.queued_at_ms = me.queued_at_ms AND t.id < me.id))))")
        .bind(1, id)
        .scalar<int>();
}

struct Hospital {
    Config config = ahead_config();
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("anoman-ahead-" + std::to_string(::getpid()) + ".db");
    SysMillis now = wib(22, 7, 0);
    std::unique_ptr<Database> db;
    std::unique_ptr<Engine> engine;
    Caller kiosk{"kiosk-1", proto::Role::kiosk, std::nullopt};
    Caller admin{"admin", proto::Role::admin, std::nullopt};
    int next_id = 1;
    int checks = 0;

    Hospital() {
        std::filesystem::remove(path);
        open();
    }
    ~Hospital() {
        engine.reset();
        db.reset();
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    }
    void open() {
        engine.reset();
        db.reset();
        db = std::make_unique<Database>(path.string());
        engine = std::make_unique<Engine>(config, *db, "e", [this] { return now; });
    }
    Json run(const Caller& caller, Json request) {
        request["id"] = next_id++;
        return engine->handle(caller, request).line;
    }
    // Every waiting ticket's "ahead" (ticket.get) and each service's waiting
    // count (services.list) against the table.
    void check_all() {
        std::vector<std::int64_t> waiting;
        auto s = db->prepare("SELECT id FROM tickets WHERE status = 'waiting'");
        while (s.step()) waiting.push_back(s.int64(0));
        s.reset();
        for (std::int64_t id : waiting) {
            Json got = run(admin, proto::TicketGetRequest{.ticket = id});
            REQUIRE(got["ok"] == true);
            INFO("ticket " << got["ticket"]["number"].get<std::string>());
            REQUIRE(got["ahead"] == counted_ahead(*db, id));
            ++checks;
        }
        Json list = run(admin, proto::ServicesListRequest{});
        REQUIRE(list["ok"] == true);
        for (const Json& service : list["services"]) {
            const int counted = db->prepare("SELECT COUNT(*) FROM tickets WHERE service = ? AND status = 'waiting'")
                                    .bind(1, service["code"].get<std::string>())
                                    .scalar<int>();
            REQUIRE(service["waiting"] == counted);
        }
    }
};

}  // namespace

TEST_CASE("ahead stays right through issue, call, requeue, transfer, cancel, rollover and restart") {
    Hospital h;
    std::mt19937 random(16);
    auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    const std::vector<std::string> services{"A", "B", "P"};
    const std::vector<std::string> counters{"L1", "L2", "L3"};
    int issued = 0;
    int failed_after_write = 0;
    int rollovers = 0;
    int restarts = 0;
    for (int step = 0; step < 400; ++step) {
        h.now += std::chrono::milliseconds(pick(3) == 0 ? 0 : 1 + pick(20000));  // same millisecond sometimes
        const int what = pick(100);
        const std::string counter = counters[static_cast<std::size_t>(pick(3))];
        if (what < 35) {
            h.run(h.kiosk, proto::TicketIssueRequest{.service = services[static_cast<std::size_t>(pick(3))],
                                                     .request_id = "r" + std::to_string(step),
                                                     .priority = pick(10) == 0});
            ++issued;
        } else if (what < 50) {
            h.run(h.admin, proto::CounterCallNextRequest{counter});
        } else if (what < 55) {
            // counter.call: a waiting ticket out of order.
            auto s = h.db->prepare("SELECT id FROM tickets WHERE status = 'waiting' ORDER BY RANDOM() LIMIT 1");
            if (s.step()) {
                const std::int64_t id = s.int64(0);
                s.reset();
                h.run(h.admin, proto::CounterCallRequest{.ticket = id, .counter = counter});
            }
        } else if (what < 63) {
            h.run(h.admin, proto::CounterSkipRequest{counter});
        } else if (what < 71) {
            auto s = h.db->prepare("SELECT id FROM tickets WHERE status = 'skipped' ORDER BY RANDOM() LIMIT 1");
            if (s.step()) {
                const std::int64_t id = s.int64(0);
                s.reset();
                h.run(h.admin, proto::TicketRequeueRequest{id});
            }
        } else if (what < 78) {
            h.run(h.admin, proto::CounterTransferRequest{.to_service = services[static_cast<std::size_t>(pick(3))],
                                                         .counter = counter});
        } else if (what < 84) {
            auto s = h.db->prepare(
                "SELECT id FROM tickets WHERE status IN ('waiting', 'called', 'skipped') ORDER BY RANDOM() LIMIT 1");
            if (s.step()) {
                const std::int64_t id = s.int64(0);
                s.reset();
                h.run(h.admin, proto::TicketCancelRequest{id});
            }
        } else if (what < 90) {
            h.run(h.admin, proto::CounterFinishRequest{counter});
        } else if (what < 95) {
            // A ticket.issue that inserts its ticket, then fails (the booking
            // code is already linked today): its savepoint is rolled back, and
            // the waiting order with it.
            const proto::Patient booked{.booking_code = "BK" + std::to_string(step)};
            const Json first = h.run(h.kiosk, proto::TicketIssueRequest{.service = "A",
                                                                        .request_id = "b" + std::to_string(step),
                                                                        .patient = booked});
            REQUIRE(first["ok"] == true);
            const Json second = h.run(h.kiosk, proto::TicketIssueRequest{.service = "B",
                                                                         .request_id = "c" + std::to_string(step),
                                                                         .patient = booked});
            REQUIRE(second["ok"] == false);
            CHECK(second["error"]["code"] == "invalid_state");
            ++failed_after_write;
        } else if (what < 97) {
            // The next morning: yesterday's waiting tickets are cancelled.
            h.now += std::chrono::hours(24);
            h.run(h.admin, proto::PingRequest{});
            ++rollovers;
        } else {
            h.open();  // a restart: rebuilt from the file
            ++restarts;
        }
        h.check_all();
    }
    CHECK(issued > 50);
    CHECK(failed_after_write > 5);
    CHECK(rollovers > 2);
    CHECK(restarts > 2);
    CHECK(h.checks > 1000);
}
