// The counter model: every action, reply and event, the scan field and the
// keyboard, with no window and no server.
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

struct Console {
    CounterModel model;
    CounterText text;
    SysMillis now = at_seconds(600);

    // Connected as Loket 1 with these tickets; the first stats request answered.
    explicit Console(std::vector<Ticket> tickets = {}, std::optional<Ticket> current = std::nullopt, bool open = true) {
        model.on_link(LinkState::connecting, "", now);
        model.on_welcome(welcome(), now);
        model.on_snapshot(snapshot(std::move(tickets), std::move(current), open), now);
        model.on_link(LinkState::online, "", now);
        auto out = model.take_outbox();
        REQUIRE(out.size() == 1);
        CHECK(out[0].request == Json{{"type", "stats.counter"}, {"counter", "L1"}});
        model.on_reply(out[0].token, ok_reply({{"counter", "L1"}, {"served", 3}, {"skipped", 1}, {"avg_service_s", 200}}), now);
    }

    // The one request the model wants sent now (checked), to answer later.
    Outgoing sent() {
        auto out = model.take_outbox();
        REQUIRE(out.size() == 1);
        return out[0];
    }
    bool nothing_sent() { return model.take_outbox().empty(); }
    void press(Key key) { model.press(key, now); }
    void type(const std::string& chars) {
        for (char c : chars) model.type(static_cast<char32_t>(c), now);
    }
    void scan(const std::string& chars) {
        type(chars);
        press(Key::enter);
    }
    // The notice's key, checked to exist in both languages and to leave no placeholder unfilled.
    std::string notice() {
        if (!model.notice()) return "";
        const auto& n = *model.notice();
        CHECK_MESSAGE(text.catalog().has(n.key, Language::id), n.key);
        CHECK_MESSAGE(text.catalog().has(n.key, Language::en), n.key);
        for (auto language : {Language::id, Language::en}) {
            const std::string rendered = text.render(n, language);
            CHECK_MESSAGE(rendered.find('{') == std::string::npos, rendered);
        }
        return n.key;
    }
    std::string notice_text() { return model.notice() ? text.render(*model.notice(), Language::id) : ""; }
    void event(Event e) { model.on_event(e, now); }
};

std::vector<std::string> numbers(const std::vector<const Ticket*>& tickets) {
    std::vector<std::string> out;
    for (const auto* t : tickets) out.push_back(t->number);
    return out;
}

Ticket called_here(std::int64_t id, const std::string& number, int calls = 1) {
    return with(ticket(id, number, "A"), TicketStatus::called, "L1", calls);
}

}  // namespace

// ---- Connection, welcome, snapshot -----------------------------------------------------

TEST_CASE("the snapshot gives the counter, its services, its patient and its waiting list") {
    Console c({ticket(1, "A001", "A"), ticket(2, "B001", "B"), ticket(3, "P001", "P", TicketStatus::waiting, true),
               called_here(4, "A002")},
              called_here(4, "A002"));
    CHECK(c.model.counter_id() == "L1");
    CHECK(c.model.counter_name() == "Loket 1");
    CHECK(c.model.counter_services() == std::vector<std::string>{"A", "P"});
    CHECK(c.model.hospital_name() == "RSUD Ngudi Waluyo Wlingi");
    CHECK(c.model.counter_open());
    REQUIRE(c.model.current());
    CHECK(c.model.current()->number == "A002");
    CHECK(numbers(c.model.waiting_rows()) == std::vector<std::string>{"P001", "A001"});
    CHECK(c.model.is_live(c.now));
    REQUIRE(c.model.figures());
    CHECK(c.model.figures()->served == 3);
    CHECK(c.model.figures()->skipped == 1);
    CHECK(c.model.figures()->avg_service_s == 200);
}

TEST_CASE("a closed counter shows its reason") {
    Console c({}, std::nullopt, false);
    CHECK_FALSE(c.model.counter_open());
    CHECK(c.model.close_reason() == "istirahat");
}

TEST_CASE("a welcome without a counter says this is not a counter device, and nothing is sent") {
    CounterModel model;
    model.on_welcome(welcome(std::nullopt), at_seconds(0));
    model.on_snapshot(snapshot({}), at_seconds(0));
    model.on_link(LinkState::online, "", at_seconds(0));
    REQUIRE(model.notice());
    CHECK(model.notice()->key == "notice.not_counter_device");
    model.press(Key::f1, at_seconds(1));
    CHECK(model.notice()->key == "notice.not_counter_device");
    CHECK(model.take_outbox().empty());
}

