#include "anoman/config.hpp"

#include <cctype>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "anoman/hospital_clock.hpp"
#include "config_reader.hpp"

namespace anoman {
namespace {

using proto::Json;
using namespace config_reader;

int parse_hhmm(const std::string& text, std::size_t pos, bool allow_24) {
    auto digit = [&](std::size_t i) { return text[pos + i] >= '0' && text[pos + i] <= '9'; };
    if (!(digit(0) && digit(1) && text[pos + 2] == ':' && digit(3) && digit(4))) return -1;
    int hours = (text[pos] - '0') * 10 + (text[pos + 1] - '0');
    int minutes = (text[pos + 3] - '0') * 10 + (text[pos + 4] - '0');
    if (minutes > 59) return -1;
    if (hours == 24 && minutes == 0 && allow_24) return 24 * 60;
    if (hours > 23) return -1;
    return hours * 60 + minutes;
}

ServiceConfig parse_service(const Json& obj, const std::string& path) {
    only_keys(obj, path, {"code", "name", "name_en", "prefix", "daily_quota", "hours", "priority", "patients", "bpjs", "target_wait_min"});
    ServiceConfig service;
    service.code = nonempty(obj, path, "code");
    service.name = nonempty(obj, path, "name");
    service.prefix = text(obj, path, "prefix", false, service.code);
    if (service.prefix.empty()) fail(at(path, "prefix"), "must not be empty");
    for (char c : service.prefix)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) fail(at(path, "prefix"), "use capital letters A-Z (and digits)");
    if (find(obj, path, "name_en")) service.name_en = text(obj, path, "name_en", true);
    if (auto quota = whole_number(obj, path, "daily_quota", 1, 1000000, "expected a whole number from 1 to 1000000"))
        service.daily_quota = static_cast<int>(*quota);
    if (auto target = whole_number(obj, path, "target_wait_min", 1, std::int64_t{24} * 60,
                                   "expected a whole number of minutes from 1 to 1440"))
        service.target_wait_min = static_cast<int>(*target);
    if (const Json* hours = find(obj, path, "hours")) {
        if (!hours->is_string()) fail(at(path, "hours"), "expected a string \"HH:MM-HH:MM\"");
        try {
            service.hours = parse_service_hours(hours->get<std::string>());
        } catch (const ConfigError& e) {
            fail(at(path, "hours"), e.what());
        }
    }
    if (const Json* priority = find(obj, path, "priority")) {
        if (!priority->is_boolean()) fail(at(path, "priority"), "expected true or false");
        service.priority = priority->get<bool>();
    }
    service.patients = string_list(obj, path, "patients", false);
    for (std::size_t i = 0; i < service.patients.size(); ++i) {
        if (service.patients[i] != "bpjs" && service.patients[i] != "umum")
            fail(at(path, "patients") + "[" + std::to_string(i) + "]", "expected \"bpjs\" or \"umum\"");
    }
    if (const Json* bpjs = find(obj, path, "bpjs")) service.bpjs = parse_service_bpjs(*bpjs, at(path, "bpjs"));
    return service;
}

WebConfig parse_web(const Json& obj) {
    only_keys(obj, "web", {"listen", "public_url", "limits"});
    WebConfig web;
    if (const Json* listen = find(obj, "web", "listen")) {
        only_keys(*listen, "web.listen", {"host", "port"});
        web.host = text(*listen, "web.listen", "host", false, web.host);
        web.port = port(*listen, "web.listen").value_or(web.port);
    }
    if (const Json* limits = find(obj, "web", "limits")) {
        only_keys(*limits, "web.limits", {"connections_per_address", "requests_per_second"});
        if (auto n = whole_number(*limits, "web.limits", "connections_per_address", 1, 100000,
                                  "expected a whole number from 1 to 100000"))
            web.connections_per_address = static_cast<int>(*n);
        if (auto n = number(*limits, "web.limits", "requests_per_second", 0.1, 100000,
                            "expected a number from 0.1 to 100000"))
            web.requests_per_second = *n;
    }
    web.public_url = nonempty(obj, "web", "public_url");
    if (web.public_url.size() < 10) fail("web.public_url", "expected a full address such as http://antrian.rsud.local:8080");
    const bool http = web.public_url.rfind("http://", 0) == 0 || web.public_url.rfind("https://", 0) == 0;
    if (!http || web.public_url.find_first_of(" \"<>?#") != std::string::npos)
        fail("web.public_url", "expected an http:// or https:// address without spaces, query or fragment");
    while (web.public_url.back() == '/') web.public_url.pop_back();
    return web;
}

}  // namespace

