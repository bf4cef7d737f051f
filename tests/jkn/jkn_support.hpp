// What the Mobile JKN tests share: a hospital with a poli that takes
// bookings, a wall clock the test steps (libfaketime reads its offset from a
// file on every call), and small protocol helpers.
#pragma once

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"

namespace anoman::testing::jkn {

namespace fs = std::filesystem;

// An instant given as WIB wall-clock time (UTC+7).
inline std::time_t wib_time(int year, int month, int day, int hour, int minute, int second = 0) {
    std::tm parts{};
    parts.tm_year = year - 1900;
    parts.tm_mon = month - 1;
    parts.tm_mday = day;
    parts.tm_hour = hour - 7;
    parts.tm_min = minute;
    parts.tm_sec = second;
    return timegm(&parts);
}

class SteppableClock {
public:
    SteppableClock(fs::path file, std::time_t start_utc) : file_(std::move(file)) { set(start_utc); }
    void apply(ServerOptions& options) const {
        options.env = {{"LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"},
                       {"FAKETIME_TIMESTAMP_FILE", file_.string()},
                       {"FAKETIME_DONT_FAKE_MONOTONIC", "1"},
                       {"FAKETIME_NO_CACHE", "1"},
                       {"TZ", "UTC"}};
    }
    // The server's wall clock is now this instant (and runs on from it).
    void set(std::time_t utc) {
        const std::int64_t offset = utc - std::time(nullptr);
        const fs::path temp = file_.string() + ".new";
        std::ofstream(temp) << (offset >= 0 ? "+" : "") << offset << "\n";
        fs::rename(temp, file_);
    }

private:
    fs::path file_;
};

// Poli Anak (C) takes bookings: 2 JKN and 1 non-JKN a day, 7 days ahead, 08:00-12:00,
// check-in from 60 min before the estimate to 60 min after it. Poli Gigi (G) takes none.
inline Json booking_config() {
    return Json::parse(R"({
      "hospital": {"name": "RSUD Uji JKN", "timezone": "Asia/Jakarta"},
      "services": [
        {"code": "C", "name": "Poli Anak", "prefix": "C",
         "bpjs": {"role": "poli", "kodepoli": "ANA", "kodedokter": 12345, "namadokter": "dr. Contoh, Sp.A",
                  "jampraktek": "08:00-12:00", "kuota_jkn": 2, "kuota_nonjkn": 1, "booking_days": 7,
                  "hari": [1, 2, 3, 4, 5, 6]}},
        {"code": "G", "name": "Poli Gigi", "prefix": "G"}
      ],
      "counters": [{"id": "R1", "name": "Ruang Anak", "services": ["C"]},
                   {"id": "R2", "name": "Ruang Gigi", "services": ["G"]}],
      "devices": [
        {"id": "kiosk-1", "role": "kiosk", "token": "k1"},
        {"id": "kiosk-2", "role": "kiosk", "token": "k2"},
        {"id": "hall-1", "role": "display", "token": "d1"},
        {"id": "ruang-1", "role": "counter", "counter": "R1", "token": "r1"},
        {"id": "admin", "role": "admin", "token": "a1"}
      ]
    })");
}

// A JKN patient's booking request (booking.add and ambilantrean take the same fields).
inline Json ambil(const std::string& nik, const std::string& kartu, const std::string& day) {
    return Json{{"nomorkartu", kartu}, {"nik", nik},           {"nohp", "081234567890"}, {"kodepoli", "ANA"},
                {"norm", "123456"},    {"tanggalperiksa", day}, {"kodedokter", 12345},     {"jampraktek", "08:00-12:00"},
                {"jeniskunjungan", 1}, {"nomorreferensi", "0001R0011225K000001"}};
}

inline Json must(LineClient& client, Json request) {
    Json reply = client.request(std::move(request));
    INFO(reply.dump());
    REQUIRE(reply.value("ok", false) == true);
    return reply;
}

inline std::string error_code(const Json& reply) {
    return reply.contains("error") ? reply["error"].value("code", "?") : "";
}

// Waits until the server's wall clock (ping's "now") starts with this local prefix ("2026-12-03T07").
inline bool wait_for_time(LineClient& client, const std::string& prefix) {
    return eventually([&] {
        Json reply = client.request(Json{{"type", "ping"}});
        return reply.value("now", std::string()).rfind(prefix, 0) == 0;
    }, 5s);
}

}  // namespace anoman::testing::jkn
