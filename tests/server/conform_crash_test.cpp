// Conformance: durability. kill -9 under load, SIGTERM/SIGINT, then a restart on
// the same database (PROTOCOL.md: "Every state change is durable before its
// reply", numbering "whatever crashes happen", idempotent issue).
#include "conformance.hpp"

#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

using namespace conform;

namespace {

constexpr int kKiosks = 8;

Json crash_config() {
    Json config = test_config();
    for (int i = 3; i <= kKiosks; ++i)
        config["devices"].push_back({{"id", "kiosk-" + std::to_string(i)}, {"role", "kiosk"}, {"token", "k" + std::to_string(i)}});
    return config;
}

struct Acknowledged {
    std::string device;
    std::string request_id;
    std::string service;
    std::int64_t id = 0;
    std::string number;
};

struct LoadResult {
    std::vector<Acknowledged> acknowledged;
    std::vector<std::pair<std::string, std::string>> unanswered;  // (device, request_id) sent, no answer
    std::vector<std::string> errors;
};

// Kiosks issue as fast as they can until the connection breaks.
LoadResult issue_until_broken(const ServerProcess& server, const Json& config, const std::string& round,
                              std::atomic<int>& answered) {
    LoadResult result;
    std::mutex mutex;
    auto kiosk = [&](int index) {
        const std::string device = "kiosk-" + std::to_string(index);
        std::string token;
        for (const auto& entry : config["devices"])
            if (entry["id"] == device) token = entry["token"].get<std::string>();
        try {
            LineClient client(server.port());
            if (client.hello("kiosk", device, token).value("type", "") != "welcome") return;
            for (int i = 0;; ++i) {
                const std::string request_id = round + "-" + std::to_string(i);
                const std::string service = (i % 4 == 0) ? "B" : "A";
                Json reply;
                try {
                    reply = client.request({{"type", "ticket.issue"}, {"service", service}, {"request_id", request_id}}, 5s);
                } catch (const std::exception&) {
                    reply = Json{{"_broken", true}};
                }
                std::lock_guard lock(mutex);
                if (!is_ok(reply)) {
                    result.unanswered.emplace_back(device, request_id);
                    if (!reply.contains("_timeout") && !reply.contains("_broken")) result.errors.push_back(reply.dump());
                    return;
                }
                result.acknowledged.push_back({device, request_id, service, reply["ticket"]["id"].get<std::int64_t>(),
                                               reply["ticket"]["number"].get<std::string>()});
                ++answered;
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            result.errors.push_back(device + ": " + e.what());
        }
    };
    std::vector<std::thread> threads;
    for (int i = 1; i <= kKiosks; ++i) threads.emplace_back(kiosk, i);
    for (auto& thread : threads) thread.join();
    return result;
}

std::string integrity_check(const std::filesystem::path& db_path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "open failed";
        sqlite3_close(db);
        return why;
    }
    std::string answer;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK) {
        while (sqlite3_step(statement) == SQLITE_ROW) answer += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    } else {
        answer = sqlite3_errmsg(db);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return answer;
}

// Numbers of a service today are exactly PREFIX001..PREFIX<count>.
void check_numbering(LineClient& admin, const std::string& prefix, int count) {
    std::string burst;
    for (int n = 1; n <= count + 1; ++n) {
        char number[16];
        std::snprintf(number, sizeof number, "%s%03d", prefix.c_str(), n);
        burst += Json{{"type", "ticket.get"}, {"id", "get-" + std::to_string(n)}, {"number", number}}.dump() + "\n";
    }
    admin.send_raw(burst);
    for (int n = 1; n <= count + 1; ++n) {
        auto reply = admin.read_json(10s);
        REQUIRE(reply.has_value());
        REQUIRE((*reply)["id"] == "get-" + std::to_string(n));
        if (n <= count) CHECK_MESSAGE(is_ok(*reply), prefix << n << ": " << reply->dump());
        else CHECK_MESSAGE(code_of(*reply) == "not_found", prefix << n << " should not exist: " << reply->dump());
    }
}

int issued_today(LineClient& admin, const std::string& code) {
    Json stats = ok(admin, {{"type", "stats.day"}});
    for (const auto& row : stats["services"])
        if (row["code"] == code) return row["issued"].get<int>();
    return -1;
}

}  // namespace

