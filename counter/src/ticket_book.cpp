#include "anoman/counter/ticket_book.hpp"

#include <algorithm>

namespace anoman::counter {

using proto::EventKind;
using proto::TicketStatus;

bool serves(const std::vector<std::string>& services, const std::string& service) {
    return std::find(services.begin(), services.end(), service) != services.end();
}

namespace {

bool is_live(TicketStatus status) {
    return status == TicketStatus::waiting || status == TicketStatus::called || status == TicketStatus::skipped;
}

}  // namespace

void TicketBook::clear() {
    entries_.clear();
}

void TicketBook::reset(const std::vector<proto::Ticket>& tickets) {
    entries_.clear();
    // The snapshot lists tickets in the server's queue order; skipped ones
    // carry finished_at (the moment they were skipped), oldest first after sorting.
    std::vector<const proto::Ticket*> skipped;
    for (const auto& ticket : tickets) {
        if (!is_live(ticket.status)) continue;
        Entry entry{ticket, next_order_++, 0};
        entries_[ticket.id] = entry;
        if (ticket.status == TicketStatus::skipped) skipped.push_back(&ticket);
    }
    std::stable_sort(skipped.begin(), skipped.end(), [](const proto::Ticket* a, const proto::Ticket* b) {
        const std::string& at = a->finished_at ? *a->finished_at : a->issued_at;
        const std::string& bt = b->finished_at ? *b->finished_at : b->issued_at;
        return at != bt ? at < bt : a->id < b->id;
    });
    for (const auto* ticket : skipped) entries_[ticket->id].skip_order = next_order_++;
}

void TicketBook::upsert(const proto::Ticket& ticket, bool entered_queue, bool was_skipped) {
    if (!is_live(ticket.status)) {
        entries_.erase(ticket.id);
        return;
    }
    auto it = entries_.find(ticket.id);
    if (it == entries_.end()) {
        it = entries_.emplace(ticket.id, Entry{ticket, next_order_++, 0}).first;
    } else {
        it->second.ticket = ticket;
        if (entered_queue) it->second.queue_order = next_order_++;
    }
    if (was_skipped) it->second.skip_order = next_order_++;
}

void TicketBook::apply(const proto::Event& event) {
    if (event.kind == EventKind::day_rollover) {
        // Yesterday's waiting and called tickets are cancelled without events;
        // skipped ones can no longer be requeued. Nothing of the old day stays.
        entries_.clear();
        return;
    }
    if (!event.ticket) return;
    const bool entered = event.kind == EventKind::issued || event.kind == EventKind::transferred ||
                         event.kind == EventKind::requeued;
    upsert(*event.ticket, entered, event.kind == EventKind::skipped);
}

const proto::Ticket* TicketBook::find(std::int64_t id) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second.ticket;
}

const proto::Ticket* TicketBook::find_number(const std::string& number) const {
    for (const auto& [id, entry] : entries_)
        if (entry.ticket.number == number) return &entry.ticket;
    return nullptr;
}

std::vector<const proto::Ticket*> TicketBook::waiting(const std::vector<std::string>& services) const {
    std::vector<const Entry*> rows;
    for (const auto& [id, entry] : entries_)
        if (entry.ticket.status == TicketStatus::waiting && serves(services, entry.ticket.service)) rows.push_back(&entry);
    std::sort(rows.begin(), rows.end(), [](const Entry* a, const Entry* b) {
        if (a->ticket.priority != b->ticket.priority) return a->ticket.priority;
        return a->queue_order < b->queue_order;
    });
    std::vector<const proto::Ticket*> tickets;
    for (const auto* entry : rows) tickets.push_back(&entry->ticket);
    return tickets;
}

std::vector<const proto::Ticket*> TicketBook::skipped(const std::vector<std::string>& services) const {
    std::vector<const Entry*> rows;
    for (const auto& [id, entry] : entries_)
        if (entry.ticket.status == TicketStatus::skipped && serves(services, entry.ticket.service)) rows.push_back(&entry);
    std::sort(rows.begin(), rows.end(), [](const Entry* a, const Entry* b) { return a->skip_order > b->skip_order; });
    std::vector<const proto::Ticket*> tickets;
    for (const auto* entry : rows) tickets.push_back(&entry->ticket);
    return tickets;
}

std::vector<proto::Ticket> TicketBook::all() const {
    std::vector<const Entry*> rows;
    for (const auto& [id, entry] : entries_) rows.push_back(&entry);
    auto rank = [](TicketStatus status) { return status == TicketStatus::waiting ? 0 : status == TicketStatus::called ? 1 : 2; };
    std::sort(rows.begin(), rows.end(), [&](const Entry* a, const Entry* b) {
        if (rank(a->ticket.status) != rank(b->ticket.status)) return rank(a->ticket.status) < rank(b->ticket.status);
        if (a->ticket.status == TicketStatus::waiting && a->ticket.priority != b->ticket.priority) return a->ticket.priority;
        if (a->ticket.status == TicketStatus::waiting) return a->queue_order < b->queue_order;
        return a->ticket.id < b->ticket.id;
    });
    std::vector<proto::Ticket> tickets;
    for (const auto* entry : rows) tickets.push_back(entry->ticket);
    return tickets;
}

}  // namespace anoman::counter