TEST_CASE("losing the link or the server's heartbeat makes the console not live; actions are not sent") {
    Console c({ticket(1, "A001", "A")});
    CHECK(c.model.is_live(c.now + std::chrono::seconds(5)));
    CHECK_FALSE(c.model.is_live(c.now + std::chrono::seconds(7)));
    c.model.on_heartbeat({10, "e1"}, c.now + std::chrono::seconds(5));
    CHECK(c.model.is_live(c.now + std::chrono::seconds(10)));

    c.model.on_link(LinkState::connecting, "connection refused", c.now);
    CHECK_FALSE(c.model.is_live(c.now));
    CHECK(c.model.link_detail() == "connection refused");
    c.press(Key::f1);
    CHECK(c.notice() == "notice.offline");
    CHECK(c.nothing_sent());
    // What was known stays on screen (greyed by the view) until the new snapshot.
    CHECK(numbers(c.model.waiting_rows()) == std::vector<std::string>{"A001"});

    // Reconnected: a fresh snapshot replaces everything, and the figures are asked again.
    c.model.on_welcome(welcome(), c.now);
    c.model.on_snapshot(snapshot({ticket(2, "A002", "A")}, std::nullopt, true, 20), c.now);
    c.model.on_link(LinkState::online, "", c.now);
    CHECK(numbers(c.model.waiting_rows()) == std::vector<std::string>{"A002"});
    CHECK(c.sent().request["type"] == "stats.counter");
    CHECK(c.model.is_live(c.now));
}

TEST_CASE("a refused device shows the refusal") {
    CounterModel model;
    model.on_link(LinkState::refused, "unauthorized: bad token", at_seconds(0));
    CHECK(model.link() == LinkState::refused);
    CHECK_FALSE(model.is_live(at_seconds(0)));
}

// ---- Actions: requests ----------------------------------------------------------------------

TEST_CASE("F1 calls the next patient") {
    Console c({ticket(1, "A001", "A")});
    c.press(Key::f1);
    auto out = c.sent();
    CHECK(out.request == Json{{"type", "counter.call_next"}, {"counter", "L1"}});
    CHECK(c.model.busy());
    c.model.on_reply(out.token, ok_reply({{"ticket", called_here(1, "A001")}}), c.now);
    CHECK_FALSE(c.model.busy());
    CHECK(c.notice() == "notice.called");
    CHECK(c.notice_text() == "A001 dipanggil ke Loket 1.");
    CHECK(c.model.notice()->level == Notice::Level::success);
    // Today's figures are asked again after every action.
    CHECK(c.sent().request["type"] == "stats.counter");
}

TEST_CASE("a second key press while the first is on its way is not sent twice") {
    Console c({ticket(1, "A001", "A"), ticket(2, "A002", "A")});
    c.press(Key::f1);
    auto first = c.sent();
    c.press(Key::f1);
    CHECK(c.nothing_sent());
    CHECK(c.notice() == "notice.busy");
    c.model.on_reply(first.token, ok_reply({{"ticket", called_here(1, "A001")}}), c.now);
    c.model.take_outbox();
    c.press(Key::f1);
    CHECK(c.sent().request["type"] == "counter.call_next");
}

TEST_CASE("a request the client never answers does not lock the console") {
    Console c({ticket(1, "A001", "A")});
    c.press(Key::f1);
    c.sent();
    c.now += std::chrono::seconds(16);
    c.model.on_heartbeat({10, "e1"}, c.now);
    c.press(Key::f1);
    CHECK(c.sent().request["type"] == "counter.call_next");
}

