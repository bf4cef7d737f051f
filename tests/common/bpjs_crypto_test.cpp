// BPJS crypto and LZ-string against every vector of BPJS-ANTREAN.md part 2
// section 6, and vectors made with the reference lz-string 1.4.4 (npm
// "lz-string", Node 20: LZString.compressToEncodedURIComponent).
#include <doctest/doctest.h>

#include <string>

#include "anoman/bpjs_crypto.hpp"
#include "anoman/lz_string.hpp"

using namespace anoman;

namespace {

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string hex(const std::array<unsigned char, 32>& bytes) { return hex(std::string(bytes.begin(), bytes.end())); }

// The long strings the reference compressed (see the file header).
std::string long_ascii() {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "kodebooking" + std::to_string(i * 7919 % 1000) + ";";
    return text;
}

// CJK ideographs U+4E00..U+4FFF: three UTF-8 bytes each.
std::string cjk(char32_t code) {
    return {static_cast<char>(0xE0 | (code >> 12)), static_cast<char>(0x80 | ((code >> 6) & 0x3F)),
            static_cast<char>(0x80 | (code & 0x3F))};
}

std::string long_unicode() {
    std::string text;
    for (int i = 0; i < 2000; ++i) {
        text += cjk(static_cast<char32_t>(0x4e00 + (i * 31) % 500));
        if (i % 7 == 0) text += "\xF0\x9F\x98\x80";  // U+1F600, a surrogate pair in UTF-16
    }
    return text;
}

const char* kCipherText =
    "YI/SJb50Uwgez7Vo9e+HubfEt1BDRK1HXlUBG57EVKbvubkeomwZfo1CiGm0I73SjpnFoIFa47AS3fphNOgYbVOR/VDQuOi3bJdSSJgUsiU=";
const char* kCompressed = "N4IgNglgzgLiBcBtUA7AhgWzQEwPYGsYBTAJwRGxIDoACAFSNhABoR9dsi9DSEBGAEwBmAL4BdEUA";
const char* kPlain = R"({"list":[{"namadokter":"dr. Test","kodedokter":123}]})";

}  // namespace

TEST_CASE("HMAC-SHA256 signatures match part 2 section 6") {
    CHECK(bpjs::base64_encode(bpjs::hmac_sha256("bbb", "aaa")) == "20BKS3PWnD3XU4JbSSZvVlGi2WWnDa8Sv9uHJ+wsELA=");
    CHECK(bpjs::signature("1234", "pwd", 1700000000) == "QbAKTP54Su+BEvo9Ks0zhW27zsJAjQNNXGMcns5eMz0=");
    CHECK(hex(bpjs::hmac_sha256("pwd", "1234&1700000000")) ==
          "41b00a4cfe784aef8112fa3d2acd33856dbbcec2408d034d5c631c9ece5e333d");
    CHECK(bpjs::signature("1234", "pwd", 433223232) == "eXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk=");
}

TEST_CASE("the response key is SHA-256 of consId + secret + timestamp") {
    CHECK(hex(bpjs::response_key("1234", "pwd", 1700000000)) ==
          "7b426539e1dda2e8eced60cdc7415cb59ab492ea549fbdccaa4f9380d2957dd5");
}

TEST_CASE("the round-trip response of part 2 decrypts, step by step and whole") {
    const auto key = bpjs::response_key("1234", "pwd", 1700000000);
    auto cipher = bpjs::base64_decode(kCipherText);
    REQUIRE(cipher);
    CHECK(bpjs::aes256_cbc_decrypt(*cipher, key) == kCompressed);
    CHECK(lz::decompress_from_encoded_uri_component(kCompressed) == std::string(kPlain));
    CHECK(bpjs::decrypt_response("1234", "pwd", 1700000000, kCipherText) == kPlain);
    // Our own encryption gives the same bytes (same key, same IV, same padding).
    CHECK(bpjs::encrypt_response("1234", "pwd", 1700000000, kPlain) == kCipherText);
}

TEST_CASE("a response decrypted with another timestamp or secret fails clearly") {
    // Another second: the padding is wrong (or, rarely, the LZ stream is).
    CHECK_THROWS_AS(bpjs::decrypt_response("1234", "pwd", 1700000001, kCipherText), bpjs::CryptoError);
    CHECK_THROWS_AS(bpjs::decrypt_response("1234", "other", 1700000000, kCipherText), bpjs::CryptoError);
    try {
        bpjs::decrypt_response("1234", "pwd", 1700000001, kCipherText);
    } catch (const bpjs::CryptoError& e) {
        CHECK(std::string(e.what()).find("pwd") == std::string::npos);  // never the secret
    }
    CHECK_THROWS_WITH_AS(bpjs::decrypt_response("1234", "pwd", 1700000000, "not base64!"),
                         "the encrypted response is not base64", bpjs::CryptoError);
    CHECK_THROWS_AS(bpjs::decrypt_response("1234", "pwd", 1700000000, "QUJD"), bpjs::CryptoError);  // 3 bytes
    CHECK_THROWS_AS(bpjs::decrypt_response("1234", "pwd", 1700000000, ""), bpjs::CryptoError);
}

