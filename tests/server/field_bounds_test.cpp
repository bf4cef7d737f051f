// Field bounds over the wire (issue 11, item 5; docs/protocol.md "Field
// bounds"), against the real queue-server: a field past its bound is a
// bad_request naming it, changes nothing and stores nothing; at the bound it
// passes; numbers are range-checked before any narrowing.
#include <doctest/doctest.h>

#include <filesystem>

#include "conformance.hpp"

using namespace conform;

namespace {

std::uintmax_t database_bytes(const ServerProcess& server) {
    std::uintmax_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(server.db().string() + suffix, ec);
        if (!ec) total += size;
    }
    return total;
}

std::string error_message(const Json& reply) { return reply["error"].value("message", ""); }

}  // namespace

TEST_CASE("bounds: oversize fields of ticket.issue are bad_request, take no number and store nothing") {
    ServerProcess server(with_config(test_config()));
    auto kiosk = login(server, test_config(), "kiosk-1");
    issue_ok(*kiosk, "A", "warm-up");
    const std::uintmax_t bytes_before = database_bytes(server);
    const std::string huge(60000, '7');
    const std::vector<std::pair<Json, std::string>> cases = {
        {{{"request_id", std::string(10000, 'r')}}, "request_id"},
        {{{"request_id", std::string(129, 'r')}}, "request_id"},
        {{{"patient", {{"kind", "umum"}, {"nik", huge}}}}, "patient.nik"},
        {{{"patient", {{"kind", "umum"}, {"nik", "350512410790000"}}}}, "patient.nik"},
        {{{"patient", {{"kind", "bpjs"}, {"card_no", huge}}}}, "patient.card_no"},
        {{{"patient", {{"kind", "bpjs"}, {"booking_code", huge}}}}, "patient.booking_code"},
        {{{"patient", {{"kind", "bpjs"}, {"booking_code", std::string(33, 'B')}}}}, "patient.booking_code"},
        {{{"service", std::string(65, 'A')}}, "service"},
    };
    for (int round = 0; round < 40; ++round) {
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const auto& [extra, field] = cases[i];
            CAPTURE(field);
            Json request{{"type", "ticket.issue"}, {"service", "A"},
                         {"request_id", "big-" + std::to_string(round) + "-" + std::to_string(i)}};
            for (auto& [key, value] : extra.items()) request[key] = value;
            const Json reply = kiosk->request(request);
            REQUIRE(code_of(reply) == "bad_request");
            CHECK(error_message(reply).rfind(field + ":", 0) == 0);
        }
    }
    // 320 refused requests of up to 60 KB stored nothing: the next number follows the warm-up's.
    CHECK(issue_ok(*kiosk, "A", "after")["number"] == "A002");
    CHECK(database_bytes(server) - bytes_before < 256 * 1024);
}

TEST_CASE("bounds: values at the bound pass; what the kiosk sends passes; a retry is replayed whatever its fields") {
    ServerProcess server(with_config(test_config()));
    auto kiosk = login(server, test_config(), "kiosk-1");
    issue_ok(*kiosk, "A", std::string(128, 'r'), {{"patient", {{"kind", "umum"}, {"nik", "3505124107900001"}}}});
    issue_ok(*kiosk, "A", "jkn-1", {{"patient", {{"kind", "bpjs"}, {"booking_code", "20261202000001"}, {"card_no", "0001234567890"}}}});
    issue_ok(*kiosk, "A", "jkn-2", {{"patient", {{"kind", "bpjs"}, {"booking_code", "0301R001"}}}});
    issue_ok(*kiosk, "A", "jkn-3", {{"patient", {{"kind", "bpjs"}, {"booking_code", std::string(31, 'B') + "-"}}}});
    // Idempotency comes first (PROTOCOL.md): a retry is answered with its ticket even with an oversize field.
    const Json retry = issue(*kiosk, "A", "jkn-1", {{"patient", {{"nik", std::string(60000, '1')}}}});
    REQUIRE(is_ok(retry));
    CHECK(retry["replayed"] == true);
}

TEST_CASE("bounds: counters, announcements and reasons") {
    ServerProcess server(with_config(test_config()));
    auto admin = login(server, test_config(), "admin");
    const Json close_reply = counter_op(*admin, "counter.close", "L1", {{"reason", std::string(201, 'x')}});
    CHECK(code_of(close_reply) == "bad_request");
    CHECK(error_message(close_reply).rfind("reason:", 0) == 0);
    CHECK(counter_state(*admin, "L1")["open"] == true);  // nothing changed
    CHECK(code_of(counter_op(*admin, "counter.call_next", std::string(65, 'L'))) == "bad_request");
    CHECK(code_of(admin->request({{"type", "ticket.get"}, {"number", std::string(33, 'A')}})) == "bad_request");
    CHECK(code_of(admin->request({{"type", "announce"}, {"text", std::string(501, 'a')}})) == "bad_request");
    CHECK(is_ok(counter_op(*admin, "counter.close", "L1", {{"reason", std::string(200, 'x')}})));
}

TEST_CASE("bounds: numbers are range-checked before any narrowing") {
    ServerProcess server(with_config(test_config()));
    {
        LineClient client(server.port());
        client.send_json({{"type", "hello"}, {"proto", 4294967297LL}, {"role", "admin"}, {"device", "admin"}, {"token", "a1"}});
        const auto answer = client.read_json(5s);
        REQUIRE(answer);
        CHECK((*answer)["type"] == "error");
        CHECK((*answer)["code"] == "unsupported_proto");
        CHECK(client.wait_closed(5s));
    }
    auto admin = login(server, test_config(), "admin");
    for (const Json& ticket : {Json(9223372036854775808ULL), Json(18446744073709551615ULL), Json(1.5)}) {
        CAPTURE(ticket.dump());
        CHECK(code_of(admin->request({{"type", "ticket.get"}, {"ticket", ticket}})) == "bad_request");
    }
    CHECK(code_of(admin->request({{"type", "ticket.get"}, {"ticket", 9223372036854775807LL}})) == "not_found");
}