DeviceCounterFault device_counter_fault(proto::Role role, bool names_counter) {
    if (role == proto::Role::counter && !names_counter) return DeviceCounterFault::counter_missing;
    if (role != proto::Role::counter && names_counter) return DeviceCounterFault::not_a_counter_device;
    return DeviceCounterFault::none;
}

std::string ServiceHours::text() const {
    return HospitalClock::hhmm(start_minute) + "-" + HospitalClock::hhmm(end_minute);
}

ServiceHours parse_service_hours(const std::string& text) {
    const std::string expected = "\"" + text + "\" is not \"HH:MM-HH:MM\" with the start before the end";
    if (text.size() != 11 || text[5] != '-') throw ConfigError(expected);
    ServiceHours hours;
    hours.start_minute = parse_hhmm(text, 0, false);
    hours.end_minute = parse_hhmm(text, 6, true);
    if (hours.start_minute < 0 || hours.end_minute < 0 || hours.start_minute >= hours.end_minute)
        throw ConfigError(expected);
    return hours;
}

const ServiceConfig* Config::find_service(const std::string& code) const {
    for (const auto& service : services)
        if (service.code == code) return &service;
    return nullptr;
}

const CounterConfig* Config::find_counter(const std::string& id) const {
    for (const auto& counter : counters)
        if (counter.id == id) return &counter;
    return nullptr;
}

const DeviceConfig* Config::find_device(const std::string& id) const {
    for (const auto& device : devices)
        if (device.id == id) return &device;
    return nullptr;
}

const DeviceConfig* Config::first_device(proto::Role role) const {
    for (const auto& device : devices)
        if (device.role == role) return &device;
    return nullptr;
}

