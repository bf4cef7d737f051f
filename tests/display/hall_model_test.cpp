// The hall model: snapshot, every event kind, gaps, epoch changes, heartbeat
// silence, the counter filter, the highlight and the running text.
#include <doctest/doctest.h>

#include "hall_fixtures.hpp"

using namespace anoman;
using namespace anoman::display;
using namespace anoman::display::testing;
using proto::EventKind;
using proto::TicketStatus;

TEST_CASE("a snapshot builds the hall, shown only once online") {
    HallModel model;
    CHECK_FALSE(model.live(kT0));
    CHECK(model.status(kT0) == HallStatus::connecting);

    model.welcome(welcome(), kT0);
    model.link_changed(LinkState::online, "connected", kT0);
    CHECK(model.status(kT0) == HallStatus::syncing);  // online but no snapshot yet: no numbers

    CHECK(model.snapshot(hall_snapshot(), kT0).empty());  // the first snapshot announces nothing
    CHECK(model.live(kT0));
    CHECK(model.hospital_name() == "RSUD Ngudi Waluyo Wlingi");
    CHECK(model.timezone() == "Asia/Jakarta");
    CHECK(model.service_day() == "2026-11-23");
    REQUIRE(model.tiles().size() == 3);
    CHECK(model.tiles()[0].id == "L1");
    CHECK(model.tiles()[0].current->number == "A007");
    CHECK_FALSE(model.tiles()[1].current);
    CHECK(model.tiles()[2].name == "Ruang Poli 1");
    CHECK(waiting(model, "A") == 3);
    CHECK(waiting(model, "B") == 1);
    REQUIRE(model.recent().size() == 2);
    CHECK(model.recent()[0].number == "A007");
    CHECK(model.recent()[0].counter_name == "Loket 1");
    CHECK(model.recent()[1].number == "A006");
    CHECK(model.last_seq() == 10);
    CHECK(model.epoch() == "e1");

    auto highlight = model.highlight(kT0);
    REQUIRE(highlight);
    CHECK(highlight->ticket_id == 7);
    CHECK_FALSE(highlight->blinking);  // a call from before we connected: steady
}

TEST_CASE("called: the tile shows it, the queue shrinks, it is the newest call and is announced") {
    auto model = live_model();
    auto call = model.event(call_event(11, 8, "A008", "A", "L2"), kT0 + 1s);
    REQUIRE(call);
    CHECK(call->number == "A008");
    CHECK(call->counter_id == "L2");
    CHECK(call->counter_name == "Loket 2");
    CHECK_FALSE(call->recall);
    CHECK(tile(model, "L2").current->number == "A008");
    CHECK(waiting(model, "A") == 2);
    CHECK(model.recent().front().number == "A008");
    auto highlight = model.highlight(kT0 + 1s);
    REQUIRE(highlight);
    CHECK(highlight->counter_id == "L2");
    CHECK(highlight->blinking);
    CHECK(highlight->lit);
}

TEST_CASE("recalled: announced again, moves to the top once, the queue does not change") {
    auto model = live_model();
    auto call = model.event(call_event(11, 6, "A006", "A", "L2", true), kT0);
    REQUIRE(call);
    CHECK(call->recall);
    CHECK(tile(model, "L2").current->number == "A006");
    CHECK(waiting(model, "A") == 3);
    REQUIRE(model.recent().size() == 2);  // not listed twice
    CHECK(model.recent()[0].number == "A006");
    CHECK(model.recent()[0].recall);
    CHECK(model.recent()[1].number == "A007");
}

