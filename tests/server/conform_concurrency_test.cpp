// Conformance: numbering without gaps or duplicates under concurrency, and
// counters calling at the same instant (PROTOCOL.md "Shapes", "Rules of the queue").
#include "conformance.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <set>

using namespace conform;

namespace {

constexpr int kKiosks = 20;

// test_config() with many kiosks and two more counters on A.
Json busy_config() {
    Json config = test_config();
    for (int i = 3; i <= kKiosks; ++i)
        config["devices"].push_back({{"id", "kiosk-" + std::to_string(i)}, {"role", "kiosk"}, {"token", "k" + std::to_string(i)}});
    config["counters"].push_back({{"id", "L4"}, {"name", "Loket 4"}, {"services", {"A", "B"}}});
    config["counters"].push_back({{"id", "L5"}, {"name", "Loket 5"}, {"services", {"A"}}});
    config["devices"].push_back({{"id", "loket-4"}, {"role", "counter"}, {"counter", "L4"}, {"token", "c4"}});
    config["devices"].push_back({{"id", "loket-5"}, {"role", "counter"}, {"counter", "L5"}, {"token", "c5"}});
    return config;
}

std::string token_of(const Json& config, const std::string& device) {
    for (const auto& entry : config["devices"])
        if (entry["id"] == device) return entry["token"].get<std::string>();
    return "";
}

int number_value(const std::string& number) { return std::stoi(number.substr(1)); }

}  // namespace