TEST_CASE("F2, F3 and F4 act on the current patient") {
    Console c({called_here(1, "A001")}, called_here(1, "A001"));
    c.press(Key::f2);
    auto recall = c.sent();
    CHECK(recall.request == Json{{"type", "counter.recall"}, {"counter", "L1"}});
    c.model.on_reply(recall.token, ok_reply({{"ticket", called_here(1, "A001", 2)}}), c.now);
    CHECK(c.notice_text() == "A001 dipanggil ulang (panggilan ke-2).");
    c.model.take_outbox();

    c.press(Key::f3);
    auto skip = c.sent();
    CHECK(skip.request == Json{{"type", "counter.skip"}, {"counter", "L1"}});
    c.model.on_reply(skip.token, ok_reply({{"ticket", with(called_here(1, "A001"), TicketStatus::skipped, "L1")}}), c.now);
    CHECK(c.notice_text() == "A001 ditandai tidak hadir.");
    c.model.take_outbox();

    c.press(Key::f4);
    auto finish = c.sent();
    CHECK(finish.request == Json{{"type", "counter.finish"}, {"counter", "L1"}});
    c.model.on_reply(finish.token, ok_reply({{"ticket", with(called_here(1, "A001"), TicketStatus::done, "L1")}}), c.now);
    CHECK(c.notice_text() == "A001 selesai dilayani.");
}

TEST_CASE("recall, skip, finish and transfer without a current patient say so and send nothing") {
    Console c({ticket(1, "A001", "A")});
    for (Key key : {Key::f2, Key::f3, Key::f4, Key::f5}) {
        c.model.press(Key::escape, c.now);
        c.press(key);
        CHECK(c.nothing_sent());
        CHECK(c.notice() == "notice.no_current");
        CHECK(c.model.dialog() == CounterModel::Dialog::none);
    }
}

TEST_CASE("F5 asks where to transfer: arrows and Enter, or a digit; Esc cancels") {
    Console c({called_here(1, "A001")}, called_here(1, "A001"));
    c.press(Key::f5);
    CHECK(c.nothing_sent());
    REQUIRE(c.model.dialog() == CounterModel::Dialog::transfer);
    CHECK(c.model.transfer_targets() == std::vector<std::string>{"B", "P", "PA"});
    c.press(Key::down);
    c.press(Key::down);
    c.press(Key::down);  // stops at the last option
    CHECK(c.model.dialog_index() == 2);
    c.press(Key::up);
    c.press(Key::f1);  // no action while choosing
    CHECK(c.nothing_sent());
    c.press(Key::enter);
    auto out = c.sent();
    CHECK(out.request == Json{{"type", "counter.transfer"}, {"counter", "L1"}, {"to_service", "P"}});
    CHECK(c.model.dialog() == CounterModel::Dialog::none);
    c.model.on_reply(out.token, ok_reply({{"ticket", ticket(1, "A001", "P")}}), c.now);
    CHECK(c.notice_text() == "A001 dialihkan ke Prioritas.");
    c.model.take_outbox();

    c.event(event(11, EventKind::called, called_here(2, "A002"), "L1"));
    c.press(Key::f5);
    c.type("3");
    CHECK(c.sent().request["to_service"] == "PA");

    c.event(event(12, EventKind::called, called_here(3, "A003"), "L1"));
    c.press(Key::f5);
    c.press(Key::escape);
    CHECK(c.model.dialog() == CounterModel::Dialog::none);
    CHECK(c.nothing_sent());
}

TEST_CASE("F6 closes with a reason and opens again") {
    Console c;
    c.press(Key::f6);
    REQUIRE(c.model.dialog() == CounterModel::Dialog::close_reason);
    CHECK(c.nothing_sent());
    c.press(Key::enter);
    auto close = c.sent();
    CHECK(close.request == Json{{"type", "counter.close"}, {"counter", "L1"}, {"reason", "istirahat"}});
    c.model.on_reply(close.token, ok_reply(), c.now);
    CHECK(c.notice_text() == "Loket 1 ditutup: Istirahat.");
    c.model.take_outbox();
    auto closed = event(11, EventKind::counter_closed, std::nullopt, "L1");
    closed.reason = "istirahat";
    c.event(closed);
    CHECK_FALSE(c.model.counter_open());

    c.press(Key::f6);
    auto open = c.sent();
    CHECK(open.request == Json{{"type", "counter.open"}, {"counter", "L1"}});
    c.model.on_reply(open.token, ok_reply(), c.now);
    CHECK(c.notice_text() == "Loket 1 dibuka.");
    c.model.take_outbox();
    c.event(event(12, EventKind::counter_opened, std::nullopt, "L1"));
    CHECK(c.model.counter_open());
    CHECK_FALSE(c.model.close_reason());

    c.press(Key::f6);
    c.type("2");
    CHECK(c.sent().request["reason"] == "ishoma");
}

