// The waiting tickets of every service in call order, in memory, so "how many
// are ahead of this ticket" and "how many wait" cost O(log n) and O(1) instead
// of a walk over the tickets_waiting index (O(waiting): 36% of the server's CPU
// at 32 kiosks, and an issue into a queue of 8,000 took 15x an empty one;
// bench/README.md).
//
// Call order is the tickets_waiting index's: priority first, then the time the
// ticket entered its current queue, then id. A ticket may enter anywhere in it
// (a Mobile JKN check-in keeps its booking's earlier time; a priority patient
// goes before everyone), so each service's queue is an order-statistic tree
// (a red-black tree whose nodes count their subtree: libstdc++'s policy-based
// tree), not a list appended at the back.
//
// It is a copy of SQLite's truth and must follow it through rollbacks: every
// change is journaled until forget_journal(), and rollback_to(mark) undoes the
// changes made after mark (a request's savepoint that was rolled back). Store
// owns one and keeps it in step with every write to tickets (store.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace anoman::server {

// Where a waiting ticket stands. Ordered as it is called: priority first,
// then the earlier queue entry, then the lower id.
struct WaitingKey {
    bool priority = false;
    std::int64_t queued_at_ms = 0;
    std::int64_t id = 0;

    friend bool operator<(const WaitingKey& a, const WaitingKey& b) {
        if (a.priority != b.priority) return a.priority;
        if (a.queued_at_ms != b.queued_at_ms) return a.queued_at_ms < b.queued_at_ms;
        return a.id < b.id;
    }
    friend bool operator==(const WaitingKey& a, const WaitingKey& b) {
        return a.priority == b.priority && a.queued_at_ms == b.queued_at_ms && a.id == b.id;
    }
};

class WaitingOrder {
public:
    WaitingOrder();
    ~WaitingOrder();
    WaitingOrder(WaitingOrder&&) noexcept;
    WaitingOrder& operator=(WaitingOrder&&) noexcept;

    // Adds a waiting ticket (a ticket already in it moves to its new place).
    void add(const std::string& service, const WaitingKey& key);
    // Takes a ticket out; false if it was not waiting. O(log n).
    bool remove(std::int64_t id);
    // Tickets of the service that are called before `key` (the ticket itself
    // is not counted, whether it waits or not). O(log n).
    int ahead_of(const std::string& service, const WaitingKey& key) const;
    // Tickets waiting in the service. O(1).
    int count(const std::string& service) const;
    // The ticket the service calls next, if any. O(log n).
    std::optional<WaitingKey> head(const std::string& service) const;
    // Every waiting ticket.
    std::size_t size() const { return where_.size(); }
    bool contains(std::int64_t id) const { return where_.count(id) != 0; }

    // Empties it (and the journal): before a rebuild from SQLite.
    void clear();
    // The journal's length now: a point rollback_to can go back to.
    std::size_t mark() const { return journal_.size(); }
    // Undoes every change made after `mark`, newest first.
    void rollback_to(std::size_t mark);
    // Changes up to now are durable (committed): drops the journal.
    void forget_journal() { journal_.clear(); }

private:
    struct Queue;  // one service's order-statistic tree (waiting_order.cpp)
    struct Change {
        bool added;  // true: undo by removing; false: undo by adding back
        std::string service;
        WaitingKey key;
    };
    void insert_raw(const std::string& service, const WaitingKey& key);
    void erase_raw(std::int64_t id);

    std::unordered_map<std::string, std::unique_ptr<Queue>> queues_;
    std::unordered_map<std::int64_t, std::pair<std::string, WaitingKey>> where_;  // id -> its service and key
    std::vector<Change> journal_;
};

}  // namespace anoman::server
