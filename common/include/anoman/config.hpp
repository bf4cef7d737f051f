// The server's configuration file (PROTOCOL.md "Server command line and
// configuration") and the built-in demo configuration.
//
// Parsing is strict: unknown keys, wrong types, duplicate codes, unknown
// services in a counter, a counter device without a counter, malformed hours
// are all ConfigError with the path of the offending field, so the server can
// stop with one line that says what and where.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "anoman/protocol.hpp"

namespace anoman {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "HH:MM-HH:MM" local practice hours, as minutes since local midnight.
struct ServiceHours {
    int start_minute = 0;  // inclusive
    int end_minute = 24 * 60;  // exclusive; 24:00 allowed
    bool contains(int minute_of_day) const { return minute_of_day >= start_minute && minute_of_day < end_minute; }
    std::string text() const;  // back to "HH:MM-HH:MM"
};
// Throws ConfigError (message without a path) unless text is a valid "HH:MM-HH:MM".
ServiceHours parse_service_hours(const std::string& text);

// A service's part in the BPJS Antrean journey (BPJS-ANTREAN.md part 1).
struct ServiceBpjsConfig {
    enum class Role { admission, poli };
    Role role = Role::admission;
    // poli only: BPJS/HFIS codes (fill them with `queuectl bpjs ref`).
    std::string kodepoli;
    std::int64_t kodedokter = 0;
    std::string namadokter;
    std::string jampraktek;  // "HH:MM-HH:MM"
    // poli only, for the Mobile JKN door (bookings): per-day quotas and how far ahead.
    std::optional<int> kuota_jkn;
    std::optional<int> kuota_nonjkn;
    std::optional<int> booking_days;
    // Check-in window around a booking's estimated time (booking.checkin and
    // Mobile JKN's checkinantrean): opens this many minutes before it, closes
    // this many after it (never after the end of jampraktek).
    // Practice days, as HFIS numbers them (1 = Senin ... 7 = Minggu); empty: every day.
    std::vector<int> hari;
    int checkin_early_min = 60;
    int checkin_late_min = 60;
    // A poli with both quotas and booking_days takes Mobile JKN bookings (docs/mobile-jkn.md).
    bool takes_bookings() const { return role == Role::poli && kuota_jkn && kuota_nonjkn && booking_days; }
};

// The top-level "bpjs" block: where and as whom the server reports to BPJS.
// The secret and user key stay in their files (read by the server at start,
// bpjs_secrets.hpp); the configuration holds only the paths.
struct BpjsConfig {
    std::string base_url;  // https://..., or http:// to a loopback address
    std::string cons_id;
    std::string secret_file;
    std::string user_key_file;
};

struct ServiceConfig {
    std::string code;
    std::string name;
    std::string prefix;
    std::optional<int> daily_quota;
    std::optional<ServiceHours> hours;
    // Extensions: tickets of this service are priority tickets (lansia, disabilitas,
    // ibu hamil); which patient kinds the kiosk offers it to (empty: all).
    bool priority = false;
    std::vector<std::string> patients;
    // Extension: the English name, for the screens' English switch.
    std::optional<std::string> name_en;
    // Extension: this service's BPJS role (admission or poli); none: not reported.
    std::optional<ServiceBpjsConfig> bpjs;
    // Extension (docs/web.md): the wait the hospital aims for, in minutes; the
    // dashboard reports the share of patients called within it.
    std::optional<int> target_wait_min;
};

struct CounterConfig {
    std::string id;
    std::string name;
    std::vector<std::string> services;
};

struct DeviceConfig {
    std::string id;
    proto::Role role = proto::Role::display;
    std::string token;
    std::optional<std::string> counter;  // counter devices only
    // Instead of "token": the SHA-256 of the token (64 hex digits, lower case), so
    // the file does not hold the secret itself (`queuectl token` prints both).
    std::optional<std::string> token_sha256;
};

// The device-to-counter rule, for the configuration file, device.add and the
// registry alike: a counter device names the one counter it serves, and no
// other device names one.
enum class DeviceCounterFault { none, counter_missing, not_a_counter_device };
DeviceCounterFault device_counter_fault(proto::Role role, bool names_counter);

// The LAN's HTTP door (PROTOCOL.md "Configuration for the web doors").
struct WebConfig {
    std::string host = "0.0.0.0";
    std::uint16_t port = 8080;
    std::string public_url;  // no trailing slash; a ticket's page is public_url + "/t/" + code
    // Optional "limits" (docs/web.md): phones behind one NAT share an address.
    std::optional<int> connections_per_address;
    std::optional<double> requests_per_second;
};

// "listen.tls" (docs/protocol.md "TLS"): the protocol port speaks TLS with this
// certificate; clients pin its SHA-256 fingerprint. The key file must be
// readable by its owner only (checked at start, like the BPJS secret).
struct ListenTlsConfig {
    std::string cert_file;  // PEM certificate (chain)
    std::string key_file;   // PEM private key, mode 0600
};

// The door Mobile JKN calls (PROTOCOL.md "Configuration for the web doors",
// docs/mobile-jkn.md). The password is read from password_file at start.
struct MobileJknConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8090;
    std::string username;
    std::string password_file;
    int token_minutes = 60;  // how long a token from /jkn/auth is valid
    // Addresses whose X-Forwarded-For is believed (the reverse proxy); loopback always is.
    std::vector<std::string> trusted_proxies;
    double requests_per_second = 5;  // per caller address
};

struct Config {
    proto::Hospital hospital;
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = proto::kDefaultPort;
    std::optional<ListenTlsConfig> listen_tls;  // absent: plain TCP (the default)
    std::string database = "queue.db";
    std::vector<ServiceConfig> services;
    std::vector<CounterConfig> counters;
    std::vector<DeviceConfig> devices;
    std::optional<BpjsConfig> bpjs;  // none: nothing is reported to BPJS
    std::optional<WebConfig> web;  // absent: no HTTP listener
    std::optional<MobileJknConfig> mobile_jkn;  // absent: no Mobile JKN listener

    const ServiceConfig* find_service(const std::string& code) const;
    const CounterConfig* find_counter(const std::string& id) const;
    const DeviceConfig* find_device(const std::string& id) const;
    // First device with this role (the demo device a client uses by default).
    const DeviceConfig* first_device(proto::Role role) const;
};

// The "bpjs" blocks (config_bpjs.cpp). Throw ConfigError with the path.
BpjsConfig parse_bpjs_config(const proto::Json& block, const std::string& path);
ServiceBpjsConfig parse_service_bpjs(const proto::Json& block, const std::string& path);
// The "mobile_jkn" block (config_jkn.cpp).
MobileJknConfig parse_mobile_jkn_config(const proto::Json& block, const std::string& path);

// Parses and validates a configuration document. Throws ConfigError.
Config parse_config(const proto::Json& document);
Config load_config_file(const std::string& path);  // also ConfigError for I/O and JSON syntax

// The built-in demo hospital: what the server runs when given no --config,
// and what every client assumes when given no --device/--token.
const Config& demo_config();
proto::Json demo_config_json();

}  // namespace anoman
