// The built-in demo hospital. It goes through parse_config like any file, so
// the demo can never drift from what the validator accepts.
#include "anoman/config.hpp"

namespace anoman {

proto::Json demo_config_json() {
    return proto::Json::parse(R"json({
  "hospital": {"name": "RSUD Ngudi Waluyo Wlingi", "timezone": "Asia/Jakarta"},
  "listen": {"host": "127.0.0.1", "port": 7700},
  "database": "queue.db",
  "services": [
    {"code": "A",  "name": "Pendaftaran BPJS", "name_en": "BPJS Registration", "prefix": "A", "daily_quota": 400, "patients": ["bpjs"]},
    {"code": "B",  "name": "Pendaftaran Umum", "name_en": "General Registration", "prefix": "B", "patients": ["umum"]},
    {"code": "P",  "name": "Prioritas (Lansia, Disabilitas, Ibu Hamil)", "name_en": "Priority (Elderly, Disabled, Pregnant)", "prefix": "P", "priority": true},
    {"code": "PU", "name": "Poli Umum", "name_en": "General Clinic", "prefix": "U"},
    {"code": "PA", "name": "Poli Anak", "name_en": "Paediatric Clinic", "prefix": "N"},
    {"code": "PG", "name": "Poli Gigi", "name_en": "Dental Clinic", "prefix": "G", "hours": "07:00-21:00"},
    {"code": "PD", "name": "Poli Penyakit Dalam", "name_en": "Internal Medicine Clinic", "prefix": "D", "daily_quota": 60}
  ],
  "counters": [
    {"id": "L1", "name": "Loket 1", "services": ["A", "P"]},
    {"id": "L2", "name": "Loket 2", "services": ["A", "P"]},
    {"id": "L3", "name": "Loket 3", "services": ["B", "P"]},
    {"id": "L4", "name": "Loket 4", "services": ["A", "B", "P"]},
    {"id": "R1", "name": "Ruang Poli 1", "services": ["PU", "PD"]},
    {"id": "R2", "name": "Ruang Poli 2", "services": ["PA", "PG"]}
  ],
  "devices": [
    {"id": "kiosk-1", "role": "kiosk",   "token": "demo-kiosk-1"},
    {"id": "kiosk-2", "role": "kiosk",   "token": "demo-kiosk-2"},
    {"id": "loket-1", "role": "counter", "counter": "L1", "token": "demo-loket-1"},
    {"id": "loket-2", "role": "counter", "counter": "L2", "token": "demo-loket-2"},
    {"id": "loket-3", "role": "counter", "counter": "L3", "token": "demo-loket-3"},
    {"id": "loket-4", "role": "counter", "counter": "L4", "token": "demo-loket-4"},
    {"id": "poli-1",  "role": "counter", "counter": "R1", "token": "demo-poli-1"},
    {"id": "poli-2",  "role": "counter", "counter": "R2", "token": "demo-poli-2"},
    {"id": "hall-1",  "role": "display", "token": "demo-hall-1"},
    {"id": "hall-2",  "role": "display", "token": "demo-hall-2"},
    {"id": "admin",   "role": "admin",   "token": "demo-admin"}
  ]
})json");
}

const Config& demo_config() {
    static const Config config = parse_config(demo_config_json());
    return config;
}

}  // namespace anoman
