// The "bpjs" configuration blocks and the secret files (BPJS-ANTREAN.md part 1).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "anoman/bpjs_secrets.hpp"
#include "anoman/bpjs_url.hpp"
#include "anoman/config.hpp"

using namespace anoman;
using proto::Json;

namespace {

Json with_bpjs() {
    return Json::parse(R"({
      "hospital": {"name": "RSUD"},
      "bpjs": {"base_url": "https://bpjs.example/antreanrs", "cons_id": "12345",
               "secret_file": "/etc/si-anoman/bpjs-secret", "user_key_file": "/etc/si-anoman/bpjs-user-key"},
      "services": [
        {"code": "A", "name": "Pendaftaran BPJS", "prefix": "A", "bpjs": {"role": "admission"}},
        {"code": "C", "name": "Poli Anak", "prefix": "C",
         "bpjs": {"role": "poli", "kodepoli": "ANA", "kodedokter": 12345, "namadokter": "dr. Contoh, Sp.A",
                  "jampraktek": "08:00-12:00", "kuota_jkn": 30, "kuota_nonjkn": 10, "booking_days": 7}}
      ],
      "counters": [{"id": "L1", "name": "Loket 1", "services": ["A", "C"]}],
      "devices": [{"id": "loket-1", "role": "counter", "counter": "L1", "token": "t"}]
    })");
}

