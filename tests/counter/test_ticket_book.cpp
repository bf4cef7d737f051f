// The live ticket list: the order call_next will take, kept from events.
#include <doctest/doctest.h>

#include "anoman/counter/ticket_book.hpp"
#include "model_fixtures.hpp"

using namespace anoman::counter;
using namespace counter_test;

namespace {

std::vector<std::string> numbers(const std::vector<const Ticket*>& tickets) {
    std::vector<std::string> out;
    for (const auto* t : tickets) out.push_back(t->number);
    return out;
}

const std::vector<std::string> kL1 = {"A", "P"};

}  // namespace

TEST_CASE("a snapshot's order is kept, priority tickets first, other services left out of the view") {
    TicketBook book;
    book.reset({ticket(5, "P001", "P", TicketStatus::waiting, true), ticket(1, "A001", "A"), ticket(2, "B001", "B"),
                ticket(3, "A002", "A"), ticket(4, "A003", "A", TicketStatus::called, false, "L2", 1)});
    CHECK(numbers(book.waiting(kL1)) == std::vector<std::string>{"P001", "A001", "A002"});
    CHECK(numbers(book.waiting({"B"})) == std::vector<std::string>{"B001"});
    CHECK(book.size() == 5);
    CHECK(book.find_number("A003")->status == TicketStatus::called);
}

TEST_CASE("issued tickets join the back; a priority ticket goes before every ordinary one") {
    TicketBook book;
    book.reset({ticket(1, "A001", "A")});
    book.apply(event(11, EventKind::issued, ticket(2, "A002", "A")));
    book.apply(event(12, EventKind::issued, ticket(3, "P001", "P", TicketStatus::waiting, true)));
    book.apply(event(13, EventKind::issued, ticket(4, "A003", "A", TicketStatus::waiting, true)));  // asked for priority
    CHECK(numbers(book.waiting(kL1)) == std::vector<std::string>{"P001", "A003", "A001", "A002"});
}

TEST_CASE("called tickets leave the waiting list; finished and cancelled ones leave the book") {
    TicketBook book;
    book.reset({ticket(1, "A001", "A"), ticket(2, "A002", "A")});
    book.apply(event(11, EventKind::called, with(ticket(1, "A001", "A"), TicketStatus::called, "L1", 1), "L1"));
    CHECK(numbers(book.waiting(kL1)) == std::vector<std::string>{"A002"});
    CHECK(book.find(1)->status == TicketStatus::called);
    book.apply(event(12, EventKind::finished, with(ticket(1, "A001", "A"), TicketStatus::done, "L1", 1), "L1"));
    CHECK(book.find(1) == nullptr);
    book.apply(event(13, EventKind::cancelled, with(ticket(2, "A002", "A"), TicketStatus::cancelled)));
    CHECK(book.size() == 0);
}

TEST_CASE("a transfer puts the ticket at the back of its new service; a requeue at the back of its own") {
    TicketBook book;
    book.reset({ticket(1, "A001", "A"), ticket(2, "A002", "A"), ticket(3, "B001", "B")});
    book.apply(event(11, EventKind::called, with(ticket(3, "B001", "B"), TicketStatus::called, "L3", 1), "L3"));
    book.apply(event(12, EventKind::transferred, ticket(3, "B001", "A"), "L3"));
    CHECK(numbers(book.waiting(kL1)) == std::vector<std::string>{"A001", "A002", "B001"});
    CHECK(numbers(book.waiting({"B"})).empty());

    book.apply(event(13, EventKind::called, with(ticket(1, "A001", "A"), TicketStatus::called, "L1", 1), "L1"));
    book.apply(event(14, EventKind::skipped, with(ticket(1, "A001", "A"), TicketStatus::skipped, "L1", 1), "L1"));
    CHECK(numbers(book.skipped(kL1)) == std::vector<std::string>{"A001"});
    book.apply(event(15, EventKind::issued, ticket(4, "A003", "A")));
    book.apply(event(16, EventKind::requeued, ticket(1, "A001", "A")));
    CHECK(numbers(book.waiting(kL1)) == std::vector<std::string>{"A002", "B001", "A003", "A001"});
    CHECK(book.skipped(kL1).empty());
}

TEST_CASE("skipped tickets are listed newest first") {
    TicketBook book;
    auto old_skip = with(ticket(1, "A001", "A"), TicketStatus::skipped, "L1", 1);
    old_skip.finished_at = kDay + "T08:01:00+07:00";
    auto new_skip = with(ticket(2, "A002", "A"), TicketStatus::skipped, "L1", 1);
    new_skip.finished_at = kDay + "T08:30:00+07:00";
    book.reset({new_skip, old_skip});
    CHECK(numbers(book.skipped(kL1)) == std::vector<std::string>{"A002", "A001"});
    book.apply(event(11, EventKind::skipped, with(ticket(3, "A003", "A"), TicketStatus::skipped, "L2", 1), "L2"));
    CHECK(numbers(book.skipped(kL1)) == std::vector<std::string>{"A003", "A002", "A001"});
}

TEST_CASE("the day rollover empties the book; events without tickets change nothing") {
    TicketBook book;
    book.reset({ticket(1, "A001", "A"), with(ticket(2, "A002", "A"), TicketStatus::skipped)});
    book.apply(event(11, EventKind::counter_closed, std::nullopt, "L1"));
    book.apply(event(12, EventKind::announcement));
    CHECK(book.size() == 2);
    auto rollover = event(13, EventKind::day_rollover);
    rollover.service_day = "2026-11-23";
    book.apply(rollover);
    CHECK(book.size() == 0);
}

TEST_CASE("an event about a ticket the book never saw adds it") {
    TicketBook book;
    book.reset({});
    book.apply(event(11, EventKind::recalled, with(ticket(9, "A009", "A"), TicketStatus::called, "L2", 2), "L2"));
    REQUIRE(book.find(9));
    CHECK(book.find(9)->calls == 2);
}