TEST_CASE("crash: kill -9 under load loses no acknowledged ticket, numbering has no gap, retries get their ticket") {
    const Json config = crash_config();
    ServerOptions options = with_config(config);
    options.dir = anoman::testing::scratch_dir("conform-crash");
    std::vector<Acknowledged> all_acknowledged;
    std::vector<std::pair<std::string, std::string>> all_unanswered;
    std::mutex seen_mutex;
    std::int64_t max_seen_seq = 0;
    std::vector<Json> seen_issued;

    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        ServerProcess server(options);
        std::atomic<int> answered{0};
        LoadResult load;
        // A display watching: every event it saw must have been durable.
        std::thread watcher([&] {
            try {
                LineClient hall(server.port());
                if (hall.hello("display", "hall-1", "d1").value("type", "") != "welcome") return;
                Json reply = hall.request({{"type", "subscribe"}});
                while (auto line = hall.next_push(5s)) {
                    if ((*line)["type"] != "event") continue;
                    std::lock_guard lock(seen_mutex);
                    max_seen_seq = std::max(max_seen_seq, (*line)["seq"].get<std::int64_t>());
                    if ((*line)["kind"] == "issued") seen_issued.push_back((*line)["ticket"]);
                }
            } catch (const std::exception&) {
            }
        });
        std::thread killer([&] {
            // Let the load build up, then pull the plug mid-stream.
            const auto start = SteadyClock::now();
            while (answered < 150 && SteadyClock::now() - start < 10s) std::this_thread::sleep_for(5ms);
            server.kill9();
        });
        load = issue_until_broken(server, config, "r" + std::to_string(round), answered);
        killer.join();
        watcher.join();
        CAPTURE(Json(load.errors).dump());
        CHECK(load.errors.empty());
        CHECK(load.acknowledged.size() >= 150);
        all_acknowledged.insert(all_acknowledged.end(), load.acknowledged.begin(), load.acknowledged.end());
        all_unanswered.insert(all_unanswered.end(), load.unanswered.begin(), load.unanswered.end());
    }
    CHECK(integrity_check(options.dir.value() / "queue.db") == "ok");

    ServerProcess server(options);
    auto admin = login(server, config, "admin");
    {
        // Every event a subscriber saw is in the database: seq continues from at least there.
        LineClient hall(server.port());
        Json welcome = hall.hello("display", "hall-1", "d1");
        CHECK(welcome["seq"].get<std::int64_t>() >= max_seen_seq);
        CHECK(max_seen_seq > 0);
        for (const auto& ticket : seen_issued) {
            Json got = admin->request({{"type", "ticket.get"}, {"ticket", ticket["id"]}});
            REQUIRE_MESSAGE(is_ok(got), ticket.dump());
            CHECK(got["ticket"]["number"] == ticket["number"]);
        }
    }
    // Every acknowledged ticket is there, with its number.
    std::set<std::int64_t> ids;
    std::map<std::string, int> acknowledged_per_service;
    for (const auto& ack : all_acknowledged) {
        CHECK(ids.insert(ack.id).second);
        ++acknowledged_per_service[ack.service];
        Json got = admin->request({{"type", "ticket.get"}, {"ticket", ack.id}});
        REQUIRE_MESSAGE(is_ok(got), ack.number << ": " << got.dump());
        CHECK(got["ticket"]["number"] == ack.number);
        CHECK(got["ticket"]["service"] == ack.service);
    }
    // No gap and no duplicate: the numbers are exactly 1..issued.
    const int issued_a = issued_today(*admin, "A");
    const int issued_b = issued_today(*admin, "B");
    CHECK(issued_a >= acknowledged_per_service["A"]);
    CHECK(issued_b >= acknowledged_per_service["B"]);
    CHECK(issued_a + issued_b <= static_cast<int>(all_acknowledged.size() + all_unanswered.size()));
    check_numbering(*admin, "A", issued_a);
    check_numbering(*admin, "B", issued_b);
    std::set<std::string> acknowledged_numbers;
    for (const auto& ack : all_acknowledged) CHECK(acknowledged_numbers.insert(ack.number).second);

    // A kiosk retrying what got no answer gets a ticket, exactly once; retries of acknowledged ones are replays.
    std::map<std::string, std::unique_ptr<LineClient>> kiosks;
    for (int i = 1; i <= kKiosks; ++i) {
        const std::string device = "kiosk-" + std::to_string(i);
        kiosks[device] = login(server, config, device);
    }
    int fresh = 0;
    for (const auto& [device, request_id] : all_unanswered) {
        Json first = issue(*kiosks[device], "A", request_id);
        REQUIRE_MESSAGE(is_ok(first), first.dump());
        Json second = issue(*kiosks[device], "A", request_id);
        REQUIRE(is_ok(second));
        CHECK(second["replayed"] == true);
        CHECK(second["ticket"]["id"] == first["ticket"]["id"]);
        if (first["replayed"] == false) ++fresh;
    }
    // Those committed before the crash were replayed; the others took the next numbers.
    CHECK(issued_today(*admin, "A") + issued_today(*admin, "B") == issued_a + issued_b + fresh);
    for (const auto& ack : all_acknowledged) {
        Json again = issue(*kiosks[ack.device], ack.service, ack.request_id);
        REQUIRE(is_ok(again));
        CHECK(again["replayed"] == true);
        CHECK(again["ticket"]["id"] == ack.id);
        CHECK(again["ticket"]["number"] == ack.number);
    }
    check_numbering(*admin, "A", issued_today(*admin, "A"));
    check_numbering(*admin, "B", issued_today(*admin, "B"));
}

