// The "bpjs" blocks of the configuration (BPJS-ANTREAN.md part 1): the
// top-level connection block and each service's role. Strict like the rest:
// unknown keys and wrong types are ConfigError with the path.
#include <initializer_list>

#include "anoman/bpjs_url.hpp"
#include "anoman/config.hpp"

namespace anoman {
namespace {

using proto::Json;

[[noreturn]] void refuse(const std::string& path, const std::string& what) { throw ConfigError(path + ": " + what); }

void known_keys(const Json& block, const std::string& path, std::initializer_list<const char*> allowed) {
    if (!block.is_object()) refuse(path, "expected an object");
    for (auto it = block.begin(); it != block.end(); ++it) {
        bool known = false;
        for (const char* key : allowed) known = known || it.key() == key;
        if (!known) refuse(path + "." + it.key(), "unknown key");
    }
}

std::string text_field(const Json& block, const std::string& path, const char* key) {
    auto it = block.find(key);
    if (it == block.end()) refuse(path + "." + key, "missing");
    if (!it->is_string()) refuse(path + "." + key, "expected a string");
    if (it->get<std::string>().empty()) refuse(path + "." + key, "must not be empty");
    return it->get<std::string>();
}

std::optional<int> count_field(const Json& block, const std::string& path, const char* key) {
    auto it = block.find(key);
    if (it == block.end()) return std::nullopt;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 100000)
        refuse(path + "." + key, "expected a whole number from 0 to 100000");
    return it->get<int>();
}

}  // namespace

BpjsConfig parse_bpjs_config(const Json& block, const std::string& path) {
    known_keys(block, path, {"base_url", "cons_id", "secret_file", "user_key_file"});
    BpjsConfig bpjs;
    bpjs.base_url = text_field(block, path, "base_url");
    try {
        parse_bpjs_url(bpjs.base_url);
    } catch (const ConfigError& e) {
        refuse(path + ".base_url", e.what());
    }
    bpjs.cons_id = text_field(block, path, "cons_id");
    for (char c : bpjs.cons_id)
        if (c < '0' || c > '9') refuse(path + ".cons_id", "expected the digits BPJS gave (the consumer id)");
    bpjs.secret_file = text_field(block, path, "secret_file");
    bpjs.user_key_file = text_field(block, path, "user_key_file");
    return bpjs;
}

ServiceBpjsConfig parse_service_bpjs(const Json& block, const std::string& path) {
    if (!block.is_object()) refuse(path, "expected an object");
    ServiceBpjsConfig bpjs;
    const std::string role = text_field(block, path, "role");
    if (role == "admission") {
        known_keys(block, path, {"role"});
        bpjs.role = ServiceBpjsConfig::Role::admission;
        return bpjs;
    }
    if (role != "poli") refuse(path + ".role", "expected \"admission\" or \"poli\"");
    known_keys(block, path,
               {"role", "kodepoli", "kodedokter", "namadokter", "jampraktek", "kuota_jkn", "kuota_nonjkn", "booking_days",
                "checkin_early_min", "checkin_late_min", "hari"});
    bpjs.role = ServiceBpjsConfig::Role::poli;
    bpjs.kodepoli = text_field(block, path, "kodepoli");
    auto dokter = block.find("kodedokter");
    if (dokter == block.end()) refuse(path + ".kodedokter", "missing");
    if (!dokter->is_number_integer() || dokter->get<std::int64_t>() < 1)
        refuse(path + ".kodedokter", "expected the doctor's HFIS code as a whole number (queuectl bpjs ref dokter)");
    bpjs.kodedokter = dokter->get<std::int64_t>();
    bpjs.namadokter = text_field(block, path, "namadokter");
    bpjs.jampraktek = text_field(block, path, "jampraktek");
    try {
        parse_service_hours(bpjs.jampraktek);
    } catch (const ConfigError& e) {
        refuse(path + ".jampraktek", e.what());
    }
    bpjs.kuota_jkn = count_field(block, path, "kuota_jkn");
    bpjs.kuota_nonjkn = count_field(block, path, "kuota_nonjkn");
    bpjs.booking_days = count_field(block, path, "booking_days");
    if (bpjs.booking_days && *bpjs.booking_days > 90) refuse(path + ".booking_days", "expected 0 to 90 days");
    if (auto early = count_field(block, path, "checkin_early_min")) {
        if (*early > 720) refuse(path + ".checkin_early_min", "expected 0 to 720 minutes");
        bpjs.checkin_early_min = *early;
    }
    if (auto late = count_field(block, path, "checkin_late_min")) {
        if (*late > 720) refuse(path + ".checkin_late_min", "expected 0 to 720 minutes");
        bpjs.checkin_late_min = *late;
    }
    if (auto hari = block.find("hari"); hari != block.end()) {
        if (!hari->is_array() || hari->empty()) refuse(path + ".hari", "expected a list of days 1 (Senin) to 7 (Minggu)");
        for (const Json& day : *hari) {
            if (!day.is_number_integer() || day.get<int>() < 1 || day.get<int>() > 7)
                refuse(path + ".hari", "expected a list of days 1 (Senin) to 7 (Minggu)");
            bpjs.hari.push_back(day.get<int>());
        }
    }
    const int booking_keys = (bpjs.kuota_jkn ? 1 : 0) + (bpjs.kuota_nonjkn ? 1 : 0) + (bpjs.booking_days ? 1 : 0);
    if (booking_keys != 0 && booking_keys != 3)
        refuse(path, "kuota_jkn, kuota_nonjkn and booking_days go together (a poli that takes Mobile JKN bookings)");
    return bpjs;
}

}  // namespace anoman
