// The journey-to-task rules of BPJS-ANTREAN.md part 1, written into the
// outbox (bpjs_outbox) inside the engine's transaction, so a task exists if
// and only if the change that caused it committed. The sender (bpjs_sender)
// reads the outbox on its own connection; nothing here talks to the network.
//
//   1  issued at an admission service
//   2  first call at an admission service
//   3  transferred from a non-poli service to a poli, finished at admission,
//      or issued directly at a poli
//   4  first call at a poli
//   5  finished at a poli
//   99 cancelled, or still skipped when its day ends (then also antrean/batal)
// Each task at most once per ticket and only forward (a lower task after a
// higher one is never written); times strictly increase per ticket, so a clock
// stepped back cannot make BPJS refuse the order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "anoman/config.hpp"
#include "anoman/protocol.hpp"
#include "sqlite_db.hpp"
#include "store.hpp"

namespace anoman::server {

// 1 to 64 of A-Z a-z 0-9 . _ / -: what kiosks, scanners and SIMRS print.
bool valid_booking_code(const std::string& code);

class BpjsJourney {
public:
    BpjsJourney(const Config& config, Database& db) : config_(config), db_(db) {}

    // Reporting is on when the configuration has a "bpjs" block.
    bool enabled() const { return config_.bpjs.has_value(); }

    // An event the engine committed (inside its transaction): the ticket after the change.
    void on_event(proto::EventKind kind, const TicketRow& ticket, const std::optional<std::string>& from_service,
                  std::int64_t now_ms);
    // Before the rollover cancels the old day's open tickets (no events): 99 for
    // them and for the skipped ones, with antrean/batal. since_day: the day
    // that is ending ("" on a first start).
    void on_day_end(const std::string& since_day, const std::string& today, std::int64_t now_ms);

    // A Mobile JKN booking cancelled before check-in (batalantrean, booking.cancel,
    // or never checked in by the end of jampraktek): 99 and antrean/batal with the reason.
    void on_booking_cancelled(const TicketRow& ticket, const std::string& reason, std::int64_t now_ms) {
        if (enabled()) add_cancel(ticket, now_ms, reason, now_ms);
    }

    std::optional<std::string> booking_of(std::int64_t ticket_id);
    // The ticket holding this code on this day, if any.
    std::optional<std::int64_t> ticket_with(const std::string& day, const std::string& code);
    // Links (the caller checked the rules); rows recorded before wait no more. Returns how many.
    int link(const TicketRow& ticket, const std::string& code, std::int64_t now_ms);

private:
    const ServiceBpjsConfig* role_of(const std::string& service) const;
    bool is_poli(const std::string& service) const;
    bool is_admission(const std::string& service) const;
    void add_task(const TicketRow& ticket, int taskid, std::int64_t at_ms, std::int64_t now_ms);
    void add_cancel(const TicketRow& ticket, std::int64_t at_ms, const std::string& reason, std::int64_t now_ms);
    int highest_task(std::int64_t ticket_id);  // 0: none yet
    std::int64_t insert_row(const TicketRow& ticket, const char* kind, std::optional<int> taskid, std::int64_t waktu_ms,
                            const std::optional<std::string>& keterangan, std::int64_t now_ms);

    const Config& config_;
    Database& db_;
};

}  // namespace anoman::server
