// queuectl's library without a server: command line, requests, output.
#include <doctest/doctest.h>

#include <sstream>

#include "queuectl.hpp"

using namespace anoman;
using namespace anoman::queuectl;

namespace {

struct Parsed {
    std::optional<int> status;
    Invocation inv;
    std::string out;
    std::string err;
};

Parsed parse(std::vector<std::string> args) {
    args.insert(args.begin(), "queuectl");
    std::vector<const char*> argv;
    for (const auto& arg : args) argv.push_back(arg.c_str());
    Parsed parsed;
    std::ostringstream out, err;
    parsed.status = parse_command_line(static_cast<int>(argv.size()), argv.data(), parsed.inv, out, err);
    parsed.out = out.str();
    parsed.err = err.str();
    return parsed;
}

Json request_for(std::vector<std::string> args, std::optional<std::string> welcome_counter = std::nullopt) {
    Parsed parsed = parse(std::move(args));
    REQUIRE_FALSE(parsed.status);
    return build_request(parsed.inv.command, welcome_counter, [](const std::string& number) -> std::int64_t {
        if (number == "A012") return 57;
        throw ReplyFailure{Json{{"type", "reply"}, {"ok", false}}};
    });
}

proto::Event event(proto::EventKind kind) {
    proto::Event e;
    e.seq = 42;
    e.at = "2026-11-22T08:15:00+07:00";
    e.kind = kind;
    proto::Ticket ticket;
    ticket.id = 57;
    ticket.number = "A012";
    ticket.service = "A";
    ticket.calls = 2;
    e.ticket = ticket;
    e.counter = "L1";
    return e;
}

}  // namespace

