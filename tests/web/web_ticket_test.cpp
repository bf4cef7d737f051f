// The ticket's page over HTTP against the real queue-server: page_url in the
// protocol's replies, the page and its state, live events from call to finish,
// wrong codes and other days answered alike, the satisfaction answer once.
#include <doctest/doctest.h>

#include "../deploy/deploy_support.hpp"
#include "web_client.hpp"

using namespace anoman::testing;
using namespace anoman::testing::web;

namespace {

struct Hall {
    ServerProcess server;
    std::uint16_t port;
    LineClient admin;
    explicit Hall(const Json& config = web_config(), const std::optional<std::filesystem::path>& dir = std::nullopt)
        : server(with_config(config, dir)), port(web_port(server)), admin(server.port()) {
        admin.hello_demo("admin");
    }
    Json issue(const std::string& service, const std::string& key) {
        Json reply = admin.request({{"type", "ticket.issue"}, {"service", service}, {"request_id", key}});
        REQUIRE(reply["ok"] == true);
        return reply;
    }
    Json op(const std::string& type, const std::string& counter) {
        Json reply = admin.request({{"type", type}, {"counter", counter}});
        REQUIRE(reply["ok"] == true);
        return reply;
    }
};

}  // namespace

TEST_CASE("ticket.issue and ticket.get give the page's address; the code is stored with the ticket") {
    Hall hall;
    Json issued = hall.issue("A", "k-1");
    const std::string url = issued["page_url"].get<std::string>();
    CHECK(url.rfind("http://antrian.test:8080/t/", 0) == 0);
    const std::string code = code_of(url);
    CHECK(code.size() == 22);  // 128 bits in base64url
    CHECK(code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
    const std::string id = std::to_string(issued["ticket"]["id"].get<long>());
    CHECK(sql_text(hall.server.db(), "SELECT code FROM ticket_codes WHERE ticket_id = " + id) == code);
    // A replayed issue, ticket.get by id and by the code: the same address.
    CHECK(hall.issue("A", "k-1")["page_url"] == url);
    Json got = hall.admin.request({{"type", "ticket.get"}, {"ticket", issued["ticket"]["id"]}});
    CHECK(got["page_url"] == url);
    Json by_code = hall.admin.request({{"type", "ticket.get"}, {"code", code}});
    CHECK(by_code["ticket"]["id"] == issued["ticket"]["id"]);
    // Two tickets never share a code.
    CHECK(code_of(hall.issue("A", "k-2")["page_url"]) != code);
}

TEST_CASE("without a web block: no listener and no page_url") {
    ServerProcess server;
    LineClient admin(server.port());
    admin.hello_demo("admin");
    Json reply = admin.request({{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "x"}});
    CHECK(reply["ok"] == true);
    CHECK_FALSE(reply.contains("page_url"));
    CHECK(server.output().find("web listening") == std::string::npos);
}

TEST_CASE("the ticket page: small, self-contained, with the ticket's state") {
    Hall hall;
    hall.issue("A", "first");
    Json issued = hall.issue("A", "second");
    const std::string code = code_of(issued["page_url"]);
    Reply page = get(hall.port, "/t/" + code);
    CHECK(page.status == 200);
    CHECK(page.headers["content-type"] == "text/html; charset=utf-8");
    CHECK(page.headers["cache-control"] == "no-store");
    CHECK(page.body.size() < 100 * 1024);
    CHECK(page.body.find(issued["ticket"]["number"].get<std::string>()) != std::string::npos);
    CHECK(page.body.find("Nomor Anda dipanggil") != std::string::npos);
    // No external assets: nothing loaded from another host.
    CHECK(page.body.find("src=\"http") == std::string::npos);
    CHECK(page.body.find("href=\"http") == std::string::npos);

    Reply state = get(hall.port, "/t/" + code + "/state");
    REQUIRE(state.status == 200);
    Json s = Json::parse(state.body);
    CHECK(s["number"] == issued["ticket"]["number"]);
    CHECK(s["service_name"] == "Pendaftaran BPJS");
    CHECK(s["service_name_en"] == "BPJS Registration");
    CHECK(s["status"] == "waiting");
    CHECK(s["ahead"] == 1);
    CHECK(s["hospital"] == "RSUD Ngudi Waluyo Wlingi");
    CHECK(s.contains("est_wait_s"));
}

TEST_CASE("live events: ahead shrinks, the call names the counter, recalls and the finish follow") {
    Hall hall;
    Json first = hall.issue("A", "first");
    Json mine = hall.issue("A", "mine");
    EventStream stream(hall.port, "/t/" + code_of(mine["page_url"]) + "/events");
    REQUIRE(stream.status() == 200);
    auto initial = stream.state_where([](const Json&) { return true; });
    REQUIRE(initial);
    CHECK((*initial)["ahead"] == 1);
    CHECK((*initial)["status"] == "waiting");

    hall.op("counter.call_next", "L2");  // calls the first ticket
    auto ahead = stream.state_where([](const Json& s) { return s["ahead"] == 0; });
    REQUIRE(ahead);
    CHECK((*ahead)["status"] == "waiting");

    hall.op("counter.finish", "L2");
    hall.op("counter.call_next", "L2");
    auto called = stream.state_where([](const Json& s) { return s["status"] == "called"; });
    REQUIRE(called);
    CHECK((*called)["counter"] == "L2");
    CHECK((*called)["counter_name"] == "Loket 2");
    CHECK((*called)["calls"] == 1);

    hall.op("counter.recall", "L2");
    auto recalled = stream.state_where([](const Json& s) { return s["calls"] == 2; });
    REQUIRE(recalled);
    CHECK((*recalled)["status"] == "called");

    hall.op("counter.finish", "L2");
    auto done = stream.state_where([](const Json& s) { return s["status"] == "done"; });
    REQUIRE(done);
    CHECK((*done)["rated"] == false);
}

TEST_CASE("a wrong code, a malformed one and another day's ticket: the same page, nothing leaked") {
    std::string old_code;
    std::filesystem::path dir;
    {
        Hall before;
        Json old_ticket = before.issue("A", "old");
        old_code = code_of(old_ticket["page_url"]);
        dir = before.server.dir();
        before.server.terminate();
        REQUIRE(before.server.wait() == 0);
        // The ticket becomes yesterday's (as after a rollover).
        sql_exec(before.server.db(), "UPDATE tickets SET service_day = '2020-01-01' WHERE id = " +
                                         std::to_string(old_ticket["ticket"]["id"].get<long>()));
    }
    Hall hall(web_config(), dir);
    Reply other_day = get(hall.port, "/t/" + old_code);
    Reply wrong = get(hall.port, "/t/AAAAAAAAAAAAAAAAAAAAAA");
    Reply malformed = get(hall.port, "/t/%3Cscript%3E");
    Reply empty = get(hall.port, "/t/");
    for (const Reply* reply : {&other_day, &wrong, &malformed, &empty}) {
        CHECK(reply->status == 404);
        CHECK(reply->body == wrong.body);
        CHECK(reply->body.find("A001") == std::string::npos);
    }
    CHECK(wrong.body.find("Tiket tidak ditemukan") != std::string::npos);
    CHECK(get(hall.port, "/t/" + old_code + "/state").status == 404);
    EventStream stream(hall.port, "/t/AAAAAAAAAAAAAAAAAAAAAA/events");
    CHECK(stream.status() == 404);
    // A prefix of a real code is not the code.
    Json today = hall.issue("A", "today");
    CHECK(get(hall.port, "/t/" + code_of(today["page_url"]).substr(0, 21)).status == 404);
    CHECK(get(hall.port, "/t/" + code_of(today["page_url"])).status == 200);
    // The access log never holds a whole code.
    CHECK(hall.server.output().find(code_of(today["page_url"])) == std::string::npos);
}

TEST_CASE("satisfaction: only after the visit, 1 to 5, stored once per ticket") {
    Hall hall;
    Json ticket = hall.issue("A", "rate");
    const std::string code = code_of(ticket["page_url"]);
    const std::string id = std::to_string(ticket["ticket"]["id"].get<long>());
    CHECK(post_form(hall.port, "/t/" + code + "/rating", "score=5").status == 409);  // still waiting
    hall.op("counter.call_next", "L1");
    hall.op("counter.finish", "L1");
    CHECK(post_form(hall.port, "/t/" + code + "/rating", "score=9").status == 400);
    CHECK(post_form(hall.port, "/t/" + code + "/rating", "score=").status == 400);
    Reply first = post_form(hall.port, "/t/" + code + "/rating", "score=4");
    CHECK(first.status == 200);
    Reply second = post_form(hall.port, "/t/" + code + "/rating", "score=1");
    CHECK(second.status == 409);
    CHECK(Json::parse(second.body)["reason"] == "already_rated");
    CHECK(sql_text(hall.server.db(), "SELECT COUNT(*) || ':' || MAX(score) FROM satisfaction WHERE ticket_id = " + id) ==
          "1:4");
    CHECK(Json::parse(get(hall.port, "/t/" + code + "/state").body)["rated"] == true);
    CHECK(post_form(hall.port, "/t/AAAAAAAAAAAAAAAAAAAAAA/rating", "score=5").status == 404);
}

TEST_CASE("a quiet stream still hears a heartbeat, so the page can tell a dead link from a quiet queue") {
    Hall hall;
    Json ticket = hall.issue("A", "quiet");
    EventStream stream(hall.port, "/t/" + code_of(ticket["page_url"]) + "/events");
    REQUIRE(stream.status() == 200);
    auto first = stream.next();
    REQUIRE(first);
    CHECK(first->name == "state");
    const auto started = std::chrono::steady_clock::now();
    auto ping = stream.next(25s);
    REQUIRE(ping);
    CHECK(ping->name == "ping");
    CHECK(std::chrono::steady_clock::now() - started < 21s);  // every 15 s (checked every 5 s)
}

TEST_CASE("a ticket is followed by at most 8 streams at once") {
    Hall hall;
    Json ticket = hall.issue("A", "family");
    const std::string target = "/t/" + code_of(ticket["page_url"]) + "/events";
    std::vector<std::unique_ptr<EventStream>> phones;
    for (int i = 0; i < 8; ++i) {
        phones.push_back(std::make_unique<EventStream>(hall.port, target));
        CHECK(phones.back()->status() == 200);
        CHECK(phones.back()->next());
    }
    EventStream ninth(hall.port, target);
    CHECK(ninth.status() == 503);
    // Every one of the eight hears the call.
    hall.op("counter.call_next", "L1");
    for (auto& phone : phones) CHECK(phone->state_where([](const Json& s) { return s["status"] == "called"; }));
}