Config parse_config(const Json& doc) {
    only_keys(doc, "", {"hospital", "listen", "database", "services", "counters", "devices", "bpjs", "web", "mobile_jkn"});
    Config config;

    if (const Json* hospital = find(doc, "", "hospital")) {
        only_keys(*hospital, "hospital", {"name", "timezone"});
        config.hospital.name = nonempty(*hospital, "hospital", "name");
        config.hospital.timezone = text(*hospital, "hospital", "timezone", false, "Asia/Jakarta");
        try {
            HospitalClock check(config.hospital.timezone);
        } catch (const std::exception&) {
            fail("hospital.timezone", "unknown timezone \"" + config.hospital.timezone + "\"");
        }
    } else {
        fail("hospital", "missing");
    }

    if (const Json* listen = find(doc, "", "listen")) {
        only_keys(*listen, "listen", {"host", "port", "tls"});
        config.listen_host = text(*listen, "listen", "host", false, config.listen_host);
        config.listen_port = port(*listen, "listen").value_or(config.listen_port);
        if (const Json* tls = find(*listen, "listen", "tls")) {
            only_keys(*tls, "listen.tls", {"cert_file", "key_file"});
            config.listen_tls = ListenTlsConfig{nonempty(*tls, "listen.tls", "cert_file"),
                                                nonempty(*tls, "listen.tls", "key_file")};
        }
    }
    config.database = text(doc, "", "database", false, config.database);
    if (config.database.empty()) fail("database", "must not be empty");
    if (const Json* bpjs = find(doc, "", "bpjs")) config.bpjs = parse_bpjs_config(*bpjs, "bpjs");

    std::set<std::string> codes, prefixes, counter_ids, device_ids;
    const Json& services = array(doc, "", "services");
    if (services.empty()) fail("services", "at least one service is needed");
    for (std::size_t i = 0; i < services.size(); ++i) {
        const std::string path = "services[" + std::to_string(i) + "]";
        ServiceConfig service = parse_service(services[i], path);
        if (!codes.insert(service.code).second) fail(path + ".code", "duplicate service code \"" + service.code + "\"");
        // Two services with one prefix would print the same number twice on one day.
        if (!prefixes.insert(service.prefix).second)
            fail(path + ".prefix", "duplicate prefix \"" + service.prefix + "\"");
        config.services.push_back(std::move(service));
    }

    const Json& counters = array(doc, "", "counters");
    for (std::size_t i = 0; i < counters.size(); ++i) {
        const std::string path = "counters[" + std::to_string(i) + "]";
        only_keys(counters[i], path, {"id", "name", "services"});
        CounterConfig counter;
        counter.id = nonempty(counters[i], path, "id");
        counter.name = nonempty(counters[i], path, "name");
        counter.services = string_list(counters[i], path, "services", true);
        if (counter.services.empty()) fail(path + ".services", "a counter serves at least one service");
        if (!counter_ids.insert(counter.id).second) fail(path + ".id", "duplicate counter id \"" + counter.id + "\"");
        std::set<std::string> seen;
        for (std::size_t s = 0; s < counter.services.size(); ++s) {
            const std::string& code = counter.services[s];
            const std::string where = path + ".services[" + std::to_string(s) + "]";
            if (!codes.count(code)) fail(where, "unknown service \"" + code + "\"");
            if (!seen.insert(code).second) fail(where, "service \"" + code + "\" listed twice");
        }
        config.counters.push_back(std::move(counter));
    }

    const Json& devices = array(doc, "", "devices");
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const std::string path = "devices[" + std::to_string(i) + "]";
        only_keys(devices[i], path, {"id", "role", "token", "token_sha256", "counter"});
        DeviceConfig device;
        device.id = nonempty(devices[i], path, "id");
        const std::string role = nonempty(devices[i], path, "role");
        auto parsed = proto::role_from_string(role);
        if (!parsed) fail(path + ".role", "unknown role \"" + role + "\" (kiosk, display, counter or admin)");
        device.role = *parsed;
        if (find(devices[i], path, "token_sha256")) {
            if (find(devices[i], path, "token")) fail(path, "give \"token\" or \"token_sha256\", not both");
            std::string hash = nonempty(devices[i], path, "token_sha256");
            bool hex = hash.size() == 64;
            for (char& c : hash) {
                hex = hex && std::isxdigit(static_cast<unsigned char>(c));
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            if (!hex) fail(path + ".token_sha256", "expected 64 hexadecimal digits (queuectl token prints them)");
            device.token_sha256 = std::move(hash);
        } else {
            device.token = nonempty(devices[i], path, "token");
        }
        if (!device_ids.insert(device.id).second) fail(path + ".id", "duplicate device id \"" + device.id + "\"");
        if (find(devices[i], path, "counter")) device.counter = text(devices[i], path, "counter", true);
        switch (device_counter_fault(device.role, device.counter.has_value())) {
            case DeviceCounterFault::not_a_counter_device:
                fail(path + ".counter", "only counter devices name a counter");
            case DeviceCounterFault::counter_missing:
                fail(path, "a counter device needs \"counter\"");
            case DeviceCounterFault::none:
                break;
        }
        if (device.counter && !counter_ids.count(*device.counter))
            fail(path + ".counter", "unknown counter \"" + *device.counter + "\"");
        config.devices.push_back(std::move(device));
    }
    if (const Json* web = find(doc, "", "web")) config.web = parse_web(*web);
    if (const Json* jkn = find(doc, "", "mobile_jkn")) {
        config.mobile_jkn = parse_mobile_jkn_config(*jkn, "mobile_jkn");
        if (config.web && config.web->port != 0 && config.web->port == config.mobile_jkn->port &&
            config.web->host == config.mobile_jkn->host)
            fail("mobile_jkn.listen.port", "the same address as web.listen");
    }
    return config;
}

Config load_config_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path + ": cannot open the file");
    std::stringstream text;
    text << in.rdbuf();
    Json doc;
    try {
        doc = Json::parse(text.str());
    } catch (const Json::parse_error& e) {
        throw ConfigError(path + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    try {
        return parse_config(doc);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
}

}  // namespace anoman
