// The "bpjs" blocks of the configuration (BPJS-ANTREAN.md part 1): the
// top-level connection block and each service's role. Strict like the rest:
// unknown keys and wrong types are ConfigError with the path.
#include <cstdint>
#include <optional>

#include "anoman/bpjs_url.hpp"
#include "anoman/config.hpp"
#include "config_reader.hpp"

namespace anoman {
namespace {

using proto::Json;
using namespace config_reader;

// A quota or a count of days or minutes (absent: nullopt).
std::optional<int> count_field(const Json& block, const std::string& path, const char* key, int max,
                               const std::string& what) {
    auto value = whole_number(block, path, key, 0, max, what);
    return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

const std::string kQuota = "expected a whole number from 0 to 100000";

}  // namespace

BpjsConfig parse_bpjs_config(const Json& block, const std::string& path) {
    only_keys(block, path, {"base_url", "cons_id", "secret_file", "user_key_file"});
    BpjsConfig bpjs;
    bpjs.base_url = nonempty(block, path, "base_url");
    try {
        parse_bpjs_url(bpjs.base_url);
    } catch (const ConfigError& e) {
        fail(at(path, "base_url"), e.what());
    }
    bpjs.cons_id = nonempty(block, path, "cons_id");
    for (char c : bpjs.cons_id)
        if (c < '0' || c > '9') fail(at(path, "cons_id"), "expected the digits BPJS gave (the consumer id)");
    bpjs.secret_file = nonempty(block, path, "secret_file");
    bpjs.user_key_file = nonempty(block, path, "user_key_file");
    return bpjs;
}

ServiceBpjsConfig parse_service_bpjs(const Json& block, const std::string& path) {
    only_keys(block, path,
              {"role", "kodepoli", "kodedokter", "namadokter", "jampraktek", "kuota_jkn", "kuota_nonjkn", "booking_days",
               "checkin_early_min", "checkin_late_min", "hari"});
    ServiceBpjsConfig bpjs;
    const std::string role = nonempty(block, path, "role");
    if (role == "admission") {
        only_keys(block, path, {"role"});
        bpjs.role = ServiceBpjsConfig::Role::admission;
        return bpjs;
    }
    if (role != "poli") fail(at(path, "role"), "expected \"admission\" or \"poli\"");
    bpjs.role = ServiceBpjsConfig::Role::poli;
    bpjs.kodepoli = nonempty(block, path, "kodepoli");
    const auto dokter = whole_number(block, path, "kodedokter", 1, INT64_MAX,
                                     "expected the doctor's HFIS code as a whole number (queuectl bpjs ref dokter)");
    if (!dokter) fail(at(path, "kodedokter"), "missing");
    bpjs.kodedokter = *dokter;
    bpjs.namadokter = nonempty(block, path, "namadokter");
    bpjs.jampraktek = nonempty(block, path, "jampraktek");
    try {
        parse_service_hours(bpjs.jampraktek);
    } catch (const ConfigError& e) {
        fail(at(path, "jampraktek"), e.what());
    }
    bpjs.kuota_jkn = count_field(block, path, "kuota_jkn", 100000, kQuota);
    bpjs.kuota_nonjkn = count_field(block, path, "kuota_nonjkn", 100000, kQuota);
    bpjs.booking_days = count_field(block, path, "booking_days", 90, "expected 0 to 90 days");
    if (auto early = count_field(block, path, "checkin_early_min", 720, "expected 0 to 720 minutes"))
        bpjs.checkin_early_min = *early;
    if (auto late = count_field(block, path, "checkin_late_min", 720, "expected 0 to 720 minutes"))
        bpjs.checkin_late_min = *late;
    if (const Json* hari = find(block, path, "hari")) {
        if (!hari->is_array() || hari->empty()) fail(at(path, "hari"), "expected a list of days 1 (Senin) to 7 (Minggu)");
        for (const Json& day : *hari) {
            if (!day.is_number_integer() || day.get<int>() < 1 || day.get<int>() > 7)
                fail(at(path, "hari"), "expected a list of days 1 (Senin) to 7 (Minggu)");
            bpjs.hari.push_back(day.get<int>());
        }
    }
    const int booking_keys = (bpjs.kuota_jkn ? 1 : 0) + (bpjs.kuota_nonjkn ? 1 : 0) + (bpjs.booking_days ? 1 : 0);
    if (booking_keys != 0 && booking_keys != 3)
        fail(path, "kuota_jkn, kuota_nonjkn and booking_days go together (a poli that takes Mobile JKN bookings)");
    return bpjs;
}

}  // namespace anoman