TEST_CASE("concurrency: 20 kiosks issuing at once get numbers without gaps or duplicates") {
    const Json config = busy_config();
    ServerProcess server(with_config(config));
    constexpr int kPerKiosk = 30;

    std::mutex mutex;
    std::vector<std::string> errors;
    std::map<std::string, std::pair<std::int64_t, std::string>> by_request;  // device:request_id -> (id, number)
    std::vector<std::pair<std::string, std::string>> numbers;                // (service, number)
    std::atomic<int> ready{0};

    auto kiosk = [&](int index) {
        const std::string device = "kiosk-" + std::to_string(index);
        try {
            LineClient client(server.port());
            if (client.hello("kiosk", device, token_of(config, device)).value("type", "") != "welcome") {
                std::lock_guard lock(mutex);
                errors.push_back(device + ": no welcome");
                return;
            }
            ++ready;
            while (ready < kKiosks) std::this_thread::yield();  // start together
            for (int i = 0; i < kPerKiosk; ++i) {
                const std::string request_id = device + ":" + std::to_string(i);
                const std::string service = (i % 3 == 0) ? "B" : "A";
                Json reply = client.request({{"type", "ticket.issue"}, {"service", service}, {"request_id", request_id}}, 15s);
                // Every fifth request is retried at once, as a kiosk does after a timeout.
                Json retry;
                if (i % 5 == 0)
                    retry = client.request({{"type", "ticket.issue"}, {"service", service}, {"request_id", request_id}}, 15s);
                std::lock_guard lock(mutex);
                if (!is_ok(reply)) {
                    errors.push_back(device + ": " + reply.dump());
                    continue;
                }
                const Json& ticket = reply["ticket"];
                by_request[device + ":" + request_id] = {ticket["id"].get<std::int64_t>(), ticket["number"].get<std::string>()};
                numbers.emplace_back(ticket["service"].get<std::string>(), ticket["number"].get<std::string>());
                if (reply["replayed"] != false) errors.push_back(device + ": first issue replayed: " + reply.dump());
                if (!retry.is_null()) {
                    if (!is_ok(retry) || retry["replayed"] != true || retry["ticket"]["id"] != ticket["id"])
                        errors.push_back(device + ": retry gave " + retry.dump());
                }
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            errors.push_back(device + ": " + e.what());
        }
    };
    std::vector<std::thread> threads;
    for (int i = 1; i <= kKiosks; ++i) threads.emplace_back(kiosk, i);
    for (auto& thread : threads) thread.join();

    CAPTURE(Json(errors).dump());
    CHECK(errors.empty());
    REQUIRE(numbers.size() == static_cast<std::size_t>(kKiosks * kPerKiosk));
    std::map<std::string, std::set<int>> per_service;
    std::set<std::int64_t> ids;
    for (const auto& [service, number] : numbers) {
        CHECK(number[0] == service[0]);
        CHECK_MESSAGE(per_service[service].insert(number_value(number)).second, "duplicate " << number);
    }
    for (const auto& [key, value] : by_request) CHECK_MESSAGE(ids.insert(value.first).second, "duplicate id for " << key);
    const int b_count = kKiosks * 10;  // i % 3 == 0 for i in 0..29
    const int a_count = kKiosks * kPerKiosk - b_count;
    REQUIRE(per_service["A"].size() == static_cast<std::size_t>(a_count));
    REQUIRE(per_service["B"].size() == static_cast<std::size_t>(b_count));
    CHECK(*per_service["A"].begin() == 1);
    CHECK(*per_service["A"].rbegin() == a_count);
    CHECK(*per_service["B"].begin() == 1);
    CHECK(*per_service["B"].rbegin() == b_count);

    // The server agrees: the next numbers follow on.
    auto admin = login(server, config, "admin");
    CHECK(number_value(issue_ok(*admin, "A", "after")["number"].get<std::string>()) == a_count + 1);
    Json stats = ok(*admin, {{"type", "stats.day"}});
    for (const auto& row : stats["services"]) {
        if (row["code"] == "A") CHECK(row["issued"] == a_count + 1);
        if (row["code"] == "B") CHECK(row["issued"] == b_count);
    }
}

TEST_CASE("concurrency: counters calling at the same instant never get the same ticket") {
    const Json config = busy_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    constexpr int kBefore = 240;
    constexpr int kDuring = 120;
    {
        std::string burst;
        for (int i = 0; i < kBefore; ++i)
            burst += Json{{"type", "ticket.issue"}, {"id", i}, {"service", i % 4 == 0 ? "B" : "A"}, {"request_id", "pre-" + std::to_string(i)}}.dump() + "\n";
        admin->send_raw(burst);
        for (int i = 0; i < kBefore; ++i) {
            auto reply = admin->read_json(10s);
            REQUIRE(reply.has_value());
            REQUIRE(is_ok(*reply));
        }
    }

    std::mutex mutex;
    std::vector<std::string> errors;
    std::map<std::int64_t, std::string> called_by;  // ticket id -> counter
    std::atomic<int> ready{0};
    std::atomic<bool> issuing_done{false};
    const std::vector<std::string> counters = {"L1", "L2", "L4", "L5"};

    auto clerk = [&](const std::string& counter) {
        const std::string device = "loket-" + counter.substr(1);
        try {
            LineClient client(server.port());
            if (client.hello("counter", device, token_of(config, device)).value("type", "") != "welcome") {
                std::lock_guard lock(mutex);
                errors.push_back(device + ": no welcome");
                return;
            }
            ++ready;
            while (ready < 6) std::this_thread::yield();
            int empty_in_a_row = 0;
            while (true) {
                Json reply = client.request({{"type", "counter.call_next"}, {"counter", counter}}, 15s);
                std::lock_guard lock(mutex);
                if (code_of(reply) == "queue_empty") {
                    if (issuing_done && ++empty_in_a_row >= 2) return;
                    continue;
                }
                empty_in_a_row = 0;
                if (!is_ok(reply)) {
                    errors.push_back(device + ": " + reply.dump());
                    return;
                }
                const std::int64_t id = reply["ticket"]["id"].get<std::int64_t>();
                if (reply["ticket"]["counter"] != counter) errors.push_back(device + ": wrong counter " + reply.dump());
                auto [it, fresh] = called_by.emplace(id, counter);
                if (!fresh) errors.push_back("ticket " + std::to_string(id) + " called by " + it->second + " and " + counter);
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            errors.push_back(device + ": " + e.what());
        }
    };
    auto kiosk = [&](int index) {
        const std::string device = "kiosk-" + std::to_string(index);
        try {
            LineClient client(server.port());
            client.hello("kiosk", device, token_of(config, device));
            ++ready;
            while (ready < 6) std::this_thread::yield();
            for (int i = 0; i < kDuring / 2; ++i) {
                Json reply = client.request({{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "during-" + std::to_string(i)}}, 15s);
                if (!is_ok(reply)) {
                    std::lock_guard lock(mutex);
                    errors.push_back(device + ": " + reply.dump());
                }
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            errors.push_back(device + ": " + e.what());
        }
    };
    std::vector<std::thread> kiosks;
    kiosks.emplace_back(kiosk, 1);
    kiosks.emplace_back(kiosk, 2);
    std::vector<std::thread> clerks;
    for (const auto& counter : counters) clerks.emplace_back(clerk, counter);
    for (auto& thread : kiosks) thread.join();
    issuing_done = true;
    for (auto& thread : clerks) thread.join();

    CAPTURE(Json(errors).dump());
    CHECK(errors.empty());
    // L5 serves only A; the others A and B: everything was called, once.
    CHECK(called_by.size() == static_cast<std::size_t>(kBefore + kDuring));
    Json list = ok(*admin, {{"type", "services.list"}});
    int current = 0;
    for (const auto& service : list["services"]) CHECK(service["waiting"] == 0);
    for (const auto& counter : list["counters"])
        if (!counter["current"].is_null()) ++current;
    // Each call_next finished the ticket before it: all but the current ones are done.
    Json stats = ok(*admin, {{"type", "stats.day"}});
    int served = 0;
    for (const auto& row : stats["services"]) served += row["served"].get<int>();
    CHECK(served + current == kBefore + kDuring);
    for (const auto& [id, counter] : called_by) {
        (void)counter;
        Json ticket = ok(*admin, {{"type", "ticket.get"}, {"ticket", id}})["ticket"];
        CHECK((ticket["status"] == "done" || ticket["status"] == "called"));
        CHECK(ticket["calls"] == 1);
    }
}
