#include "bpjs_journey.hpp"

#include <algorithm>

#include "bpjs_journey_rows.hpp"

namespace anoman::server {

using proto::EventKind;

namespace {

// Reasons BPJS shows with the cancellation (antrean/batal keterangan).
constexpr const char* kReasonSkipped = "Pasien tidak hadir saat dipanggil sampai akhir hari layanan";
constexpr const char* kReasonCancelled = "Antrean dibatalkan oleh petugas rumah sakit";
constexpr const char* kReasonDayEnd = "Pasien belum dilayani sampai akhir hari layanan";
constexpr std::int64_t kUnlinkedKeepMs = 8LL * 24 * 3600 * 1000;

}  // namespace

bool valid_booking_code(const std::string& code) {
    if (code.empty() || code.size() > proto::kMaxBookingCodeChars) return false;  // the protocol's bound
    for (char c : code) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '/' || c == '-';
        if (!ok) return false;
    }
    return true;
}

const ServiceBpjsConfig* BpjsJourney::role_of(const std::string& service) const {
    const ServiceConfig* config = config_.find_service(service);
    return config && config->bpjs ? &*config->bpjs : nullptr;
}

bool BpjsJourney::is_poli(const std::string& service) const {
    const ServiceBpjsConfig* role = role_of(service);
    return role && role->role == ServiceBpjsConfig::Role::poli;
}

bool BpjsJourney::is_admission(const std::string& service) const {
    const ServiceBpjsConfig* role = role_of(service);
    return role && role->role == ServiceBpjsConfig::Role::admission;
}

std::optional<std::string> BpjsJourney::booking_of(std::int64_t ticket_id) {
    return BpjsJourneyRows(db_).booking_of(ticket_id);
}

std::optional<std::int64_t> BpjsJourney::ticket_with(const std::string& day, const std::string& code) {
    return BpjsJourneyRows(db_).ticket_with(day, code);
}

int BpjsJourney::link(const TicketRow& ticket, const std::string& code, std::int64_t now_ms) {
    return BpjsJourneyRows(db_).link(ticket.id, code, ticket.service_day, now_ms);
}

int BpjsJourney::highest_task(std::int64_t ticket_id) { return BpjsJourneyRows(db_).highest_task(ticket_id); }

std::int64_t BpjsJourney::insert_row(const TicketRow& ticket, const char* kind, std::optional<int> taskid,
                                     std::int64_t waktu_ms, const std::optional<std::string>& keterangan,
                                     std::int64_t now_ms) {
    // BPJS refuses a task whose time is not after the one before ("waktu tidak
    // boleh kurang atau sama"): a clock stepped back, or two changes in one
    // millisecond, still give increasing times.
    BpjsJourneyRows rows(db_);
    const std::int64_t waktu =
        std::max(waktu_ms, rows.last_waktu_ms(ticket.id) + (std::string(kind) == "batal" ? 0 : 1));
    return rows.insert_row(ticket.id, booking_of(ticket.id), kind, taskid, waktu, keterangan, now_ms);
}

void BpjsJourney::add_task(const TicketRow& ticket, int taskid, std::int64_t at_ms, std::int64_t now_ms) {
    // Only forward, each task once: a recall, a requeue and a second call, a
    // transfer from poli to poli are not new tasks.
    if (highest_task(ticket.id) >= taskid) return;
    insert_row(ticket, "updatewaktu", taskid, at_ms, std::nullopt, now_ms);
}

void BpjsJourney::add_cancel(const TicketRow& ticket, std::int64_t at_ms, const std::string& reason, std::int64_t now_ms) {
    const int highest = highest_task(ticket.id);
    // Nothing reported yet and not at a reported service: not a BPJS journey.
    if (highest == 0 && !role_of(ticket.service)) return;
    if (highest >= 5) return;  // 99 after 5 would contradict a finished visit
    // 99 first (the task BPJS scores), then the cancellation with its reason.
    insert_row(ticket, "updatewaktu", 99, at_ms, std::nullopt, now_ms);
    insert_row(ticket, "batal", std::nullopt, at_ms, reason, now_ms);
}

void BpjsJourney::on_event(EventKind kind, const TicketRow& ticket, const std::optional<std::string>& from_service,
                           std::int64_t now_ms) {
    if (!enabled()) return;
    switch (kind) {
        case EventKind::issued:
            if (is_admission(ticket.service)) add_task(ticket, 1, ticket.issued_at_ms, now_ms);
            else if (is_poli(ticket.service)) add_task(ticket, 3, ticket.issued_at_ms, now_ms);
            break;
        case EventKind::called:
            if (is_admission(ticket.service)) add_task(ticket, 2, now_ms, now_ms);
            else if (is_poli(ticket.service)) add_task(ticket, 4, now_ms, now_ms);
            break;
        case EventKind::transferred: {
            const std::string from = from_service.value_or("");
            if (is_poli(ticket.service) && !is_poli(from)) add_task(ticket, 3, now_ms, now_ms);
            break;
        }
        case EventKind::finished:
            if (is_admission(ticket.service)) add_task(ticket, 3, now_ms, now_ms);
            else if (is_poli(ticket.service)) add_task(ticket, 5, now_ms, now_ms);
            break;
        case EventKind::cancelled:
            add_cancel(ticket, now_ms, kReasonCancelled, now_ms);
            break;
        default:
            break;  // recalled, skipped (judged at day end), requeued: not tasks
    }
}

void BpjsJourney::on_day_end(const std::string& since_day, const std::string& today, std::int64_t now_ms) {
    // Rows of tickets never linked stay a week (a late link the next morning),
    // then go: otherwise every non-BPJS patient's journey would be kept forever.
    BpjsJourneyRows(db_).delete_unlinked_before(now_ms - kUnlinkedKeepMs);
    if (!enabled()) return;
    // Only tickets that have a journey row can need a 99.
    Store store(db_);
    for (const EndingTicket& item : BpjsJourneyRows(db_).ending_tickets(since_day, today)) {
        auto ticket = store.ticket(item.id);
        if (!ticket) continue;
        if (item.status == "skipped")
            add_cancel(*ticket, item.finished_at_ms.value_or(now_ms), kReasonSkipped, now_ms);
        else
            add_cancel(*ticket, now_ms, kReasonDayEnd, now_ms);
    }
}

}  // namespace anoman::server