TEST_CASE("issued, requeued, transferred, skipped, finished") {
    auto model = live_model();
    CHECK_FALSE(model.event(event(11, EventKind::issued, ticket(20, "B002", "B")), kT0));
    CHECK(waiting(model, "B") == 2);

    CHECK_FALSE(model.event(event(12, EventKind::requeued, ticket(5, "A005", "A")), kT0));
    CHECK(waiting(model, "A") == 4);

    SUBCASE("finished clears the counter") {
        model.event(event(13, EventKind::finished, ticket(7, "A007", "A", TicketStatus::done, "L1"), "L1"), kT0);
        CHECK_FALSE(tile(model, "L1").current);
    }
    SUBCASE("skipped clears the counter") {
        model.event(event(13, EventKind::skipped, ticket(7, "A007", "A", TicketStatus::skipped, "L1"), "L1"), kT0);
        CHECK_FALSE(tile(model, "L1").current);
        CHECK(waiting(model, "A") == 4);
    }
    SUBCASE("transferred clears the counter and joins the other queue") {
        auto moved = ticket(7, "A007", "PU", TicketStatus::waiting);
        auto transfer = event(13, EventKind::transferred, moved, "L1");
        transfer.from_service = "A";
        model.event(transfer, kT0);
        CHECK_FALSE(tile(model, "L1").current);
        CHECK(waiting(model, "PU") == 1);
        CHECK(waiting(model, "A") == 4);
    }
    CHECK(model.live(kT0));
    CHECK(model.last_seq() == 13);
}

TEST_CASE("cancelled: a waiting ticket leaves its queue; a called one leaves its counter") {
    auto model = live_model();
    auto waiting_ticket = ticket(3, "A003", "A", TicketStatus::cancelled);
    model.event(event(11, EventKind::cancelled, waiting_ticket), kT0);
    CHECK(waiting(model, "A") == 2);

    auto current = ticket(7, "A007", "A", TicketStatus::cancelled, "L1");
    current.called_at = "2026-11-23T08:10:00+07:00";
    model.event(event(12, EventKind::cancelled, current), kT0);
    CHECK_FALSE(tile(model, "L1").current);
    CHECK(waiting(model, "A") == 2);
}

TEST_CASE("was_waiting_when_cancelled reads the ticket's own times") {
    auto t = ticket(1, "A001", "A", TicketStatus::cancelled);
    CHECK(was_waiting_when_cancelled(t));  // never called
    t.called_at = "2026-11-23T08:10:00+07:00";
    t.queued_at = "2026-11-23T08:00:00+07:00";
    CHECK_FALSE(was_waiting_when_cancelled(t));  // called (then skipped or at a counter)
    t.queued_at = "2026-11-23T08:20:00+07:00";
    CHECK(was_waiting_when_cancelled(t));  // requeued or transferred after its call
}

TEST_CASE("counters close with a reason and open again") {
    auto model = live_model();
    auto closed = event(11, EventKind::counter_closed, std::nullopt, "L2");
    closed.reason = "istirahat";
    model.event(closed, kT0);
    CHECK_FALSE(tile(model, "L2").open);
    CHECK(tile(model, "L2").reason == "istirahat");
    model.event(event(12, EventKind::counter_opened, std::nullopt, "L2"), kT0);
    CHECK(tile(model, "L2").open);
    CHECK_FALSE(tile(model, "L2").reason);
}

TEST_CASE("an announcement runs as the ticker for five minutes") {
    auto model = live_model();
    CHECK_FALSE(model.ticker(kT0));
    auto announcement = event(11, EventKind::announcement);
    announcement.text = "Poli Gigi tutup hari ini";
    model.event(announcement, kT0);
    model.heartbeat(heartbeat(11), kT0 + 8s);
    auto ticker = model.ticker(kT0 + 10s);
    REQUIRE(ticker);
    CHECK(ticker->text == "Poli Gigi tutup hari ini");
    CHECK(ticker->elapsed_s == doctest::Approx(10.0));
    CHECK(model.seconds_until_change(kT0 + 10s) <= HallModel::kTickerFrameSeconds);  // it scrolls
    CHECK_FALSE(model.ticker(kT0 + HallModel::kTickerShownFor));
}

TEST_CASE("day_rollover empties every counter, queue and the last calls") {
    auto model = live_model();
    auto rollover = event(11, EventKind::day_rollover);
    rollover.service_day = "2026-11-24";
    model.event(rollover, kT0);
    CHECK(model.service_day() == "2026-11-24");
    for (const auto& t : model.tiles()) CHECK_FALSE(t.current);
    for (const auto& s : model.services()) CHECK(s.waiting == 0);
    CHECK(model.recent().empty());
    CHECK_FALSE(model.highlight(kT0));
    CHECK(model.live(kT0));
}

