// Shared pieces of the conformance suite (conform_*_test.cpp): the suite is
// written from PROTOCOL.md alone and runs against the real queue-server over
// real TCP. Header-only so each topic stays one small executable.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace conform {

using anoman::testing::Json;
using anoman::testing::LineClient;
using anoman::testing::ServerOptions;
using anoman::testing::ServerProcess;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// A small hospital of our own, so rules are checked on known services:
// PR is a priority service, Q has a daily quota of 3, L3 serves B only.
inline Json test_config() {
    return Json::parse(R"json({
  "hospital": {"name": "RS Uji Kesesuaian", "timezone": "Asia/Jakarta"},
  "services": [
    {"code": "A",  "name": "Pendaftaran A", "prefix": "A"},
    {"code": "B",  "name": "Pendaftaran B", "prefix": "B"},
    {"code": "PR", "name": "Prioritas", "prefix": "P", "priority": true},
    {"code": "Q",  "name": "Berkuota", "prefix": "Q", "daily_quota": 3}
  ],
  "counters": [
    {"id": "L1", "name": "Loket 1", "services": ["A", "B", "PR"]},
    {"id": "L2", "name": "Loket 2", "services": ["A", "B"]},
    {"id": "L3", "name": "Loket 3", "services": ["B"]}
  ],
  "devices": [
    {"id": "kiosk-1", "role": "kiosk",   "token": "k1"},
    {"id": "kiosk-2", "role": "kiosk",   "token": "k2"},
    {"id": "loket-1", "role": "counter", "counter": "L1", "token": "c1"},
    {"id": "loket-2", "role": "counter", "counter": "L2", "token": "c2"},
    {"id": "loket-3", "role": "counter", "counter": "L3", "token": "c3"},
    {"id": "hall-1",  "role": "display", "token": "d1"},
    {"id": "admin",   "role": "admin",   "token": "a1"}
  ]
})json");
}

inline ServerOptions with_config(const Json& config) {
    ServerOptions options;
    options.config = config;
    return options;
}

// A server whose wall clock starts at this UTC instant and then runs at real
// speed (libfaketime preloaded into the server itself, so kill -9 reaches the
// server and not a wrapper; the monotonic clock stays real for its timers).
inline ServerOptions faked_clock(const Json& config, std::time_t start_utc, const std::string& tz = "UTC") {
    ServerOptions options = with_config(config);
    options.env = {{"LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"},
                   {"FAKETIME", "@" + std::to_string(start_utc)},
                   {"FAKETIME_FMT", "%s"},
                   {"FAKETIME_DONT_FAKE_MONOTONIC", "1"},
                   {"FAKETIME_NO_CACHE", "1"},
                   {"TZ", tz}};
    return options;
}

inline std::time_t utc_time(int year, int month, int day, int hour, int minute, int second) {
    std::tm parts{};
    parts.tm_year = year - 1900;
    parts.tm_mon = month - 1;
    parts.tm_mday = day;
    parts.tm_hour = hour;
    parts.tm_min = minute;
    parts.tm_sec = second;
    return timegm(&parts);
}

// The error code of an answer: a failed reply's error.code, an error line's
// code, or "" for a successful reply.
inline std::string code_of(const Json& answer) {
    if (!answer.is_object()) return "?";
    const std::string type = answer.value("type", "");
    if (type == "error") return answer.value("code", "?");
    if (type == "reply") {
        if (answer.value("ok", false) == true) return "";
        if (answer.contains("error") && answer["error"].is_object()) return answer["error"].value("code", "?");
        return "?";
    }
    return "?(" + type + ")";
}

inline bool is_ok(const Json& answer) {
    return answer.is_object() && answer.value("type", "") == "reply" && answer.value("ok", false) == true;
}

// Connects and says hello as a device of a configuration; REQUIREs a welcome.
inline std::unique_ptr<LineClient> login(const ServerProcess& server, const Json& config, const std::string& device) {
    for (const auto& entry : config["devices"]) {
        if (entry["id"] != device) continue;
        auto client = std::make_unique<LineClient>(server.port());
        Json welcome = client->hello(entry["role"].get<std::string>(), device, entry["token"].get<std::string>());
        REQUIRE_MESSAGE(welcome.value("type", "") == "welcome", device << ": " << welcome.dump());
        return client;
    }
    FAIL("no device " << device << " in the configuration");
    return nullptr;
}

// Connects and says hello as the demo configuration's device of a role.
inline std::unique_ptr<LineClient> login_demo(const ServerProcess& server, const std::string& role) {
    auto client = std::make_unique<LineClient>(server.port());
    Json welcome = client->hello_demo(role);
    REQUIRE_MESSAGE(welcome.value("type", "") == "welcome", role << ": " << welcome.dump());
    return client;
}

