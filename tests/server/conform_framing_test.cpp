// Conformance: transport and framing, ids, and the server's distrust of field
// types (PROTOCOL.md "Transport and framing", "Requests and replies").
#include "conformance.hpp"

using namespace conform;

namespace {

// A JSON object line of exactly `total` bytes including the trailing '\n'.
std::string padded_line(Json message, std::size_t total) {
    message["pad"] = "";
    const std::size_t base = message.dump().size() + 1;
    REQUIRE(total >= base);
    message["pad"] = std::string(total - base, 'x');
    std::string line = message.dump() + "\n";
    REQUIRE(line.size() == total);
    return line;
}

Json hello_json() {
    return Json{{"type", "hello"}, {"proto", 1}, {"role", "admin"}, {"device", "admin"}, {"token", "a1"}};
}

}  // namespace

TEST_CASE("framing: a line of exactly 65,536 bytes is accepted, 65,537 is line_too_long and closes") {
    const Json config = test_config();
    ServerProcess server(with_config(config));

    SUBCASE("before the handshake") {
        LineClient fits(server.port());
        fits.send_raw(padded_line(hello_json(), 65536));
        auto welcome = fits.read_json(5s);
        REQUIRE(welcome.has_value());
        CHECK_MESSAGE((*welcome)["type"] == "welcome", welcome->dump());

        LineClient too_long(server.port());
        too_long.send_raw(padded_line(hello_json(), 65537));
        auto refused = too_long.read_json(5s);
        REQUIRE(refused.has_value());
        CHECK((*refused)["type"] == "error");
        CHECK((*refused)["code"] == "line_too_long");
        CHECK(too_long.wait_closed(5s));
    }
    SUBCASE("after the handshake") {
        auto fits = login(server, config, "admin");
        fits->send_raw(padded_line({{"type", "ping"}, {"id", 1}}, 65536));
        auto reply = fits->read_json(5s);
        REQUIRE(reply.has_value());
        CHECK_MESSAGE(is_ok(*reply), reply->dump());
        CHECK((*reply)["id"] == 1);

        auto too_long = login(server, config, "admin");
        too_long->send_raw(padded_line({{"type", "ping"}, {"id", 2}}, 65537));
        auto refused = too_long->read_json(5s);
        REQUIRE(refused.has_value());
        CHECK((*refused)["type"] == "error");
        CHECK((*refused)["code"] == "line_too_long");
        CHECK(too_long->wait_closed(5s));
    }
    SUBCASE("an endless line without a newline is refused without waiting for its end") {
        auto endless = login(server, config, "admin");
        endless->send_raw(std::string(70000, 'x'));
        auto refused = endless->read_json(5s);
        REQUIRE(refused.has_value());
        CHECK((*refused)["code"] == "line_too_long");
        CHECK(endless->wait_closed(5s));

        LineClient before(server.port());
        before.send_raw(std::string(200000, '{'));
        auto refused_before = before.read_json(5s);
        REQUIRE(refused_before.has_value());
        CHECK((*refused_before)["type"] == "error");
        CHECK((*refused_before)["code"] == "line_too_long");
        CHECK(before.wait_closed(5s));
    }
    // Everyone else is still served.
    auto admin = login(server, config, "admin");
    CHECK(is_ok(admin->request({{"type", "ping"}})));
}

TEST_CASE("framing: \\r\\n is tolerated, before and after the handshake") {
    ServerProcess server(with_config(test_config()));
    LineClient client(server.port());
    client.send_raw(hello_json().dump() + "\r\n");
    auto welcome = client.read_json(5s);
    REQUIRE(welcome.has_value());
    CHECK((*welcome)["type"] == "welcome");
    client.send_raw(R"({"type":"ping","id":"crlf"})" "\r\n");
    auto reply = client.read_json(5s);
    REQUIRE(reply.has_value());
    CHECK(is_ok(*reply));
    CHECK((*reply)["id"] == "crlf");
    // Several requests in one segment, mixed endings.
    client.send_raw(R"({"type":"ping","id":1})" "\r\n" R"({"type":"ping","id":2})" "\n" R"({"type":"ping","id":3})" "\r\n");
    for (int id = 1; id <= 3; ++id) {
        auto next = client.read_json(5s);
        REQUIRE(next.has_value());
        CHECK((*next)["id"] == id);
    }
}

