// Today's live tickets (waiting, called, skipped) as the server has them,
// kept from a snapshot ({"tickets": true}) and the events after it.
//
// The waiting order is the order counter.call_next takes: priority tickets
// first, then by the time a ticket entered its current queue. Events arrive
// in commit order, so "entered later" is "its issued / transferred / requeued
// event came later"; tickets of the snapshot keep the snapshot's order. This
// reproduces the server's order without relying on queued_at's whole seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "anoman/protocol.hpp"

namespace anoman::counter {

class TicketBook {
public:
    // Replaces everything with a snapshot's ticket list (already in the server's order).
    void reset(const std::vector<proto::Ticket>& tickets);
    void clear();
    // Applies an event that carries a ticket; other events are ignored.
    void apply(const proto::Event& event);

    const proto::Ticket* find(std::int64_t id) const;
    const proto::Ticket* find_number(const std::string& number) const;

    // Waiting tickets of these services, in the order they will be called.
    std::vector<const proto::Ticket*> waiting(const std::vector<std::string>& services) const;
    // Skipped tickets of these services, the most recently skipped first.
    std::vector<const proto::Ticket*> skipped(const std::vector<std::string>& services) const;
    // Every ticket, waiting ones in call order (per priority), then called, then skipped; for tests.
    std::vector<proto::Ticket> all() const;
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        proto::Ticket ticket;
        std::uint64_t queue_order = 0;  // when it entered its current queue
        std::uint64_t skip_order = 0;   // when it was skipped
    };
    void upsert(const proto::Ticket& ticket, bool entered_queue, bool was_skipped);

    std::unordered_map<std::int64_t, Entry> entries_;
    std::uint64_t next_order_ = 1;
};

// True when a ticket's service is one of these.
bool serves(const std::vector<std::string>& services, const std::string& service);

}  // namespace anoman::counter
