// The counter model's F9: a BPJS booking code, scanned or typed, linked to the
// patient now called (ticket.link), shown with the patient; refusals explained.
#include <doctest/doctest.h>

#include "anoman/counter/counter_model.hpp"
#include "anoman/counter/counter_text.hpp"
#include "model_fixtures.hpp"

using namespace anoman::counter;
using namespace counter_test;
using anoman::Language;
using anoman::LinkState;
using anoman::proto::ErrorCode;

namespace {

struct BookingConsole {
    CounterModel model;
    CounterText text;
    SysMillis now = at_seconds(600);

    explicit BookingConsole(std::optional<Ticket> current) {
        model.on_link(LinkState::connecting, "", now);
        model.on_welcome(welcome(), now);
        model.on_snapshot(snapshot({}, std::move(current), true), now);
        model.on_link(LinkState::online, "", now);
        model.take_outbox();  // the stats request
    }
    std::vector<Outgoing> sent() { return model.take_outbox(); }
    void type(const std::string& chars) {
        for (char c : chars) model.type(static_cast<char32_t>(c), now);
    }
    std::string notice() {
        if (!model.notice()) return "";
        const auto& n = *model.notice();
        for (auto language : {Language::id, Language::en}) {
            CHECK_MESSAGE(text.catalog().has(n.key, language), n.key);
            CHECK_MESSAGE(text.render(n, language).find('{') == std::string::npos, text.render(n, language));
        }
        return n.key;
    }
};

}  // namespace

TEST_CASE("F9 after scanning a code links it to the patient now called, and the code stays on screen") {
    BookingConsole c(with(ticket(7, "A007", "A"), TicketStatus::called, "L1", 1));
    c.type("JKN-20261122-0001");
    c.model.press(Key::f9, c.now);
    auto out = c.sent();
    REQUIRE(out.size() == 1);
    CHECK(out[0].request == Json{{"type", "ticket.link"}, {"ticket", 7}, {"booking_code", "JKN-20261122-0001"}});
    CHECK(c.model.scan_text().empty());
    CHECK_FALSE(c.model.booking_of(7));
    c.model.on_reply(out[0].token,
                     ok_reply({{"ticket", with(ticket(7, "A007", "A"), TicketStatus::called, "L1", 1)},
                               {"booking_code", "JKN-20261122-0001"}, {"linked", true}, {"tasks_released", 2}}),
                     c.now);
    CHECK(c.notice() == "notice.linked");
    CHECK(c.model.booking_of(7) == std::string("JKN-20261122-0001"));
    CHECK(c.text.render(*c.model.notice(), Language::id).find("ditautkan ke A007") != std::string::npos);
}

TEST_CASE("F9 first, then a scanner's code and Enter; Esc disarms") {
    BookingConsole c(with(ticket(7, "A007", "A"), TicketStatus::called, "L1", 1));
    c.model.press(Key::f9, c.now);
    CHECK(c.model.link_armed());
    CHECK(c.notice() == "notice.link_scan");
    CHECK(c.sent().empty());
    c.type("SIMRS/77");
    c.model.press(Key::enter, c.now);
    CHECK_FALSE(c.model.link_armed());
    auto out = c.sent();
    REQUIRE(out.size() == 1);
    CHECK(out[0].request["type"] == "ticket.link");
    CHECK(out[0].request["booking_code"] == "SIMRS/77");
    c.model.on_reply(out[0].token, ok_reply({{"ticket", ticket(7, "A007", "A")}, {"linked", false}}), c.now);
    CHECK(c.notice() == "notice.link_same");

    c.model.press(Key::f9, c.now);
    CHECK(c.model.link_armed());
    c.model.press(Key::escape, c.now);
    CHECK_FALSE(c.model.link_armed());
    // Disarmed: Enter on a ticket number is a lookup again, not a link.
    c.type("A007");
    c.model.press(Key::enter, c.now);
    for (const Outgoing& o : c.sent()) CHECK(o.request["type"] != "ticket.link");
}

TEST_CASE("F9 without a patient, and the server's refusals, are explained") {
    BookingConsole none(std::nullopt);
    none.type("JKN-1");
    none.model.press(Key::f9, none.now);
    CHECK(none.sent().empty());
    CHECK(none.notice() == "notice.no_current");

    BookingConsole c(with(ticket(7, "A007", "A"), TicketStatus::called, "L1", 1));
    c.type("JKN-1");
    c.model.press(Key::f9, c.now);
    auto out = c.sent();
    REQUIRE(out.size() == 1);
    c.model.on_reply(out[0].token, error_reply(ErrorCode::invalid_state, "booking code JKN-1 is already linked"), c.now);
    CHECK(c.notice() == "notice.link_refused");
    CHECK_FALSE(c.model.booking_of(7));

    c.type("BAD CODE");
    c.model.press(Key::f9, c.now);
    out = c.sent();
    REQUIRE(out.size() == 1);
    c.model.on_reply(out[0].token, error_reply(ErrorCode::bad_request, "booking_code: ..."), c.now);
    CHECK(c.notice() == "notice.link_bad_code");
}