TEST_CASE("crash: kill -9 keeps acknowledged counter actions and the event seq") {
    const Json config = crash_config();
    ServerOptions options = with_config(config);
    options.dir = anoman::testing::scratch_dir("conform-crash-counter");
    std::int64_t last_seq = 0;
    Json current;
    {
        ServerProcess server(options);
        auto admin = login(server, config, "admin");
        auto hall = login(server, config, "hall-1");
        subscribe(*hall);
        for (int i = 0; i < 5; ++i) issue_ok(*admin, "A", "cc-" + std::to_string(i));
        ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}});
        ok(*admin, {{"type", "counter.skip"}, {"counter", "L1"}});
        current = ok(*admin, {{"type", "counter.call_next"}, {"counter", "L1"}})["ticket"];
        ok(*admin, {{"type", "counter.recall"}, {"counter", "L1"}});
        ok(*admin, {{"type", "counter.close"}, {"counter", "L2"}});
        ok(*admin, {{"type", "announce"}, {"text", "akhir"}});
        while (auto event = next_event(*hall, 5s)) {
            last_seq = (*event)["seq"].get<std::int64_t>();
            if ((*event)["kind"] == "announcement") break;
        }
        server.kill9();
    }
    ServerProcess server(options);
    auto admin = login(server, config, "admin");
    LineClient hall(server.port());
    Json welcome = hall.hello("display", "hall-1", "d1");
    CHECK(welcome["seq"] == last_seq);
    Json l1 = counter_state(*admin, "L1");
    REQUIRE(l1["current"].is_object());
    CHECK(l1["current"]["id"] == current["id"]);
    CHECK(l1["current"]["calls"] == 2);
    CHECK(counter_state(*admin, "L2")["open"] == false);
    CHECK(ok(*admin, {{"type", "ticket.get"}, {"number", "A001"}})["ticket"]["status"] == "skipped");
    CHECK(issue_ok(*admin, "A", "cc-new")["number"] == "A006");
}

TEST_CASE("SIGTERM and SIGINT: exit 0 after finishing what is in flight; the database is intact") {
    const Json config = crash_config();
    for (int signal_number : {SIGTERM, SIGINT}) {
        CAPTURE(signal_number);
        ServerOptions options = with_config(config);
        options.dir = anoman::testing::scratch_dir("conform-sigterm");
        std::vector<Json> acknowledged;
        {
            ServerProcess server(options);
            auto kiosk = login(server, config, "kiosk-1");
            auto hall = login(server, config, "hall-1");
            subscribe(*hall);
            for (int i = 0; i < 20; ++i) acknowledged.push_back(issue_ok(*kiosk, "A", "pre-" + std::to_string(i)));
            // A burst still in flight when the signal comes.
            std::string burst;
            for (int i = 0; i < 60; ++i)
                burst += Json{{"type", "ticket.issue"}, {"id", i}, {"service", "A"}, {"request_id", "burst-" + std::to_string(i)}}.dump() + "\n";
            kiosk->send_raw(burst);
            ::kill(server.pid(), signal_number);
            while (auto line = kiosk->read_json(5s)) {
                if (is_ok(*line)) acknowledged.push_back((*line)["ticket"]);
            }
            CHECK(server.wait(10s) == 0);
            CHECK(hall->wait_closed(2s));
        }
        CHECK(integrity_check(options.dir.value() / "queue.db") == "ok");
        ServerProcess server(options);
        auto admin = login(server, config, "admin");
        for (const auto& ticket : acknowledged) {
            Json got = admin->request({{"type", "ticket.get"}, {"ticket", ticket["id"]}});
            REQUIRE_MESSAGE(is_ok(got), got.dump());
            CHECK(got["ticket"]["number"] == ticket["number"]);
        }
        const int issued = issued_today(*admin, "A");
        CHECK(issued >= static_cast<int>(acknowledged.size()));
        check_numbering(*admin, "A", issued);
    }
}