TEST_CASE("framing: a line that is not a JSON object is bad_request; the connection stays open") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto client = login(server, config, "admin");
    auto other = login(server, config, "kiosk-1");
    const std::vector<std::string> lines = {"garbage", "{", "{\"type\":", "[1,2]", "[]", "42", "\"ping\"", "null",
                                            "true", "", "   ", "{\"type\":\"ping\",\"id\":1}}", "\xff\xfe"};
    for (const auto& line : lines) {
        CAPTURE(line);
        client->send_line(line);
        auto answer = client->read_json(5s);
        REQUIRE(answer.has_value());
        CHECK_MESSAGE((*answer)["type"] == "error", answer->dump());
        CHECK_MESSAGE((*answer)["code"] == "bad_request", answer->dump());
        // Served again on the same connection, and others meanwhile.
        CHECK(is_ok(client->request({{"type", "ping"}})));
        CHECK(is_ok(other->request({{"type", "ping"}})));
    }
}

TEST_CASE("framing: deep nesting is bad_request and the server is fine") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto client = login(server, config, "admin");
    std::string objects;
    for (int i = 0; i < 12000; ++i) objects += "{\"a\":";
    const std::vector<std::string> lines = {
        std::string(60000, '['),
        std::string(30000, '[') + std::string(30000, ']'),
        objects,
        "{\"type\":\"ping\",\"id\":1,\"x\":" + std::string(30000, '[') + std::string(30000, ']') + "}",
    };
    for (const auto& line : lines) {
        client->send_line(line);
        auto answer = client->read_json(5s);
        REQUIRE(answer.has_value());
        CHECK(code_of(*answer) == "bad_request");
        CHECK(is_ok(client->request({{"type", "ping"}})));
    }
    auto fresh = login(server, config, "kiosk-1");
    CHECK(is_ok(fresh->request({{"type", "ping"}})));
}

TEST_CASE("ids: string and integer ids are echoed; unusable ids get an error line") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto client = login(server, config, "admin");

    for (const Json& id : {Json("abc"), Json(""), Json("ü-ß ✓"), Json(0), Json(-7), Json(9007199254740993LL),
                           Json(std::int64_t{9223372036854775807LL})}) {
        CAPTURE(id.dump());
        Json reply = client->request({{"type", "ping"}, {"id", id}});
        CHECK(reply["type"] == "reply");
        CHECK(reply["id"] == id);
        CHECK(reply["ok"] == true);
        // A failure with a usable id is a reply too.
        Json failed = client->request({{"type", "no.such.type"}, {"id", id}});
        CHECK(failed["type"] == "reply");
        CHECK(failed["id"] == id);
        CHECK(failed["ok"] == false);
        CHECK(code_of(failed) == "unknown_type");
    }

    // Unusable ids: float, object, array, bool, null, missing: an error line.
    const std::vector<std::string> unusable = {
        R"({"type":"ping","id":1.5})",          R"({"type":"ping","id":1.0})",
        R"({"type":"ping","id":{}})",           R"({"type":"ping","id":{"n":1}})",
        R"({"type":"ping","id":[1]})",          R"({"type":"ping","id":true})",
        R"({"type":"ping","id":null})",         R"({"type":"ping"})",
        R"({"type":"no.such.type","id":2.5})",  R"({"type":"counter.call_next","counter":"L1"})",
        R"({"type":"ticket.issue","service":"A","request_id":"noid"})",
    };
    for (const auto& line : unusable) {
        CAPTURE(line);
        client->send_line(line);
        auto answer = client->read_json(5s);
        REQUIRE(answer.has_value());
        CHECK_MESSAGE((*answer)["type"] == "error", answer->dump());
        CHECK(answer->contains("code"));
        CHECK(answer->contains("message"));
        CHECK(is_ok(client->request({{"type", "ping"}})));
    }
    // A request without an id must not have taken a ticket.
    Json get = client->request({{"type", "ticket.get"}, {"number", "A001"}});
    CHECK(code_of(get) == "not_found");
}

