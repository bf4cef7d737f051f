// The bounds of the protocol's string fields (protocol_bounds.cpp): each is
// refused one past its bound with a message naming the field, and passes at it.
#include <doctest/doctest.h>

#include <string>

#include "anoman/protocol.hpp"

using namespace anoman::proto;

namespace {

// The message check_field_bounds throws for message, or "" if it passes.
std::string refusal(const Json& message) {
    try {
        check_field_bounds(message);
        return "";
    } catch (const ProtocolError& e) {
        return e.what();
    }
}

Json issue_with_patient(const Json& patient) {
    return Json{{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "k:1"}, {"patient", patient}};
}

}  // namespace

TEST_CASE("request_id: 1 to 128 characters") {
    CHECK(refusal({{"request_id", std::string(128, 'r')}}).empty());
    CHECK(refusal({{"request_id", std::string(129, 'r')}}) == "request_id: 1 to 128 characters");
    CHECK(refusal({{"request_id", std::string(10000, 'r')}}) == "request_id: 1 to 128 characters");
    CHECK(refusal({{"request_id", ""}}) == "request_id: 1 to 128 characters");
}

TEST_CASE("patient.nik is exactly 16 digits, card_no 13, booking_code 1 to 32 of A-Z a-z 0-9 '-'") {
    CHECK(refusal(issue_with_patient({{"kind", "umum"}, {"nik", "3505124107900001"}})).empty());
    CHECK(refusal(issue_with_patient({{"nik", "350512410790000"}})) == "patient.nik: expected exactly 16 digits");
    CHECK(refusal(issue_with_patient({{"nik", "35051241079000011"}})) == "patient.nik: expected exactly 16 digits");
    CHECK(refusal(issue_with_patient({{"nik", "350512410790000X"}})) == "patient.nik: expected exactly 16 digits");
    CHECK(refusal(issue_with_patient({{"nik", std::string(60000, '1')}})) == "patient.nik: expected exactly 16 digits");
    CHECK(refusal(issue_with_patient({{"card_no", "0001234567890"}})).empty());
    CHECK(refusal(issue_with_patient({{"card_no", "000123456789"}})) == "patient.card_no: expected exactly 13 digits");
    CHECK(refusal(issue_with_patient({{"card_no", "000123456789a"}})) == "patient.card_no: expected exactly 13 digits");
    // Mobile JKN booking codes, and what the kiosk's keypad makes.
    // SIMRS numbers too (Khanza's no_rawat), which a clerk may also link with ticket.link.
    for (const char* code : {"20261202000001", "0301R001", "BK-1", "abcDEF-123", "A", "2026/12/02/000001", "RJ_01.2"}) {
        CAPTURE(code);
        CHECK(refusal(issue_with_patient({{"kind", "bpjs"}, {"booking_code", code}})).empty());
    }
    CHECK(refusal(issue_with_patient({{"booking_code", std::string(32, 'B')}})).empty());
    const std::string booking = "patient.booking_code: expected 1 to 32 letters, digits, '.', '_', '/' or '-'";
    CHECK(refusal(issue_with_patient({{"booking_code", std::string(33, 'B')}})) == booking);
    CHECK(refusal(issue_with_patient({{"booking_code", ""}})) == booking);
    CHECK(refusal(issue_with_patient({{"booking_code", "BK 1"}})) == booking);
    CHECK(refusal(issue_with_patient({{"booking_code", "BK#1"}})) == booking);
}

TEST_CASE("ids, codes, tokens and free text have bounds; characters are counted, not bytes") {
    CHECK(refusal({{"service", std::string(64, 'S')}}).empty());
    CHECK(refusal({{"service", std::string(65, 'S')}}) == "service: at most 64 characters");
    CHECK(refusal({{"to_service", std::string(65, 'S')}}) == "to_service: at most 64 characters");
    CHECK(refusal({{"counter", std::string(65, 'C')}}) == "counter: at most 64 characters");
    CHECK(refusal({{"device", std::string(65, 'd')}}) == "device: at most 64 characters");
    CHECK(refusal({{"token", std::string(256, 't')}}).empty());
    CHECK(refusal({{"token", std::string(257, 't')}}) == "token: at most 256 characters");
    CHECK(refusal({{"number", std::string(33, 'A')}}) == "number: at most 32 characters");
    CHECK(refusal({{"day", "2026-11-22T"}}) == "day: at most 10 characters (YYYY-MM-DD)");
    CHECK(refusal({{"service_day", "2026-11-22T"}}) == "service_day: at most 10 characters (YYYY-MM-DD)");
    CHECK(refusal({{"note", std::string(201, 'n')}}) == "note: at most 200 characters");
    CHECK(refusal({{"text", std::string(501, 'a')}}) == "text: at most 500 characters");
    // "é" is two bytes and one character: 200 of them are a valid reason.
    std::string accented;
    for (int i = 0; i < 200; ++i) accented += "\xC3\xA9";
    CHECK(refusal({{"reason", accented}}).empty());
    CHECK(refusal({{"reason", accented + "x"}}) == "reason: at most 200 characters");
}

TEST_CASE("fields of another type or absent are left to their readers") {
    CHECK(refusal({{"request_id", 5}}).empty());
    CHECK(refusal({{"patient", "x"}}).empty());
    CHECK(refusal({{"patient", {{"nik", 3505124107900001}}}}).empty());
    CHECK(refusal(Json::object()).empty());
    CHECK(refusal(Json::array()).empty());
}

TEST_CASE("check_field_bound checks one field only") {
    const Json message = {{"request_id", "ok"}, {"patient", {{"nik", "1"}}}};
    CHECK_NOTHROW(check_field_bound(message, "request_id"));
    CHECK_THROWS_AS(check_field_bound(message, "patient.nik"), ProtocolError);
}

TEST_CASE("hello: proto is range-checked before any narrowing, and its fields are bounded") {
    Json hello = {{"type", "hello"}, {"proto", 4294967297LL}, {"role", "kiosk"}, {"device", "kiosk-1"}, {"token", "t"}};
    CHECK(hello.get<Hello>().proto == 4294967297LL);  // not 1: the server answers unsupported_proto
    hello["proto"] = -4294967295LL;
    CHECK(hello.get<Hello>().proto == -4294967295LL);
    hello["proto"] = 18446744073709551615ULL;
    CHECK_THROWS_WITH_AS(hello.get<Hello>(), "proto: integer out of range", ProtocolError);
    hello["proto"] = 1;
    hello["token"] = std::string(257, 't');
    CHECK_THROWS_WITH_AS(hello.get<Hello>(), "token: at most 256 characters", ProtocolError);
    hello["token"] = "t";
    hello["device"] = std::string(65, 'd');
    CHECK_THROWS_WITH_AS(hello.get<Hello>(), "device: at most 64 characters", ProtocolError);
}