TEST_CASE("F7 calls the ticket chosen in the list; F8 requeues a no-show") {
    Console c({ticket(1, "A001", "A"), ticket(2, "A002", "A"), with(ticket(3, "A003", "A"), TicketStatus::skipped, "L1", 1)});
    c.press(Key::f7);
    CHECK(c.notice() == "notice.select_first");
    CHECK(c.nothing_sent());

    c.press(Key::down);  // A001
    c.press(Key::down);  // A002
    CHECK(c.model.selected() == 2);
    CHECK(c.model.take_scroll_request());
    c.press(Key::f8);
    CHECK(c.notice() == "notice.selected_not_skipped");
    CHECK(c.nothing_sent());
    c.press(Key::f7);
    auto call = c.sent();
    CHECK(call.request == Json{{"type", "counter.call"}, {"counter", "L1"}, {"ticket", 2}});
    c.model.on_reply(call.token, ok_reply({{"ticket", called_here(2, "A002")}}), c.now);
    CHECK(c.notice_text() == "A002 dipanggil ke Loket 1.");
    CHECK_FALSE(c.model.selected());
    c.model.take_outbox();

    c.press(Key::end);  // the no-show, after the waiting ones
    CHECK(c.model.selected() == 3);
    c.press(Key::f7);
    CHECK(c.notice() == "notice.selected_not_waiting");
    c.press(Key::f8);
    auto requeue = c.sent();
    CHECK(requeue.request == Json{{"type", "ticket.requeue"}, {"ticket", 3}});
    c.model.on_reply(requeue.token, ok_reply({{"ticket", ticket(3, "A003", "A")}}), c.now);
    CHECK(c.notice_text() == "A003 masuk antrean lagi, di urutan paling belakang.");
}

// ---- Replies: errors -------------------------------------------------------------------------

TEST_CASE("every error reply becomes a clear line in Bahasa Indonesia") {
    struct Case {
        Key key;
        ErrorCode code;
        std::string message;
        std::string notice;
    };
    const std::vector<Case> cases = {
        {Key::f1, ErrorCode::queue_empty, "no patient waiting", "notice.queue_empty"},
        {Key::f1, ErrorCode::internal, "not connected", "notice.not_sent"},
        {Key::f1, ErrorCode::internal, "timeout", "notice.timeout"},
        {Key::f1, ErrorCode::internal, "connection lost", "notice.connection_lost"},
        {Key::f1, ErrorCode::internal, "database is locked", "notice.server_error"},
        {Key::f1, ErrorCode::forbidden, "device loket-1 may act only on counter L1", "notice.forbidden"},
        {Key::f1, ErrorCode::unauthorized, "", "notice.unauthorized"},
        {Key::f1, ErrorCode::rate_limited, "", "notice.rate_limited"},
        {Key::f1, ErrorCode::not_found, "counter: no counter", "notice.not_found"},
        {Key::f1, ErrorCode::bad_request, "counter: expected string", "notice.server_error"},
        {Key::f2, ErrorCode::invalid_state, "counter L1 has no current ticket", "notice.no_current"},
        {Key::f4, ErrorCode::invalid_state, "counter L1 has no current ticket", "notice.no_current"},
    };
    for (const auto& kase : cases) {
        CAPTURE(kase.notice);
        Console c({called_here(1, "A001")}, called_here(1, "A001"));
        c.press(kase.key);
        auto out = c.sent();
        c.model.on_reply(out.token, error_reply(kase.code, kase.message), c.now);
        CHECK(c.notice() == kase.notice);
        CHECK(c.model.notice()->level == Notice::Level::error);
        CHECK_FALSE(c.model.busy());
        CHECK(c.nothing_sent());  // no figures after a failure
    }
    Console c({ticket(1, "A001", "A")});
    c.press(Key::f1);
    c.model.on_reply(c.sent().token, error_reply(ErrorCode::queue_empty, "no patient waiting for Loket 1"), c.now);
    CHECK(c.notice_text() == "Antrean kosong: tidak ada pasien menunggu untuk Loket 1.");
}