TEST_CASE("events already in the snapshot are ignored") {
    auto model = live_model();
    CHECK_FALSE(model.event(call_event(9, 7, "A007", "A", "L1"), kT0));
    CHECK_FALSE(model.event(call_event(10, 7, "A007", "A", "L1"), kT0));
    CHECK(model.live(kT0));
    CHECK(model.last_seq() == 10);
    CHECK(waiting(model, "A") == 3);
}

TEST_CASE("a seq gap hides the hall until a new snapshot; calls missed meanwhile are announced in order") {
    auto model = live_model();
    CHECK_FALSE(model.event(call_event(13, 9, "A009", "A", "L2"), kT0 + 1s));  // 11 and 12 missing
    CHECK_FALSE(model.live(kT0 + 1s));
    CHECK(model.status(kT0 + 1s) == HallStatus::syncing);
    // Events after the gap are not applied piecemeal either.
    CHECK_FALSE(model.event(event(14, EventKind::issued, ticket(30, "B005", "B")), kT0 + 1s));
    CHECK(waiting(model, "B") == 1);

    auto fresh = hall_snapshot(14);
    fresh.recent = {call_event(13, 9, "A009", "A", "L2"), call_event(12, 8, "B001", "B", "L2"),
                    call_event(11, 6, "A006", "A", "L1", true), call_event(9, 7, "A007", "A", "L1")};
    fresh.counters[1].current = ticket(9, "A009", "A", TicketStatus::called, "L2");
    auto missed = model.snapshot(fresh, kT0 + 2s);
    CHECK(model.live(kT0 + 2s));
    REQUIRE(missed.size() == 3);
    CHECK(missed[0].number == "A006");  // oldest first, as they happened
    CHECK(missed[0].recall);
    CHECK(missed[1].number == "B001");
    CHECK(missed[2].number == "A009");
    CHECK(model.recent().front().number == "A009");
    CHECK(tile(model, "L2").current->number == "A009");
}

TEST_CASE("after a long outage, missed calls are shown but not announced") {
    auto model = live_model();
    model.link_changed(LinkState::connecting, "connection lost", kT0);
    CHECK(model.status(kT0) == HallStatus::connecting);
    auto later = kT0 + HallModel::kReplayMissedCallsWithin + 1s;
    model.welcome(welcome(), later);
    auto fresh = hall_snapshot(12);
    fresh.recent.insert(fresh.recent.begin(), call_event(12, 9, "A009", "A", "L2"));
    CHECK(model.snapshot(fresh, later).empty());
    model.link_changed(LinkState::online, "connected", later);
    CHECK(model.live(later));
    CHECK(model.recent().front().number == "A009");
}

TEST_CASE("a reconnect rebuilds the hall from the snapshot") {
    auto model = live_model();
    model.link_changed(LinkState::connecting, "connection lost", kT0 + 1s);
    CHECK_FALSE(model.live(kT0 + 1s));
    model.welcome(welcome("e2", 15), kT0 + 3s);
    model.link_changed(LinkState::online, "connected", kT0 + 3s);
    CHECK(model.status(kT0 + 3s) == HallStatus::syncing);
    auto fresh = hall_snapshot(15, "e2");
    fresh.counters[0].current.reset();  // Loket 1 finished while we were away
    fresh.services[0].waiting = 9;
    model.snapshot(fresh, kT0 + 3s);
    CHECK(model.live(kT0 + 3s));
    CHECK(model.epoch() == "e2");
    CHECK_FALSE(tile(model, "L1").current);
    CHECK(waiting(model, "A") == 9);
}

TEST_CASE("an epoch change or a seq ahead in a heartbeat means events were missed") {
    SUBCASE("epoch") {
        auto model = live_model();
        model.heartbeat(heartbeat(10, "e2"), kT0 + 1s);
        CHECK(model.status(kT0 + 1s) == HallStatus::syncing);
    }
    SUBCASE("seq") {
        auto model = live_model();
        model.heartbeat(heartbeat(12), kT0 + 1s);
        CHECK(model.status(kT0 + 1s) == HallStatus::syncing);
    }
    SUBCASE("a welcome of a new connection waits for its snapshot") {
        auto model = live_model();
        model.welcome(welcome("e2"), kT0 + 1s);
        CHECK_FALSE(model.live(kT0 + 1s));
    }
}