TEST_CASE("base64 is strict") {
    CHECK(bpjs::base64_decode("") == std::string());
    CHECK(bpjs::base64_decode("QQ==") == std::string("A"));
    CHECK(bpjs::base64_decode("QUI=") == std::string("AB"));
    CHECK(bpjs::base64_decode("QUJD") == std::string("ABC"));
    CHECK_FALSE(bpjs::base64_decode("QUJ"));
    CHECK_FALSE(bpjs::base64_decode("Q=JD"));
    CHECK_FALSE(bpjs::base64_decode("QU-D"));  // URL-safe alphabet is not BPJS's
    CHECK(bpjs::base64_encode(std::string("\0\xff", 2)) == "AP8=");
}

TEST_CASE("LZ-string compress matches the reference implementation") {
    CHECK(lz::compress_to_encoded_uri_component("Hello world") == "BIUwNmD2AEDukCcwBMg");  // part 2 section 6
    CHECK(lz::compress_to_encoded_uri_component("") == "Q");
    CHECK(lz::compress_to_encoded_uri_component("a") == "IZA");
    CHECK(lz::compress_to_encoded_uri_component(std::string(100, 'a')) == "IY18ZXTt-0g");
    CHECK(lz::compress_to_encoded_uri_component(kPlain) == kCompressed);
    // Characters above U+00FF take the 16-bit path; U+1F600 is a surrogate pair, as in JavaScript.
    CHECK(lz::compress_to_encoded_uri_component("Poli Anak \xE2\x80\x94 dr. Siti, Sp.A \xE2\x9C\x93 \xF0\x9F\x98\x80") ==
          "AoewNglgBAggdgQwNZUCgEUAmAnAdFAyhAC4QA0BADjjFIMjkUgvBuAAe0A");
    CHECK(lz::compress_to_encoded_uri_component("\xC3\x84\xC3\x96\xC3\x9C \xC3\x9F \xE2\x82\xAC") == "CMNYOwBA+xg1BEA");
    const std::string long_out = lz::compress_to_encoded_uri_component(long_ascii());
    CHECK(long_out.size() == 9133);
    CHECK(hex(bpjs::sha256(long_out)) == "6fa71d8a4bf6e3cb9ce31263981bfa06b0398729df89c592a4de794930ac0e1c");
    const std::string unicode_out = lz::compress_to_encoded_uri_component(long_unicode());
    CHECK(unicode_out.size() == 4050);
    CHECK(hex(bpjs::sha256(unicode_out)) == "609173ed441a7ebde9380e3bd48d3e4e57ce696fd33c9cdd6fbb366013aee345");
}

TEST_CASE("LZ-string decompress: vectors, round trips, empty and corrupt input") {
    CHECK(lz::decompress_from_encoded_uri_component("BIUwNmD2AEDukCcwBMg") == std::string("Hello world"));
    CHECK(lz::decompress_from_encoded_uri_component("Q") == std::string());  // a compressed "" is ""
    CHECK(lz::decompress_from_encoded_uri_component("CMNYOwBA+xg1BEA") == std::string("\xC3\x84\xC3\x96\xC3\x9C \xC3\x9F \xE2\x82\xAC"));
    // A space stands for '+' (a URL decoder may have turned one into the other).
    CHECK(lz::decompress_from_encoded_uri_component("CMNYOwBA xg1BEA") == std::string("\xC3\x84\xC3\x96\xC3\x9C \xC3\x9F \xE2\x82\xAC"));
    for (const std::string& text : {long_ascii(), long_unicode(), std::string(kPlain), std::string(5000, 'z')})
        CHECK(lz::decompress_from_encoded_uri_component(lz::compress_to_encoded_uri_component(text)) == text);

    // The reference answers null for "": so do we.
    CHECK_FALSE(lz::decompress_from_encoded_uri_component(""));
    // Truncated: the reference answers "" (indistinguishable from data); we refuse.
    CHECK_FALSE(lz::decompress_from_encoded_uri_component("BIUwNmD2AE"));
    // The reference throws a TypeError on "zzzz" (a code that points nowhere).
    CHECK_FALSE(lz::decompress_from_encoded_uri_component("zzzz"));
    // Outside the URI-safe alphabet (standard base64's '/' or '='): not this encoding.
    CHECK_FALSE(lz::decompress_from_encoded_uri_component("BIUwNmD2AEDukCcwBMg="));
    CHECK_FALSE(lz::decompress_from_encoded_uri_component("BIUw/mD2AEDukCcwBMg"));
    // A stream cut before its end mark never passes for the text (the last
    // character may be padding only, so cuts start two characters short).
    const std::string stream = lz::compress_to_encoded_uri_component(kPlain);
    for (std::size_t cut = 1; cut + 1 < stream.size(); ++cut) {
        auto partial = lz::decompress_from_encoded_uri_component(stream.substr(0, cut));
        CHECK_FALSE(partial == std::string(kPlain));
    }
}