TEST_CASE("call_next on a closed counter says to open it") {
    Console c({ticket(1, "A001", "A")}, std::nullopt, false);
    c.press(Key::f1);
    c.model.on_reply(c.sent().token, error_reply(ErrorCode::invalid_state, "Loket 1 is closed"), c.now);
    CHECK(c.notice() == "notice.counter_closed");
}

TEST_CASE("a chosen ticket that another counter took first, and a requeue refused") {
    Console c({ticket(1, "A001", "A"), with(ticket(2, "A002", "A"), TicketStatus::skipped, "L1", 1)});
    c.press(Key::down);
    c.press(Key::f7);
    auto call = c.sent();
    c.model.on_reply(call.token, error_reply(ErrorCode::invalid_state, "ticket A001 is called, not waiting"), c.now);
    CHECK(c.notice_text() == "A001 tidak lagi menunggu (mungkin sudah dipanggil loket lain).");
    c.press(Key::end);
    c.press(Key::f8);
    auto requeue = c.sent();
    c.model.on_reply(requeue.token, error_reply(ErrorCode::invalid_state, "not skipped"), c.now);
    CHECK(c.notice() == "notice.cannot_requeue");
}

TEST_CASE("a failed figures request is asked again at the next action") {
    Console c({called_here(1, "A001")}, called_here(1, "A001"));
    c.event(event(11, EventKind::finished, with(called_here(1, "A001"), TicketStatus::done, "L1"), "L1"));
    auto stats = c.sent();
    CHECK(stats.request["type"] == "stats.counter");
    c.model.on_reply(stats.token, error_reply(ErrorCode::internal, "timeout"), c.now);
    CHECK(c.nothing_sent());
    CHECK(c.model.figures()->served == 3);  // the last figures stay
    c.press(Key::f1);
    auto call = c.sent();
    c.model.on_reply(call.token, ok_reply({{"ticket", called_here(2, "A002")}}), c.now);
    auto again = c.sent();
    CHECK(again.request["type"] == "stats.counter");
    c.model.on_reply(again.token, ok_reply({{"counter", "L1"}, {"served", 4}, {"skipped", 1}, {"avg_service_s", 190}}), c.now);
    CHECK(c.model.figures()->served == 4);
}

TEST_CASE("figures asked while a figures request is out are asked once more afterwards") {
    Console c({called_here(1, "A001")}, called_here(1, "A001"));
    c.event(event(11, EventKind::skipped, with(called_here(1, "A001"), TicketStatus::skipped, "L1"), "L1"));
    auto first = c.sent();
    c.event(event(12, EventKind::called, called_here(2, "A002"), "L1"));
    c.event(event(13, EventKind::finished, with(called_here(2, "A002"), TicketStatus::done, "L1"), "L1"));
    CHECK(c.nothing_sent());
    c.model.on_reply(first.token, ok_reply({{"served", 3}, {"skipped", 2}, {"avg_service_s", 200}}), c.now);
    CHECK(c.sent().request["type"] == "stats.counter");
}

// ---- Events -------------------------------------------------------------------------------------

TEST_CASE("events about this counter move its current patient") {
    Console c({ticket(1, "A001", "A"), ticket(2, "A002", "A")});
    c.event(event(11, EventKind::called, called_here(1, "A001"), "L1"));
    REQUIRE(c.model.current());
    CHECK(c.model.current()->number == "A001");
    CHECK(numbers(c.model.waiting_rows()) == std::vector<std::string>{"A002"});

    c.event(event(12, EventKind::recalled, called_here(1, "A001", 2), "L1"));
    CHECK(c.model.current()->calls == 2);

    c.event(event(13, EventKind::skipped, with(called_here(1, "A001"), TicketStatus::skipped, "L1"), "L1"));
    CHECK_FALSE(c.model.current());
    CHECK(numbers(c.model.skipped_rows()) == std::vector<std::string>{"A001"});
    CHECK(c.sent().request["type"] == "stats.counter");

    c.event(event(14, EventKind::called, called_here(2, "A002"), "L1"));
    c.event(event(15, EventKind::transferred, ticket(2, "A002", "PA"), "L1"));
    CHECK_FALSE(c.model.current());
    CHECK(c.model.waiting_rows().empty());

    c.event(event(16, EventKind::requeued, ticket(1, "A001", "A")));
    c.event(event(17, EventKind::called, called_here(1, "A001", 2), "L1"));
    c.event(event(18, EventKind::cancelled, with(called_here(1, "A001"), TicketStatus::cancelled, "L1"), "L1"));
    CHECK_FALSE(c.model.current());
}