TEST_CASE("types: a wrong field type is bad_request with the id, for every operation, never a crash") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    Json waiting = issue_ok(*admin, "A", "seed-1");
    const std::int64_t ticket_id = waiting["id"].get<std::int64_t>();

    const Json bad_values = Json::array({5, -1, 1.5, true, nullptr, Json::array({"A"}), Json::object({{"a", 1}})});
    struct Field {
        const char* type;
        const char* field;
        const char* kind;  // "string", "int", "bool", "object"
        Json base;         // a valid request without id
    };
    const std::vector<Field> fields = {
        {"ticket.issue", "service", "string", {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "t-"}}},
        {"ticket.issue", "request_id", "string", {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "t-"}}},
        {"ticket.issue", "priority", "bool", {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "t-"}}},
        {"ticket.issue", "patient", "object", {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "t-"}}},
        {"ticket.get", "ticket", "int", {{"type", "ticket.get"}, {"ticket", ticket_id}}},
        {"ticket.get", "number", "string", {{"type", "ticket.get"}, {"number", "A001"}}},
        {"ticket.get", "service_day", "string", {{"type", "ticket.get"}, {"number", "A001"}, {"service_day", jakarta_today()}}},
        {"counter.call_next", "counter", "string", {{"type", "counter.call_next"}, {"counter", "L1"}}},
        {"counter.call", "counter", "string", {{"type", "counter.call"}, {"counter", "L1"}, {"ticket", ticket_id}}},
        {"counter.call", "ticket", "int", {{"type", "counter.call"}, {"counter", "L1"}, {"ticket", ticket_id}}},
        {"counter.recall", "counter", "string", {{"type", "counter.recall"}, {"counter", "L1"}}},
        {"counter.skip", "counter", "string", {{"type", "counter.skip"}, {"counter", "L1"}}},
        {"counter.finish", "counter", "string", {{"type", "counter.finish"}, {"counter", "L1"}}},
        {"counter.transfer", "counter", "string", {{"type", "counter.transfer"}, {"counter", "L1"}, {"to_service", "B"}}},
        {"counter.transfer", "to_service", "string", {{"type", "counter.transfer"}, {"counter", "L1"}, {"to_service", "B"}}},
        {"counter.open", "counter", "string", {{"type", "counter.open"}, {"counter", "L1"}}},
        {"counter.open", "reason", "string", {{"type", "counter.open"}, {"counter", "L1"}}},
        {"counter.close", "counter", "string", {{"type", "counter.close"}, {"counter", "L1"}}},
        {"counter.close", "reason", "string", {{"type", "counter.close"}, {"counter", "L1"}}},
        {"ticket.requeue", "ticket", "int", {{"type", "ticket.requeue"}, {"ticket", ticket_id}}},
        {"ticket.cancel", "ticket", "int", {{"type", "ticket.cancel"}, {"ticket", ticket_id}}},
        {"announce", "text", "string", {{"type", "announce"}, {"text", "Perhatian"}}},
        {"stats.day", "day", "string", {{"type", "stats.day"}, {"day", jakarta_today()}}},
        {"type", "type", "string", {{"type", "ping"}}},
    };
    int serial = 0;
    for (const auto& f : fields) {
        for (const Json& value : bad_values) {
            const bool fits = (std::string(f.kind) == "string" && value.is_string()) ||
                              (std::string(f.kind) == "int" && value.is_number_integer()) ||
                              (std::string(f.kind) == "bool" && value.is_boolean()) ||
                              (std::string(f.kind) == "object" && value.is_object());
            if (fits) continue;
            // null for an optional field may fairly mean "absent"; skip that pairing.
            const bool optional_field = std::string(f.field) == "priority" || std::string(f.field) == "patient" ||
                                        std::string(f.field) == "reason" || std::string(f.field) == "service_day" ||
                                        std::string(f.field) == "day";
            if (optional_field && value.is_null()) continue;
            Json request = f.base;
            if (request.contains("request_id")) request["request_id"] = "t-" + std::to_string(serial);
            request[f.field] = value;
            request["id"] = "case-" + std::to_string(serial++);
            CAPTURE(request.dump());
            Json answer = admin->request(request);
            CHECK(answer["type"] == "reply");
            CHECK(answer["id"] == request["id"]);
            CHECK(code_of(answer) == "bad_request");
        }
    }
    // Missing required fields are bad_request too.
    const std::vector<Json> missing = {
        {{"type", "ticket.issue"}, {"service", "A"}},
        {{"type", "ticket.issue"}, {"request_id", "m-1"}},
        {{"type", "ticket.get"}},
        {{"type", "counter.call_next"}},
        {{"type", "counter.call"}, {"counter", "L1"}},
        {{"type", "counter.call"}, {"ticket", ticket_id}},
        {{"type", "counter.recall"}},
        {{"type", "counter.skip"}},
        {{"type", "counter.finish"}},
        {{"type", "counter.transfer"}, {"counter", "L1"}},
        {{"type", "counter.transfer"}, {"to_service", "B"}},
        {{"type", "counter.open"}},
        {{"type", "counter.close"}},
        {{"type", "ticket.requeue"}},
        {{"type", "ticket.cancel"}},
        {{"type", "announce"}},
        {{"id", 77}},
    };
    for (const auto& request : missing) {
        CAPTURE(request.dump());
        Json answer = admin->request(request);
        CHECK(answer["type"] == "reply");
        CHECK(code_of(answer) == "bad_request");
    }
    // Nested wrong types and absurd numbers: never a crash.
    const std::vector<Json> odd = {
        {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "o-1"}, {"patient", {{"kind", 5}}}},
        {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "o-2"}, {"patient", {{"nik", Json::array()}}}},
        {{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "o-3"}, {"patient", {{"kind", "vip"}}}},
        {{"type", "stats.day"}, {"day", "yesterday"}},
        {{"type", "stats.day"}, {"day", "2026-13-45"}},
        {{"type", "ticket.get"}, {"number", "A001"}, {"service_day", "22-11-2026"}},
        {{"type", "ticket.get"}, {"ticket", 1e300}},
        {{"type", "ticket.cancel"}, {"ticket", 1e300}},
        {{"type", "announce"}, {"text", std::string(501, 'a')}},
    };
    for (const auto& request : odd) {
        CAPTURE(request.dump());
        Json answer = admin->request(request);
        CHECK(answer["type"] == "reply");
        CHECK(code_of(answer) == "bad_request");
    }
    // Huge integers: bad_request or not_found, never internal or a crash.
    for (const char* line : {R"({"type":"ticket.get","id":"h1","ticket":18446744073709551615})",
                             R"({"type":"ticket.get","id":"h2","ticket":-9223372036854775808})",
                             R"({"type":"counter.call","id":"h3","counter":"L1","ticket":18446744073709551615})"}) {
        CAPTURE(line);
        admin->send_line(line);
        auto answer = admin->read_json(5s);
        REQUIRE(answer.has_value());
        const std::string code = code_of(*answer);
        CHECK((code == "bad_request" || code == "not_found"));
    }
    // Nothing above took a number or changed the seed ticket.
    CHECK(server.running());
    Json next = issue_ok(*admin, "A", "after-all");
    CHECK(next["number"] == "A002");
    Json seed = ok(*admin, {{"type", "ticket.get"}, {"ticket", ticket_id}});
    CHECK(seed["ticket"]["status"] == "waiting");
}