inline std::unique_ptr<LineClient> login_demo_counter(const ServerProcess& server, const std::string& counter) {
    auto device = anoman::testing::demo_counter_device(counter);
    auto client = std::make_unique<LineClient>(server.port());
    Json welcome = client->hello("counter", device.id, device.token);
    REQUIRE_MESSAGE(welcome.value("type", "") == "welcome", counter << ": " << welcome.dump());
    return client;
}

// A request that must succeed; returns the reply.
inline Json ok(LineClient& client, Json request) {
    Json reply = client.request(std::move(request));
    REQUIRE_MESSAGE(is_ok(reply), reply.dump());
    return reply;
}

inline Json issue(LineClient& client, const std::string& service, const std::string& request_id, Json extra = Json::object()) {
    Json request{{"type", "ticket.issue"}, {"service", service}, {"request_id", request_id}};
    for (auto& [key, value] : extra.items()) request[key] = value;
    return client.request(request);
}

// Issues and REQUIREs success; returns the ticket.
inline Json issue_ok(LineClient& client, const std::string& service, const std::string& request_id,
                     Json extra = Json::object()) {
    Json reply = issue(client, service, request_id, std::move(extra));
    REQUIRE_MESSAGE(is_ok(reply), reply.dump());
    return reply["ticket"];
}

inline Json counter_op(LineClient& client, const std::string& type, const std::string& counter, Json extra = Json::object()) {
    Json request{{"type", type}, {"counter", counter}};
    for (auto& [key, value] : extra.items()) request[key] = value;
    return client.request(request);
}

// The next event line (heartbeats skipped), from what the client already read first.
inline std::optional<Json> next_event(LineClient& client, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = SteadyClock::now() + timeout;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left.count() <= 0) return std::nullopt;
        auto line = client.next_push(left);
        if (!line) return std::nullopt;
        if (line->value("type", "") == "event") return line;
    }
}

// The kinds of a list of events, in order.
inline std::vector<std::string> kinds_of(const std::vector<Json>& events) {
    std::vector<std::string> kinds;
    for (const auto& event : events) kinds.push_back(event["kind"].get<std::string>());
    return kinds;
}

// Reads events until an announcement with this text (a marker we sent
// ourselves), so a test knows every event before it has arrived.
inline std::vector<Json> events_until_marker(LineClient& client, const std::string& marker) {
    std::vector<Json> events;
    while (true) {
        auto event = next_event(client, 5s);
        REQUIRE_MESSAGE(event.has_value(), "no announcement " << marker);
        if ((*event)["kind"] == "announcement" && (*event)["text"] == marker) return events;
        events.push_back(*event);
    }
}

// Subscribes; REQUIREs the reply then the snapshot; returns the snapshot.
inline Json subscribe(LineClient& client, Json extra = Json::object()) {
    Json request{{"type", "subscribe"}};
    for (auto& [key, value] : extra.items()) request[key] = value;
    Json reply = client.request(request);
    REQUIRE_MESSAGE(is_ok(reply), reply.dump());
    REQUIRE(reply.contains("seq"));
    auto snapshot = client.next_push(5s);
    REQUIRE(snapshot.has_value());
    REQUIRE_MESSAGE(snapshot->value("type", "") == "snapshot", snapshot->dump());
    CHECK((*snapshot)["seq"] == reply["seq"]);
    return *snapshot;
}

// The service day in Asia/Jakarta (UTC+7 all year, no DST) for a UTC instant.
inline std::string jakarta_day(std::time_t utc_seconds) {
    std::time_t shifted = utc_seconds + 7 * 3600;
    std::tm parts{};
    gmtime_r(&shifted, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

inline std::string jakarta_today() { return jakarta_day(std::time(nullptr)); }

// A counter object of services.list by id.
inline Json counter_state(LineClient& client, const std::string& id) {
    Json list = ok(client, {{"type", "services.list"}});
    for (const auto& counter : list["counters"])
        if (counter["id"] == id) return counter;
    FAIL("no counter " << id << " in services.list");
    return Json();
}

inline Json service_state(LineClient& client, const std::string& code) {
    Json list = ok(client, {{"type", "services.list"}});
    for (const auto& service : list["services"])
        if (service["code"] == code) return service;
    FAIL("no service " << code << " in services.list");
    return Json();
}

// Runs queue-server on a configuration expected to be refused at start.
inline anoman::testing::RunResult run_with_config(const Json& config, const std::string& label) {
    auto dir = anoman::testing::scratch_dir(label);
    auto path = dir / "config.json";
    {
        std::FILE* file = std::fopen(path.c_str(), "w");
        REQUIRE(file != nullptr);
        const std::string text = config.dump(2);
        std::fwrite(text.data(), 1, text.size(), file);
        std::fclose(file);
    }
    return anoman::testing::run_program({anoman::testing::program("queue-server").string(), "--config", path.string(),
                                         "--db", (dir / "queue.db").string(), "--host", "127.0.0.1", "--port", "0"},
                                        10s);
}

// Non-empty lines of a text.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

}  // namespace conform