std::string refusal(const Json& doc) {
    try {
        parse_config(doc);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

std::filesystem::path write_file(const std::string& name, const std::string& text, mode_t mode) {
    const auto dir = std::filesystem::temp_directory_path() / ("anoman-config-bpjs-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    ::chmod(path.c_str(), mode);
    return path;
}

std::string secret_refusal(const std::filesystem::path& path) {
    try {
        read_secret_file(path.string(), "bpjs.secret_file");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("a full bpjs configuration is read into the structs") {
    Config c = parse_config(with_bpjs());
    REQUIRE(c.bpjs);
    CHECK(c.bpjs->base_url == "https://bpjs.example/antreanrs");
    CHECK(c.bpjs->cons_id == "12345");
    CHECK(c.bpjs->secret_file == "/etc/si-anoman/bpjs-secret");
    REQUIRE(c.services[0].bpjs);
    CHECK(c.services[0].bpjs->role == ServiceBpjsConfig::Role::admission);
    REQUIRE(c.services[1].bpjs);
    const ServiceBpjsConfig& poli = *c.services[1].bpjs;
    CHECK(poli.role == ServiceBpjsConfig::Role::poli);
    CHECK(poli.kodepoli == "ANA");
    CHECK(poli.kodedokter == 12345);
    CHECK(poli.namadokter == "dr. Contoh, Sp.A");
    CHECK(poli.jampraktek == "08:00-12:00");
    CHECK(poli.kuota_jkn == 30);
    CHECK(poli.kuota_nonjkn == 10);
    CHECK(poli.booking_days == 7);
}

TEST_CASE("without bpjs blocks nothing is reported and the keys are optional") {
    Json doc = with_bpjs();
    doc.erase("bpjs");
    doc["services"][0].erase("bpjs");
    doc["services"][1].erase("bpjs");
    Config c = parse_config(doc);
    CHECK_FALSE(c.bpjs);
    CHECK_FALSE(c.services[1].bpjs);
    doc = with_bpjs();
    for (const char* key : {"kuota_jkn", "kuota_nonjkn", "booking_days"}) doc["services"][1]["bpjs"].erase(key);
    Config without_quota = parse_config(doc);
    CHECK_FALSE(without_quota.services[1].bpjs->kuota_jkn);
    CHECK_FALSE(without_quota.services[1].bpjs->booking_days);
}

TEST_CASE("invalid bpjs blocks say what and where") {
    Json doc = with_bpjs();
    doc["bpjs"]["password"] = "x";
    CHECK(refusal(doc) == "bpjs.password: unknown key");
    doc = with_bpjs();
    doc["bpjs"].erase("cons_id");
    CHECK(refusal(doc) == "bpjs.cons_id: missing");
    doc = with_bpjs();
    doc["bpjs"]["cons_id"] = 12345;
    CHECK(refusal(doc) == "bpjs.cons_id: expected string");
    doc = with_bpjs();
    doc["bpjs"]["base_url"] = "http://bpjs.example/antreanrs";
    CHECK(refusal(doc).find("bpjs.base_url: ") == 0);
    CHECK(refusal(doc).find("only to a loopback address") != std::string::npos);
    doc["bpjs"]["base_url"] = "ftp://bpjs.example/";
    CHECK(refusal(doc).find("bpjs.base_url: ") == 0);
    doc["bpjs"]["base_url"] = "https://bpjs.example:99999/x";
    CHECK(refusal(doc).find("bad port") != std::string::npos);
    doc["bpjs"]["base_url"] = "http://127.0.0.1:8123/antreanrs";
    CHECK(refusal(doc) == "(accepted)");

    doc = with_bpjs();
    doc["services"][0]["bpjs"]["role"] = "pharmacy";
    CHECK(refusal(doc) == "services[0].bpjs.role: expected \"admission\" or \"poli\"");
    doc = with_bpjs();
    doc["services"][0]["bpjs"]["kodepoli"] = "ANA";  // admission has no poli codes
    CHECK(refusal(doc) == "services[0].bpjs.kodepoli: unknown key");
    doc = with_bpjs();
    doc["services"][1]["bpjs"]["kodedokter"] = "12345";
    CHECK(refusal(doc).find("services[1].bpjs.kodedokter: expected") == 0);
    doc = with_bpjs();
    doc["services"][1]["bpjs"].erase("namadokter");
    CHECK(refusal(doc) == "services[1].bpjs.namadokter: missing");
    doc = with_bpjs();
    doc["services"][1]["bpjs"]["jampraktek"] = "08:00 - 12:00";
    CHECK(refusal(doc).find("services[1].bpjs.jampraktek: ") == 0);
    doc = with_bpjs();
    doc["services"][1]["bpjs"]["kuota_jkn"] = -1;
    CHECK(refusal(doc) == "services[1].bpjs.kuota_jkn: expected a whole number from 0 to 100000");
    doc = with_bpjs();
    doc["services"][1]["bpjs"]["booking_days"] = 1.5;
    CHECK(refusal(doc).find("services[1].bpjs.booking_days: ") == 0);
    doc = with_bpjs();
    doc["services"][1]["bpjs"]["kuota_nonjkn"] = 0;  // zero is a valid quota: no non-JKN bookings
    CHECK(refusal(doc) == "(accepted)");
    doc["services"][1]["bpjs"]["jadwal"] = "x";
    CHECK(refusal(doc) == "services[1].bpjs.jadwal: unknown key");
}

TEST_CASE("base URLs are taken apart once") {
    BpjsUrl url = parse_bpjs_url("https://apijkn.example.go.id/antreanrs/");
    CHECK(url.tls);
    CHECK(url.host == "apijkn.example.go.id");
    CHECK(url.port == 443);
    CHECK(url.path_prefix == "/antreanrs");
    url = parse_bpjs_url("http://127.0.0.1:8080");
    CHECK_FALSE(url.tls);
    CHECK(url.port == 8080);
    CHECK(url.path_prefix.empty());
    url = parse_bpjs_url("http://[::1]:81/x");
    CHECK(url.host == "::1");
    CHECK(url.origin() == "http://[::1]:81");
    CHECK(is_loopback_host("127.0.0.2"));
    CHECK_FALSE(is_loopback_host("127.evil.com"));
    CHECK_THROWS_AS(parse_bpjs_url("http://127.evil.com/"), ConfigError);
    CHECK_THROWS_AS(parse_bpjs_url("https://user:pw@host/"), ConfigError);
    CHECK_THROWS_AS(parse_bpjs_url("https:///x"), ConfigError);
    CHECK_THROWS_AS(parse_bpjs_url("https://host/x?y=1"), ConfigError);
}

TEST_CASE("secret files: one line, owner only, never quoted") {
    CHECK(read_secret_file(write_file("ok", "s3cr3t-value\n", 0600).string(), "x") == "s3cr3t-value");
    CHECK(read_secret_file(write_file("crlf", "s3cr3t-value\r\n", 0400).string(), "x") == "s3cr3t-value");
    CHECK(read_secret_file(write_file("bare", "s3cr3t-value", 0600).string(), "x") == "s3cr3t-value");

    const auto group = write_file("group", "s3cr3t-value\n", 0640);
    const std::string refused = secret_refusal(group);
    CHECK(refused.find(group.string()) != std::string::npos);
    CHECK(refused.find("readable by group or others") != std::string::npos);
    CHECK(refused.find("s3cr3t") == std::string::npos);
    CHECK(secret_refusal(write_file("others", "s3cr3t-value\n", 0604)).find("readable by group or others") != std::string::npos);
    CHECK(secret_refusal(write_file("two", "s3cr3t-value\nsecond\n", 0600)).find("one line") != std::string::npos);
    CHECK(secret_refusal(write_file("empty", "\n", 0600)).find("empty") != std::string::npos);
    CHECK(secret_refusal("/nonexistent/bpjs-secret").find("/nonexistent/bpjs-secret: cannot be read") != std::string::npos);

    BpjsConfig config{"https://x/antreanrs", "1234", write_file("s", "pwd\n", 0600).string(),
                      write_file("k", "userkey\n", 0600).string()};
    BpjsCredentials credentials = load_bpjs_credentials(config);
    CHECK(credentials.cons_id == "1234");
    CHECK(credentials.secret == "pwd");
    CHECK(credentials.user_key == "userkey");
}