TEST_CASE("pipelining: replies come in request order on one connection") {
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    std::string burst;
    std::vector<Json> requests;
    for (int i = 0; i < 300; ++i) {
        Json request;
        switch (i % 6) {
            case 0: request = {{"type", "ticket.issue"}, {"service", i % 12 == 0 ? "A" : "B"}, {"request_id", "p-" + std::to_string(i)}}; break;
            case 1: request = {{"type", "ping"}}; break;
            case 2: request = {{"type", "services.list"}}; break;
            case 3: request = {{"type", "no.such"}}; break;
            case 4: request = {{"type", "counter.call_next"}, {"counter", "L1"}}; break;
            default: request = {{"type", "ticket.get"}, {"number", "ZZZ"}}; break;
        }
        request["id"] = (i % 2 == 0) ? Json(i) : Json("s" + std::to_string(i));
        requests.push_back(request);
        burst += request.dump() + "\n";
    }
    admin->send_raw(burst);
    for (const auto& request : requests) {
        auto answer = admin->read_json(10s);
        REQUIRE(answer.has_value());
        REQUIRE_MESSAGE((*answer)["type"] == "reply", answer->dump());
        CHECK((*answer)["id"] == request["id"]);
    }
}

TEST_CASE("pipelining: the error line for a malformed line does not overtake earlier replies") {
    // PROTOCOL.md: "Replies on one connection come in request order." A client
    // pipelining requests matches an id-less error line by its position.
    const Json config = test_config();
    ServerProcess server(with_config(config));
    auto admin = login(server, config, "admin");
    std::string burst;
    for (int i = 1; i <= 20; ++i) burst += Json{{"type", "services.list"}, {"id", i}}.dump() + "\n";
    burst += "this is not json\n";
    burst += Json{{"type", "ping"}, {"id", 21}}.dump() + "\n";
    admin->send_raw(burst);
    std::vector<std::string> order;
    for (int i = 0; i < 22; ++i) {
        auto answer = admin->read_json(5s);
        REQUIRE(answer.has_value());
        order.push_back((*answer)["type"] == "error" ? std::string("error") : (*answer)["id"].dump());
    }
    CAPTURE(Json(order).dump());
    CHECK(order[20] == "error");
    CHECK(order[0] == "1");
    CHECK(order[21] == "21");
}