TEST_CASE("other counters' calls change the list but not this counter's patient") {
    Console c({ticket(1, "A001", "A"), ticket(2, "A002", "A")}, called_here(9, "A009"));
    c.event(event(11, EventKind::called, with(ticket(1, "A001", "A"), TicketStatus::called, "L2", 1), "L2"));
    CHECK(c.model.current()->number == "A009");
    CHECK(numbers(c.model.waiting_rows()) == std::vector<std::string>{"A002"});
    auto closed = event(12, EventKind::counter_closed, std::nullopt, "L2");
    closed.reason = "rapat";
    c.event(closed);
    CHECK(c.model.counter_open());
    c.event(event(13, EventKind::finished, with(ticket(1, "A001", "A"), TicketStatus::done, "L2"), "L2"));
    CHECK(c.nothing_sent());  // another counter's figures are not ours
}

TEST_CASE("issued tickets appear live; an event already in the snapshot is ignored") {
    Console c({ticket(1, "A001", "A")});
    c.event(event(10, EventKind::issued, ticket(5, "A005", "A")));  // seq of the snapshot itself
    CHECK(numbers(c.model.waiting_rows()) == std::vector<std::string>{"A001"});
    c.event(event(11, EventKind::issued, ticket(2, "A002", "A")));
    c.event(event(12, EventKind::issued, ticket(3, "B001", "B")));
    c.event(event(13, EventKind::issued, ticket(4, "P001", "P", TicketStatus::waiting, true)));
    CHECK(numbers(c.model.waiting_rows()) == std::vector<std::string>{"P001", "A001", "A002"});
    CHECK(c.model.last_seq() == 13);
    auto note = event(14, EventKind::announcement);
    note.text = "Pengumuman";
    c.event(note);
    CHECK(c.model.waiting_rows().size() == 3);
}

TEST_CASE("the day rollover clears the patient, the lists and the figures") {
    Console c({ticket(1, "A001", "A"), with(ticket(2, "A002", "A"), TicketStatus::skipped)}, called_here(3, "A003"));
    auto rollover = event(11, EventKind::day_rollover);
    rollover.service_day = "2026-11-23";
    c.event(rollover);
    CHECK(c.model.service_day() == "2026-11-23");
    CHECK_FALSE(c.model.current());
    CHECK(c.model.waiting_rows().empty());
    CHECK(c.model.skipped_rows().empty());
    CHECK(c.model.figures()->served == 0);
    CHECK(c.sent().request["type"] == "stats.counter");
}

// ---- Selection -----------------------------------------------------------------------------------

TEST_CASE("arrows move through waiting then no-show tickets and stop at the ends") {
    Console c({ticket(1, "A001", "A"), ticket(2, "A002", "A"), with(ticket(3, "A003", "A"), TicketStatus::skipped)});
    c.press(Key::up);
    CHECK(c.model.selected() == 1);
    c.press(Key::down);
    c.press(Key::down);
    c.press(Key::down);
    CHECK(c.model.selected() == 3);
    c.press(Key::page_up);
    CHECK(c.model.selected() == 1);
    c.press(Key::page_down);
    CHECK(c.model.selected() == 3);
    c.press(Key::home);
    CHECK(c.model.selected() == 1);
    c.press(Key::escape);
    CHECK_FALSE(c.model.selected());
    c.model.select(2);
    CHECK(c.model.selected() == 2);
    c.model.select(99);  // not in the list: unchanged
    CHECK(c.model.selected() == 2);
}

TEST_CASE("a selected ticket called by another counter is unselected, never replaced by its neighbour") {
    Console c({ticket(1, "A001", "A"), ticket(2, "A002", "A"), ticket(3, "A003", "A")});
    c.press(Key::down);
    c.press(Key::down);
    CHECK(c.model.selected() == 2);
    c.event(event(11, EventKind::called, with(ticket(2, "A002", "A"), TicketStatus::called, "L2", 1), "L2"));
    CHECK_FALSE(c.model.selected());
    c.press(Key::f7);
    CHECK(c.notice() == "notice.select_first");
    CHECK(c.nothing_sent());
    c.press(Key::down);  // picks up near where the clerk was
    CHECK(c.model.selected() == 3);
}