TEST_CASE("silence: offline 6 s after the last word from the server; heartbeats keep it live") {
    auto model = live_model();
    CHECK(model.live(kT0 + 5900ms));
    CHECK(model.status(kT0 + 6s) == HallStatus::silent);
    CHECK(model.seconds_until_change(kT0 + 1s) <= 5.1);  // the frame loop wakes to show it on time
    CHECK(model.seconds_until_change(kT0 + 1s) > 4.9);

    const auto revision = model.revision();
    model.heartbeat(heartbeat(10), kT0 + 2s);
    CHECK(model.revision() == revision);  // nothing to redraw
    model.heartbeat(heartbeat(10), kT0 + 4s);
    CHECK(model.live(kT0 + 9s));
    CHECK_FALSE(model.live(kT0 + 10s));
    model.heartbeat(heartbeat(10), kT0 + 11s);  // heard again on the same connection
    CHECK(model.live(kT0 + 11s));
}

TEST_CASE("a refused device is told apart from a missing server") {
    HallModel model;
    model.link_changed(LinkState::refused, "unauthorized: unknown device", kT0);
    CHECK(model.status(kT0) == HallStatus::refused);
    CHECK(model.link_detail() == "unauthorized: unknown device");
}

TEST_CASE("the newest call blinks for a moment, then stays highlighted") {
    auto model = live_model();
    model.event(call_event(11, 8, "A008", "A", "L2"), kT0);
    CHECK(model.highlight(kT0)->lit);
    CHECK_FALSE(model.highlight(kT0 + 450ms)->lit);
    CHECK(model.highlight(kT0 + 850ms)->lit);
    CHECK(model.seconds_until_change(kT0 + 100ms) == doctest::Approx(0.3));
    const auto steady = kT0 + HallModel::kBlinkHalfPeriod * HallModel::kBlinkHalfPeriods;
    CHECK_FALSE(model.highlight(steady)->blinking);
    CHECK(model.highlight(steady)->lit);
    CHECK(model.seconds_until_change(steady) > 2.0);  // idle again: only the silence deadline
}

TEST_CASE("the last calls keep the ten newest") {
    auto model = live_model();
    for (int i = 0; i < 15; ++i)
        model.event(call_event(11 + i, 100 + i, "B" + std::to_string(100 + i), "B", "L2"), kT0);
    REQUIRE(model.recent().size() == HallModel::kRecentLimit);
    CHECK(model.recent().front().number == "B114");
    CHECK(model.recent().back().number == "B105");
}

TEST_CASE("a counter subset: its tiles in its order, its services, its calls only") {
    auto model = live_model({"R1", "L2", "X9"});
    REQUIRE(model.tiles().size() == 2);
    CHECK(model.tiles()[0].id == "R1");
    CHECK(model.tiles()[1].id == "L2");
    REQUIRE(model.unknown_counters().size() == 1);
    CHECK(model.unknown_counters()[0] == "X9");
    REQUIRE(model.services().size() == 3);  // L2 serves A and B, R1 serves PU
    REQUIRE(model.recent().size() == 1);    // A007 at Loket 1 is not ours
    CHECK(model.recent()[0].number == "A006");

    CHECK_FALSE(model.event(call_event(11, 8, "A008", "A", "L1"), kT0));  // another TV speaks this one
    CHECK(waiting(model, "A") == 2);                                         // but the queue did shrink
    CHECK(model.recent().front().number == "A006");
    auto ours = model.event(call_event(12, 9, "U001", "PU", "R1"), kT0);
    REQUIRE(ours);
    CHECK(ours->counter_name == "Ruang Poli 1");

    auto only_l1 = live_model({"L1"});
    REQUIRE(only_l1.services().size() == 1);
    CHECK(only_l1.services()[0].code == "A");
}
