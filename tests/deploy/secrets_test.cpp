// Device token secrets: SHA-256 against the FIPS 180-4 / NIST vectors, the
// token generator, and token_sha256 in the configuration file.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "anoman/config.hpp"
#include "device_token.hpp"
#include "sha256.hpp"

using namespace anoman;

TEST_CASE("sha256 matches the NIST test vectors") {
    CHECK(secrets::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(secrets::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(secrets::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(secrets::sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 pads correctly around the block boundary") {
    // 55, 56 and 64 bytes: the length fits in the last block, just does not, a full block.
    CHECK(secrets::sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    CHECK(secrets::sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    CHECK(secrets::sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("tokens are 256 random bits in hexadecimal, never the same twice") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string token = secrets::generate_token();
        CHECK(token.size() == 64);  // 32 bytes: at least the 128 bits asked for
        CHECK(secrets::is_sha256_hex(token));
        seen.insert(token);
    }
    CHECK(seen.size() == 200);
}

TEST_CASE("constant-time comparison") {
    CHECK(secrets::equal_constant_time("abc", "abc"));
    CHECK_FALSE(secrets::equal_constant_time("abc", "abd"));
    CHECK_FALSE(secrets::equal_constant_time("abc", "abcd"));
    CHECK(secrets::equal_constant_time("", ""));
}

namespace {
proto::Json config_with_device(proto::Json device) {
    return proto::Json{{"hospital", {{"name", "RSUD Uji"}}},
                       {"services", {{{"code", "A"}, {"name", "Pendaftaran"}, {"prefix", "A"}}}},
                       {"counters", proto::Json::array()},
                       {"devices", {device}}};
}
}  // namespace

TEST_CASE("a configuration device may give token_sha256 instead of its token") {
    const std::string hash = secrets::sha256_hex("rahasia");
    std::string upper = hash;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    Config config = parse_config(config_with_device({{"id", "admin"}, {"role", "admin"}, {"token_sha256", upper}}));
    REQUIRE(config.devices.size() == 1);
    CHECK(config.devices[0].token.empty());
    REQUIRE(config.devices[0].token_sha256);
    CHECK(*config.devices[0].token_sha256 == hash);  // kept in lower case

    CHECK_THROWS_WITH_AS(parse_config(config_with_device({{"id", "admin"}, {"role", "admin"}, {"token_sha256", "abc"}})),
                         doctest::Contains("devices[0].token_sha256"), ConfigError);
    CHECK_THROWS_WITH_AS(
        parse_config(config_with_device({{"id", "admin"}, {"role", "admin"}, {"token", "x"}, {"token_sha256", hash}})),
        doctest::Contains("not both"), ConfigError);
    CHECK_THROWS_AS(parse_config(config_with_device({{"id", "admin"}, {"role", "admin"}})), ConfigError);
}