// ---- Scanner and typed numbers --------------------------------------------------------------------

TEST_CASE("scanning a ticket's QR code selects it; F7 then calls it") {
    Console c({ticket(1, "A001", "A"), ticket(12, "A012", "A")});
    c.scan("ANOMAN:2026-11-22:A012:12");
    CHECK(c.model.selected() == 12);
    CHECK(c.model.take_scroll_request());
    CHECK(c.notice_text() == "A012 dipilih. Tekan F7 untuk memanggilnya sekarang.");
    CHECK(c.model.scan_text().empty());
    CHECK(c.nothing_sent());
    c.press(Key::f7);
    CHECK(c.sent().request == Json{{"type", "counter.call"}, {"counter", "L1"}, {"ticket", 12}});
}

TEST_CASE("what a scanner types never triggers an action") {
    // Prefixes B, F, R, S, T... are letters a single-letter shortcut would have used.
    Console c({ticket(1, "A001", "A")}, called_here(2, "A002"));
    c.type("ANOMAN:2026-11-22:BRSFT-012:7 rsftb 123\t");
    CHECK(c.nothing_sent());
    CHECK(c.model.dialog() == CounterModel::Dialog::none);
    CHECK(c.model.scan_text() == "ANOMAN:2026-11-22:BRSFT-012:7 rsftb 123");
    c.press(Key::backspace);
    CHECK(c.model.scan_text() == "ANOMAN:2026-11-22:BRSFT-012:7 rsftb 12");
    c.press(Key::escape);
    CHECK(c.model.scan_text().empty());
    c.press(Key::enter);  // an empty field does nothing
    CHECK(c.nothing_sent());
}

TEST_CASE("a skipped patient who came back is found by scan and requeued with F8") {
    Console c({ticket(1, "A001", "A"), with(ticket(5, "A005", "A"), TicketStatus::skipped, "L2", 1)});
    c.scan("a5");
    CHECK(c.model.selected() == 5);
    CHECK(c.notice() == "notice.selected_skipped");
    c.press(Key::f8);
    CHECK(c.sent().request == Json{{"type", "ticket.requeue"}, {"ticket", 5}});
}

TEST_CASE("scans of tickets this counter cannot take say why") {
    Console c({ticket(1, "B001", "B"), with(ticket(2, "A002", "A"), TicketStatus::called, "L2", 1),
               called_here(3, "A003")},
              called_here(3, "A003"));
    c.scan("B001");
    CHECK(c.notice_text() == "B001 untuk Pendaftaran Umum: bukan layanan loket ini.");
    c.scan("A002");
    CHECK(c.notice_text() == "A002 sedang dipanggil di Loket 2.");
    c.scan("A003");
    CHECK(c.notice() == "notice.scan_is_current");
    c.scan("ANOMAN:2026-11-21:A002:2");
    CHECK(c.notice_text() == "Tiket A002 untuk tanggal 2026-11-21, bukan hari ini.");
    c.scan("hello world");
    CHECK(c.notice() == "notice.scan_unknown");
    CHECK_FALSE(c.model.selected());
    CHECK(c.nothing_sent());
}

TEST_CASE("a scanned ticket that is not live today is looked up on the server") {
    Console c({ticket(1, "A001", "A")});
    c.scan("ANOMAN:2026-11-22:A007:7");
    auto get = c.sent();
    CHECK(get.request == Json{{"type", "ticket.get"}, {"ticket", 7}});
    CHECK_FALSE(c.model.busy());  // a look-up does not hold the action keys
    c.model.on_reply(get.token, ok_reply({{"ticket", with(ticket(7, "A007", "A"), TicketStatus::done, "L2", 1)}}), c.now);
    CHECK(c.notice_text() == "A007 sudah selesai dilayani (Loket 2).");

    c.scan("A008");
    auto by_number = c.sent();
    CHECK(by_number.request == Json{{"type", "ticket.get"}, {"number", "A008"}});
    c.model.on_reply(by_number.token, ok_reply({{"ticket", with(ticket(8, "A008", "A"), TicketStatus::cancelled)}}), c.now);
    CHECK(c.notice() == "notice.scan_cancelled");

    c.scan("A999");
    c.model.on_reply(c.sent().token, error_reply(ErrorCode::not_found, "number: no ticket A999"), c.now);
    CHECK(c.notice_text() == "Tiket A999 tidak ada di antrean hari ini.");

    c.model.on_link(LinkState::connecting, "", c.now);
    c.scan("A998");
    CHECK(c.nothing_sent());
    CHECK(c.notice() == "notice.scan_not_found");
}