TEST_CASE("command line: global options, defaults, usage errors") {
    Parsed defaults = parse({"ping"});
    REQUIRE_FALSE(defaults.status);
    CHECK(defaults.inv.command.name == "ping");
    CHECK(defaults.inv.options.role == "admin");
    CHECK_FALSE(defaults.inv.options.json);

    Parsed after = parse({"list", "--json", "--role", "display", "--server", "10.0.0.5:7701"});
    REQUIRE_FALSE(after.status);
    CHECK(after.inv.options.json);
    CHECK(after.inv.options.role == "display");
    CHECK(after.inv.options.connect.server == "10.0.0.5:7701");

    CHECK(parse({}).status == kExitUsage);
    CHECK(parse({"nonsense"}).status == kExitUsage);
    CHECK(parse({"issue"}).status == kExitUsage);             // SERVICE missing
    CHECK(parse({"--role", "root", "ping"}).status == kExitUsage);
    CHECK(parse({"issue", "A", "--kind", "vip"}).status == kExitUsage);
    Parsed bad = parse({"transfer"});
    CHECK(bad.status == kExitUsage);
    CHECK(bad.err.find("--help") != std::string::npos);

    Parsed help = parse({"--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("Exit status") != std::string::npos);
    CHECK(help.out.find("counter-stats") != std::string::npos);
    Parsed sub_help = parse({"issue", "--help"});
    CHECK(sub_help.status == 0);
    CHECK(sub_help.out.find("--request-id") != std::string::npos);
}

TEST_CASE("requests for each subcommand") {
    Json issue = request_for({"issue", "a", "--priority", "--request-id", "x:1", "--kind", "bpjs", "--nik", "35"});
    CHECK(issue["type"] == "ticket.issue");
    CHECK(issue["service"] == "A");
    CHECK(issue["priority"] == true);
    CHECK(issue["request_id"] == "x:1");
    CHECK(issue["patient"] == Json{{"kind", "bpjs"}, {"nik", "35"}});
    Json fresh1 = request_for({"issue", "B"});
    CHECK_FALSE(fresh1.contains("patient"));
    CHECK_FALSE(fresh1.contains("priority"));
    CHECK(fresh1["request_id"].get<std::string>().rfind("queuectl:", 0) == 0);

    CHECK(request_for({"get", "57"}) == Json{{"type", "ticket.get"}, {"ticket", 57}});
    CHECK(request_for({"get", "a012", "--day", "2026-11-21"}) ==
          Json{{"type", "ticket.get"}, {"number", "A012"}, {"service_day", "2026-11-21"}});
    CHECK(request_for({"list"}) == Json{{"type", "services.list"}});
    CHECK(request_for({"call", "--counter", "L2"}) == Json{{"type", "counter.call_next"}, {"counter", "L2"}});
    CHECK(request_for({"call", "--ticket", "A012"}, "L4") ==
          Json{{"type", "counter.call"}, {"counter", "L4"}, {"ticket", 57}});
    CHECK(request_for({"recall"}, "L1") == Json{{"type", "counter.recall"}, {"counter", "L1"}});
    CHECK(request_for({"skip", "--counter", "L3"}, "L1") == Json{{"type", "counter.skip"}, {"counter", "L3"}});
    CHECK(request_for({"finish", "--counter", "L3"})["type"] == "counter.finish");
    CHECK(request_for({"transfer", "pu", "--counter", "L1"}) ==
          Json{{"type", "counter.transfer"}, {"counter", "L1"}, {"to_service", "PU"}});
    CHECK(request_for({"close", "--counter", "L1", "--reason", "istirahat"}) ==
          Json{{"type", "counter.close"}, {"counter", "L1"}, {"reason", "istirahat"}});
    CHECK(request_for({"open", "--counter", "L1"}) == Json{{"type", "counter.open"}, {"counter", "L1"}});
    CHECK(request_for({"requeue", "A012"}) == Json{{"type", "ticket.requeue"}, {"ticket", 57}});
    CHECK(request_for({"cancel", "9"}) == Json{{"type", "ticket.cancel"}, {"ticket", 9}});
    CHECK(request_for({"announce", "Selamat pagi"}) == Json{{"type", "announce"}, {"text", "Selamat pagi"}});
    CHECK(request_for({"stats", "--day", "2026-11-21"}) == Json{{"type", "stats.day"}, {"day", "2026-11-21"}});
    CHECK(request_for({"counter-stats", "--counter", "R1"}) == Json{{"type", "stats.counter"}, {"counter", "R1"}});
    CHECK(request_for({"ping"}) == Json{{"type", "ping"}});
    CHECK(request_for({"raw", R"({"type":"x","id":"mine"})"}) == Json{{"type", "x"}, {"id", "mine"}});

    Parsed call = parse({"call"});
    CHECK_THROWS_AS(build_request(call.inv.command, std::nullopt, nullptr), UsageError);
    Parsed raw = parse({"raw", "[1,2]"});
    CHECK_THROWS_AS(build_request(raw.inv.command, std::nullopt, nullptr), UsageError);
    Parsed unknown_number = parse({"cancel", "Z1"});
    CHECK_THROWS_AS(build_request(unknown_number.inv.command, std::nullopt,
                                  [](const std::string&) -> std::int64_t { throw ReplyFailure{Json()}; }),
                    ReplyFailure);
}

TEST_CASE("ticket ids and numbers are told apart") {
    CHECK(ticket_id_from_text("57") == 57);
    CHECK_FALSE(ticket_id_from_text("A012"));
    CHECK_FALSE(ticket_id_from_text(""));
    CHECK_FALSE(ticket_id_from_text("12a"));
    CHECK_FALSE(ticket_id_from_text("99999999999999999999999"));
}

TEST_CASE("human output for replies, errors and events") {
    Command issue;
    issue.name = "issue";
    Json reply{{"type", "reply"}, {"ok", true}, {"ahead", 3}, {"est_wait_s", 540}, {"replayed", true},
               {"ticket", {{"id", 57}, {"number", "A012"}, {"service", "A"}, {"status", "waiting"}}}};
    const std::string line = format_reply(issue, reply);
    CHECK(line.find("A012 (id 57)") != std::string::npos);
    CHECK(line.find("3 ahead") != std::string::npos);
    CHECK(line.find("9 min") != std::string::npos);
    CHECK(line.find("replayed") != std::string::npos);

    Command get;
    get.name = "get";
    Json called{{"type", "reply"}, {"ok", true},
                {"ticket", {{"id", 57}, {"number", "A012"}, {"status", "called"}, {"counter", "L2"}, {"calls", 2}}}};
    CHECK(format_reply(get, called).find("called to L2, 2 calls") != std::string::npos);
    // An unexpected shape never throws: the JSON is shown instead.
    CHECK_NOTHROW(format_reply(issue, Json{{"ticket", 5}, {"replayed", "yes"}}));

    const std::string error = format_error(
        Json{{"type", "reply"}, {"ok", false}, {"error", {{"code", "unauthorized"}, {"message", "wrong token"}}}});
    CHECK(error.find("unauthorized: wrong token") != std::string::npos);
    CHECK(error.find("--token") != std::string::npos);  // the hint
    CHECK(format_error(Json{{"type", "error"}, {"code", "bad_request"}, {"message", "x"}}) ==
          "error bad_request: x");

    CHECK(format_event(event(proto::EventKind::called)) == "08:15:00  #42     called          A012 -> L1");
    CHECK(format_event(event(proto::EventKind::recalled)).find("again (call 2)") != std::string::npos);
    proto::Event closed = event(proto::EventKind::counter_closed);
    closed.reason = "istirahat";
    CHECK(format_event(closed).find("L1 closed (istirahat)") != std::string::npos);
    proto::Event transferred = event(proto::EventKind::transferred);
    transferred.from_service = "B";
    CHECK(format_event(transferred).find("A012 from B to A") != std::string::npos);
    proto::Event rollover = event(proto::EventKind::day_rollover);
    rollover.ticket.reset();
    rollover.service_day = "2026-11-23";
    CHECK(format_event(rollover).find("new service day 2026-11-23") != std::string::npos);
}