TEST_CASE("a ticket scanned while a choice is open drops the choice; its digits never pick an option") {
    Console c({ticket(1, "A001", "A")}, called_here(2, "A002"));
    c.press(Key::f5);
    c.scan("ANOMAN:2026-11-22:A001:1");
    CHECK(c.model.dialog() == CounterModel::Dialog::none);
    CHECK(c.model.selected() == 1);
    CHECK(c.nothing_sent());
    c.press(Key::f6);
    c.scan("A001");
    CHECK(c.model.dialog() == CounterModel::Dialog::none);
    CHECK(c.nothing_sent());
}

TEST_CASE("digits choose in a dialog; F12 switches the language") {
    Console c;
    c.press(Key::f6);
    c.type("9");  // no ninth reason: nothing
    CHECK(c.model.dialog() == CounterModel::Dialog::close_reason);
    c.type("3");
    CHECK(c.sent().request["reason"] == "rapat");
    CHECK_FALSE(c.model.english());
    c.press(Key::f12);
    CHECK(c.model.english());
}

TEST_CASE("Escape undoes one thing at a time: scan text, selection, notice") {
    Console c({ticket(1, "A001", "A")});
    c.press(Key::f7);
    c.press(Key::down);
    c.type("A0");
    c.press(Key::escape);
    CHECK(c.model.scan_text().empty());
    CHECK(c.model.selected());
    c.press(Key::escape);
    CHECK_FALSE(c.model.selected());
    CHECK(c.model.notice());
    c.press(Key::escape);
    CHECK_FALSE(c.model.notice());
}

TEST_CASE("figures are asked again when a no-show of this counter is requeued or cancelled elsewhere") {
    Console c({with(ticket(1, "A001", "A"), TicketStatus::skipped, "L1", 1), with(ticket(2, "A002", "A"), TicketStatus::skipped, "L2", 1)});
    c.event(event(11, EventKind::requeued, ticket(2, "A002", "A")));  // Loket 2's no-show: not ours
    CHECK(c.nothing_sent());
    c.event(event(12, EventKind::requeued, ticket(1, "A001", "A")));
    CHECK(c.sent().request["type"] == "stats.counter");
}

TEST_CASE("a scanned page address (web door) asks the server which ticket it is, then selects it") {
    Console c({ticket(1, "A001", "A"), ticket(4, "A004", "A")});
    c.scan("http://antrian.rsud.local:8080/t/Zq3x-7_Kd0aBcDeFgHiJkL");
    auto get = c.sent();
    CHECK(get.request == Json{{"type", "ticket.get"}, {"code", "Zq3x-7_Kd0aBcDeFgHiJkL"}});
    c.model.on_reply(get.token, ok_reply({{"ticket", ticket(4, "A004", "A")}}), c.now);
    CHECK(c.model.selected() == 4);
    CHECK(c.notice() == "notice.selected_waiting");

    c.scan("http://antrian.rsud.local:8080/t/AAAAAAAAAAAAAAAAAAAAAA");
    c.model.on_reply(c.sent().token, error_reply(ErrorCode::not_found, "code: no ticket with this code"), c.now);
    CHECK(c.notice() == "notice.scan_not_found");

    // A long hospital address is read whole.
    c.scan("https://antrian.rsudngudiwaluyo.jatimprov.go.id/t/Zq3x-7_Kd0aBcDeFgHiJkL");
    CHECK(c.sent().request == Json{{"type", "ticket.get"}, {"code", "Zq3x-7_Kd0aBcDeFgHiJkL"}});

    c.model.on_link(LinkState::connecting, "", c.now);
    c.scan("http://antrian.rsud.local:8080/t/Zq3x-7_Kd0aBcDeFgHiJkL");
    CHECK(c.nothing_sent());
    CHECK(c.notice() == "notice.scan_not_found");
}
