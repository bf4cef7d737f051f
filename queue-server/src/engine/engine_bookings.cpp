// Mobile JKN bookings in the engine (docs/mobile-jkn.md): take a number for a
// later (or this) day, answer how the queue stands, cancel, check in, and
// cancel what was never checked in when the practice hours end. Everything
// runs inside the engine's batch transaction, like ticket.issue.
//
// Protocol operations (docs/protocol.md, /work booking-ops spec):
//   booking.get     {"booking_code"}                 kiosk, counter, admin -> {"booking"}
//   booking.checkin {"booking_code","request_id"}    kiosk, admin -> ticket.issue's reply
//   booking.add     {ambilantrean's fields}          admin -> {"booking"} (SIMRS, tests)
//   booking.cancel  {"booking_code", "reason"?}      admin -> {"booking"}
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "booking_store.hpp"
#include "device_token.hpp"
#include "engine.hpp"
#include "wait_estimate.hpp"
#include "web_store.hpp"

namespace anoman::server {

using proto::ErrorCode;

namespace {

constexpr const char* kMobileJkn = "mobile_jkn";
constexpr const char* kReasonNoCheckin = "Pasien tidak check-in sampai akhir jam praktek";

// A refusal: English for the protocol's message and the log, Bahasa Indonesia for Mobile JKN.
[[noreturn]] void refuse(ErrorCode code, std::string message, std::string pesan, Json extra = Json::object()) {
    extra["pesan"] = std::move(pesan);
    throw OpError{proto::Error{code, std::move(message)}, std::move(extra)};
}

// "08:05": a time in ms since the epoch, on the hospital's clock.
std::string hhmm_at(const HospitalClock& clock, std::int64_t ms) {
    return HospitalClock::hhmm(clock.minute_of_day(SysMillis(std::chrono::milliseconds(ms))));
}

}  // namespace

const ServiceConfig& Engine::booking_service(const std::string& kodepoli, std::int64_t kodedokter,
                                             const std::string& jampraktek) {
    const ServiceConfig* poli = nullptr;
    for (const auto& service : config_.services) {
        if (!service.bpjs || !service.bpjs->takes_bookings() || service.bpjs->kodepoli != kodepoli) continue;
        poli = &service;
        if (service.bpjs->kodedokter == kodedokter &&
            normalise_jampraktek(service.bpjs->jampraktek) == normalise_jampraktek(jampraktek))
            return service;
    }
    if (!poli) refuse(ErrorCode::not_found, "no poli " + kodepoli + " takes bookings", "Poli tidak ditemukan");
    for (const auto& service : config_.services) {
        if (service.bpjs && service.bpjs->takes_bookings() && service.bpjs->kodepoli == kodepoli &&
            service.bpjs->kodedokter == kodedokter)
            refuse(ErrorCode::not_found, "no practice of doctor " + std::to_string(kodedokter) + " at " + jampraktek,
                   "Jadwal praktek dokter " + jampraktek + " tidak ditemukan; jadwal yang berlaku " +
                       service.bpjs->jampraktek);
    }
    refuse(ErrorCode::not_found, "doctor " + std::to_string(kodedokter) + " has no practice at poli " + kodepoli,
           "Jadwal dokter tidak ditemukan di poli ini");
}

// The wait model's figure (wait_estimate.hpp) for the n-th number of a day:
// the practice's start plus the wait of n - 1 patients before it, with every
// counter of the poli's pool open and free at the start and its time split
// evenly between the services it serves (a later day's demand is unknown);
// today, never earlier than now plus the wait of the patients already waiting.
std::int64_t Engine::booking_estimate(const ServiceConfig& service, const std::string& day, std::int64_t daily_seq) {
    const ServiceHours hours = parse_service_hours(service.bpjs->jampraktek);
    WaitInputs inputs;
    inputs.service_s = static_cast<double>(
        mean_service_seconds(store_.recent_service_durations(service.code, kRecentServices)));
    // A counter serving k services gives this one 1/k of its time, so each of
    // its n - 1 patients before stands for 1 / (mean share) patients of the pool.
    double shares = 0;
    for (const auto& counter : config_.counters)
        if (std::find(counter.services.begin(), counter.services.end(), service.code) != counter.services.end()) {
            inputs.pool.push_back(PoolCounter{true, false});
            shares += 1.0 / static_cast<double>(counter.services.size());
        }
    const double mean_share = inputs.pool.empty() ? 1.0 : shares / static_cast<double>(inputs.pool.size());
    inputs.ahead = static_cast<double>(daily_seq - 1) / mean_share;
    const std::int64_t start_ms = clock_.local_instant(day, hours.start_minute).time_since_epoch().count();
    std::int64_t estimate = start_ms + estimate_wait_seconds(inputs) * 1000;
    if (day == day_) {
        const std::int64_t now_ms = job_now_.time_since_epoch().count();
        estimate = std::max(estimate, now_ms + estimate_for(service.code, store_.waiting_count(service.code)) * 1000);
    }
    return estimate;
}

Json Engine::booking_take(const BookingRequest& request) {
    const bool jkn = request.nomorkartu && !request.nomorkartu->empty();
    if (jkn && !all_digits(*request.nomorkartu, 13))
        refuse(ErrorCode::bad_request, "nomorkartu: 13 digits", "Nomor Kartu harus 13 digit");
    if (!all_digits(request.nik, 16)) refuse(ErrorCode::bad_request, "nik: 16 digits", "NIK harus 16 digit");
    if (request.nohp.size() > 20) refuse(ErrorCode::bad_request, "nohp: at most 20 characters", "Nomor HP tidak valid");
    if (request.norm.size() > 32 || request.nomorreferensi.size() > 64)
        refuse(ErrorCode::bad_request, "norm or nomorreferensi too long", "Nomor RM atau nomor referensi tidak valid");
    if (!HospitalClock::valid_day(request.tanggalperiksa))
        refuse(ErrorCode::bad_request, "tanggalperiksa: expected YYYY-MM-DD", "Format Tanggal Periksa tidak sesuai (YYYY-MM-DD)");
    const ServiceConfig& service = booking_service(request.kodepoli, request.kodedokter, request.jampraktek);
    const ServiceBpjsConfig& poli = *service.bpjs;
    const std::string& day = request.tanggalperiksa;

    const int ahead_days = HospitalClock::days_between(day_, day);
    if (ahead_days < 0)
        refuse(ErrorCode::invalid_state, "tanggalperiksa is in the past", "Tanggal Periksa tidak berlaku mundur");
    if (ahead_days > *poli.booking_days)
        refuse(ErrorCode::invalid_state, "tanggalperiksa is more than booking_days ahead",
               "Antrean hanya dapat diambil paling lama " + std::to_string(*poli.booking_days) + " hari sebelum tanggal periksa");
    if (!poli.hari.empty() && std::find(poli.hari.begin(), poli.hari.end(), weekday_of(day)) == poli.hari.end())
        refuse(ErrorCode::service_closed, service.name + " has no practice on " + day,
               "Tidak ada jadwal praktek " + service.name + " pada tanggal " + day);
    const ServiceHours hours = parse_service_hours(poli.jampraktek);
    if (ahead_days == 0 && clock_.minute_of_day(job_now_) >= hours.end_minute)
        refuse(ErrorCode::service_closed, service.name + " has ended its practice today",
               "Pendaftaran ke Poli ini sudah tutup");

    BookingStore bookings(store_.db());
    if (auto existing = bookings.patient_booking(service.code, day, request.nik, jkn ? request.nomorkartu : std::nullopt))
        refuse(ErrorCode::invalid_state, "the patient already has booking " + *existing,
               "Nomor Antrean hanya dapat diambil 1 kali pada Tanggal, Dokter dan Poli yang sama");
    const std::string jenis = jkn ? "jkn" : "nonjkn";
    const int quota = jkn ? *poli.kuota_jkn : *poli.kuota_nonjkn;
    if (bookings.active_count(service.code, day, jenis) >= quota)
        refuse(ErrorCode::quota_exhausted, service.name + " has no " + jenis + " quota left on " + day,
               std::string("Kuota ") + (jkn ? "JKN" : "non-JKN") + " " + service.name + " pada tanggal " + day +
                   " sudah habis");
    if (service.daily_quota && store_.issued_count(service.code, day) >= *service.daily_quota)
        refuse(ErrorCode::quota_exhausted, service.name + " has reached its daily quota on " + day,
               "Kuota harian " + service.name + " pada tanggal " + day + " sudah habis");

    // The next number of that service on that day: the same counter as ticket.issue's.
    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    TicketRow row;
    row.service_day = day;
    row.issued_service = service.code;
    row.service = service.code;
    row.daily_seq = store_.take_daily_seq(service.code, day);
    row.number = proto::format_ticket_number(service.prefix, row.daily_seq);
    row.priority = service.priority;
    row.issued_at_ms = now_ms;
    row.queued_at_ms = now_ms;
    row.device = request.source;
    const std::string code =
        make_booking_code(day, service.prefix, row.daily_seq, booking_code_tail(secrets::generate_token()));
    Json patient{{"kind", jkn ? "bpjs" : "umum"}, {"nik", request.nik}, {"booking_code", code}};
    if (jkn) patient["card_no"] = *request.nomorkartu;
    row.patient = patient.dump();
    row.id = store_.insert_booked_ticket(row);

    BookingRow booking;
    booking.ticket_id = row.id;
    booking.booking_code = code;
    booking.service = service.code;
    booking.service_day = day;
    booking.jenis = jenis;
    if (jkn) booking.nomorkartu = request.nomorkartu;
    booking.nik = request.nik;
    if (!request.nohp.empty()) booking.nohp = request.nohp;
    if (!request.norm.empty()) booking.norm = request.norm;
    if (!request.nomorreferensi.empty()) booking.nomorreferensi = request.nomorreferensi;
    booking.jeniskunjungan = request.jeniskunjungan;
    booking.estimated_ms = booking_estimate(service, day, row.daily_seq);
    booking.created_ms = now_ms;
    booking.source = request.source;
    bookings.insert(booking);
    // Its tasks (3 at check-in, 4, 5, or 99) go to BPJS under this code.
    journey_.link(row, code, now_ms);
    next_booking_expiry_ms_ = 0;  // look again at the next tick

    const CheckinWindow window = checkin_window(poli, clock_, day, booking.estimated_ms);
    const auto at = [&](std::int64_t ms) { return hhmm_at(clock_, ms); };
    spdlog::info("booking {}: {} {} on {} for {} (estimated {})", code, service.code, row.number, day, request.source,
                 at(booking.estimated_ms));
    return Json{{"nomorantrean", row.number},
                {"angkaantrean", row.daily_seq},
                {"kodebooking", code},
                {"norm", request.norm},
                {"namapoli", service.name},
                {"namadokter", poli.namadokter},
                {"estimasidilayani", booking.estimated_ms},
                {"sisakuotajkn", *poli.kuota_jkn - bookings.active_count(service.code, day, "jkn")},
                {"kuotajkn", *poli.kuota_jkn},
                {"sisakuotanonjkn", *poli.kuota_nonjkn - bookings.active_count(service.code, day, "nonjkn")},
                {"kuotanonjkn", *poli.kuota_nonjkn},
                {"keterangan", "Silakan check-in di kiosk rumah sakit atau di aplikasi mulai pukul " + at(window.from_ms) +
                                   " sampai " + at(window.until_ms) + " WIB pada tanggal " + day + "."}};
}

// The numbers the hall display shows: "waiting" is services.list's and the
// snapshot's count for today; the number called last is the one the display announced.
Json Engine::booking_queue_status(const std::string& kodepoli, std::int64_t kodedokter, const std::string& day,
                                  const std::string& jampraktek) {
    if (!HospitalClock::valid_day(day))
        refuse(ErrorCode::bad_request, "tanggalperiksa: expected YYYY-MM-DD", "Format Tanggal Periksa tidak sesuai (YYYY-MM-DD)");
    const ServiceConfig& service = booking_service(kodepoli, kodedokter, jampraktek);
    const ServiceBpjsConfig& poli = *service.bpjs;
    if (day < day_) refuse(ErrorCode::invalid_state, "tanggalperiksa is in the past", "Tanggal Periksa tidak berlaku mundur");
    BookingStore bookings(store_.db());
    const bool today = day == day_;
    const std::string called = today ? store_.last_called_number(service.code, day) : std::string();
    return Json{{"namapoli", service.name},
                {"namadokter", poli.namadokter},
                {"totalantrean", store_.issued_count(service.code, day)},
                {"sisaantrean", today ? store_.waiting_count(service.code) : bookings.booked_count(service.code, day)},
                {"antreanpanggil", called.empty() ? "-" : called},
                {"sisakuotajkn", *poli.kuota_jkn - bookings.active_count(service.code, day, "jkn")},
                {"kuotajkn", *poli.kuota_jkn},
                {"sisakuotanonjkn", *poli.kuota_nonjkn - bookings.active_count(service.code, day, "nonjkn")},
                {"kuotanonjkn", *poli.kuota_nonjkn},
                {"keterangan", ""}};
}

Json Engine::booking_remaining(const std::string& code) {
    BookingStore bookings(store_.db());
    auto booking = bookings.by_code(code);
    if (!booking) refuse(ErrorCode::not_found, "no booking " + code, "Kode booking tidak ditemukan");
    const ServiceConfig* service = config_.find_service(booking->service);
    if (!service || !service->bpjs) refuse(ErrorCode::not_found, "booking " + code + ": its poli is no longer configured",
                                           "Poli untuk kode booking ini sudah tidak tersedia");
    if (booking->state == "cancelled")
        refuse(ErrorCode::invalid_state, "booking " + code + " is cancelled", "Antrean ini sudah dibatalkan");
    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    int remaining = 0;
    std::int64_t wait_s = 0;
    if (booking->state == "checked_in") {
        // Checked in: its place in the waiting queue, itself included; 0 once called.
        auto ticket = store_.ticket(booking->ticket_id);
        if (ticket && ticket->status == proto::TicketStatus::waiting) {
            const int ahead = store_.ahead_of(*ticket);
            remaining = ahead + 1;
            wait_s = estimate_for(ticket->service, ahead, &*ticket);
        }
    } else if (booking->service_day == day_) {
        // Not yet here: those who will be ahead of it when it checks in on time.
        TicketRow probe;
        probe.id = std::numeric_limits<std::int64_t>::max();
        probe.service = booking->service;
        probe.priority = service->priority;
        probe.queued_at_ms = std::min(now_ms, booking->estimated_ms);
        const int ahead = store_.ahead_of(probe);
        remaining = ahead + 1;
        wait_s = std::max<std::int64_t>(estimate_for(booking->service, ahead, &probe), (booking->estimated_ms - now_ms) / 1000);
    } else {
        // A later day: the numbers of that day before it that still count, itself included.
        remaining = bookings.booked_through(booking->service, booking->service_day, booking->daily_seq);
        wait_s = std::max<std::int64_t>(0, (booking->estimated_ms - now_ms) / 1000);
    }
    const std::string called = store_.last_called_number(booking->service, day_);
    return Json{{"nomorantrean", booking->number},
                {"namapoli", service->name},
                {"namadokter", service->bpjs->namadokter},
                {"sisaantrean", remaining},
                {"antreanpanggil", booking->service_day == day_ && !called.empty() ? called : "-"},
                {"waktutunggu", wait_s},
                {"keterangan", booking->state == "booked" ? "Belum check-in" : ""}};
}

void Engine::booking_cancel(const std::string& code, const std::string& reason, const std::string& by) {
    BookingStore bookings(store_.db());
    auto booking = bookings.by_code(code);
    if (!booking) refuse(ErrorCode::not_found, "no booking " + code, "Kode booking tidak ditemukan");
    if (booking->state == "cancelled")
        refuse(ErrorCode::invalid_state, "booking " + code + " is already cancelled", "Antrean ini sudah dibatalkan");
    if (booking->state == "checked_in")
        refuse(ErrorCode::invalid_state, "booking " + code + " has checked in",
               "Pasien sudah check-in; pembatalan hanya di loket rumah sakit");
    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    bookings.mark_cancelled(booking->ticket_id, now_ms, reason);
    if (auto row = store_.ticket_row(booking->ticket_id)) journey_.on_booking_cancelled(*row, reason, now_ms);
    spdlog::info("booking {} ({} {}) cancelled by {}: {}", code, booking->service, booking->number, by, reason);
}

std::pair<TicketRow, bool> Engine::booking_checkin(const std::string& code, const Caller& caller,
                                                   const std::optional<std::string>& request_id, Outcome& outcome) {
    const std::string key_owner = caller.incarnation.empty() ? caller.device : caller.device + "#" + caller.incarnation;
    if (request_id) {
        if (auto existing = store_.issue_key(key_owner, *request_id)) {
            if (auto row = store_.ticket(*existing)) return {*row, true};
        }
    }
    BookingStore bookings(store_.db());
    auto booking = bookings.by_code(code);
    if (!booking) refuse(ErrorCode::not_found, "no booking " + code, "Kode booking tidak ditemukan");
    const ServiceConfig* service = config_.find_service(booking->service);
    if (!service || !service->bpjs)
        refuse(ErrorCode::not_found, "booking " + code + ": its poli is no longer configured",
               "Poli untuk kode booking ini sudah tidak tersedia");
    const CheckinWindow window = checkin_window(*service->bpjs, clock_, booking->service_day, booking->estimated_ms);
    const auto iso = [&](std::int64_t ms) { return clock_.iso_local(SysMillis(std::chrono::milliseconds(ms))); };
    const auto at = [&](std::int64_t ms) { return hhmm_at(clock_, ms); };
    const auto invalid = [&](const char* reason, std::string message, std::string pesan) {
        refuse(ErrorCode::invalid_state, std::move(message), std::move(pesan),
               Json{{"reason", reason}, {"checkin_from", iso(window.from_ms)}, {"checkin_until", iso(window.until_ms)}});
    };
    if (booking->state == "cancelled")
        invalid("cancelled", "booking " + code + " is cancelled", "Antrean ini sudah dibatalkan");
    if (booking->state == "checked_in")
        invalid("checked_in", "booking " + code + " has already checked in", "Kode booking ini sudah check-in");
    if (booking->service_day != day_)
        invalid("not_today", "booking " + code + " is for " + booking->service_day + ", not today",
                "Kode booking ini untuk tanggal " + booking->service_day + ", bukan hari ini");
    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    if (now_ms < window.from_ms)
        invalid("too_early", "check-in opens at " + iso(window.from_ms), "Check-in dibuka pukul " + at(window.from_ms) + " WIB");
    if (now_ms > window.until_ms)
        invalid("too_late", "check-in closed at " + iso(window.until_ms),
                "Waktu check-in sudah lewat (paling lambat pukul " + at(window.until_ms) + " WIB); silakan ke loket pendaftaran");

    auto row = store_.ticket_row(booking->ticket_id);
    if (!row) throw std::runtime_error("booking " + code + " has no tickets row");
    // Where it stands: the time it was promised if it comes early or on time
    // is "now"; a patient who comes on time is not overtaken by walk-ins who
    // came after the promised time: it enters at min(now, estimated).
    row->status = proto::TicketStatus::waiting;
    row->issued_at_ms = now_ms;  // check-in starts the waiting time (task 3)
    row->queued_at_ms = now_ms < booking->estimated_ms ? next_queue_time() : booking->estimated_ms;
    row->device = caller.device;
    row->request_id = request_id;
    store_.check_in_booked_ticket(*row);
    bookings.mark_checked_in(row->id, now_ms);
    if (request_id) store_.insert_issue_key(key_owner, *request_id, row->id, now_ms);
    WebStore(store_.db()).assign_code(row->id);
    emit(proto::EventKind::issued, outcome, *row, std::nullopt);
    spdlog::info("booking {} checked in by {}: {} waits in {}", code, caller.device, row->number, row->service);
    return {*row, false};
}

void Engine::expire_bookings() {
    const std::int64_t now_ms = job_now_.time_since_epoch().count();
    if (next_booking_expiry_ms_ != 0 && now_ms < next_booking_expiry_ms_) return;
    BookingStore bookings(store_.db());
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    for (const BookingRow& booking : bookings.open_until(day_)) {
        const ServiceConfig* service = config_.find_service(booking.service);
        std::int64_t end_ms = 0;  // a poli no longer configured: its bookings end now
        if (service && service->bpjs && !service->bpjs->jampraktek.empty()) {
            const ServiceHours hours = parse_service_hours(service->bpjs->jampraktek);
            end_ms = clock_.local_instant(booking.service_day, hours.end_minute).time_since_epoch().count();
        }
        if (booking.service_day < day_ || now_ms >= end_ms) {
            bookings.mark_cancelled(booking.ticket_id, now_ms, kReasonNoCheckin);
            if (auto row = store_.ticket_row(booking.ticket_id)) journey_.on_booking_cancelled(*row, kReasonNoCheckin, now_ms);
            spdlog::info("booking {} ({} {}) not checked in by the end of practice: cancelled", booking.booking_code,
                         booking.service, booking.number);
        } else {
            next = std::min(next, end_ms);
        }
    }
    // Later days' bookings are looked at again at the next midnight at the latest.
    next_booking_expiry_ms_ = std::min(next, clock_.next_midnight(job_now_).time_since_epoch().count());
}

Json Engine::booking_json(const BookingRow& booking) {
    const ServiceConfig* service = config_.find_service(booking.service);
    const auto iso = [&](std::int64_t ms) { return clock_.iso_local(SysMillis(std::chrono::milliseconds(ms))); };
    Json json{{"booking_code", booking.booking_code},
              {"service", booking.service},
              {"service_name", service ? service->name : booking.service},
              {"number", booking.number},
              {"service_day", booking.service_day},
              {"estimated_at", iso(booking.estimated_ms)},
              {"estimated_ms", booking.estimated_ms},
              {"jenis", booking.jenis},
              {"state", booking.state},
              {"ticket", Json()}};
    if (service && service->bpjs) {
        json["kodepoli"] = service->bpjs->kodepoli;
        json["namapoli"] = service->name;
        json["namadokter"] = service->bpjs->namadokter;
        json["jampraktek"] = service->bpjs->jampraktek;
        const CheckinWindow window = checkin_window(*service->bpjs, clock_, booking.service_day, booking.estimated_ms);
        json["checkin_from"] = iso(window.from_ms);
        json["checkin_until"] = iso(window.until_ms);
    }
    if (booking.state == "checked_in") {
        if (auto ticket = store_.ticket(booking.ticket_id)) json["ticket"] = to_proto(*ticket);
    }
    return json;
}

namespace {

const std::string& checked_code(const std::string& code) {
    if (!valid_booking_code(code))
        fail(ErrorCode::bad_request, "booking_code: 1 to 32 letters, digits, '.', '_', '/' or '-'");
    return code;
}

}  // namespace

Json Engine::op_booking_get(const Caller& caller, const proto::BookingGetRequest& request, Outcome&) {
    const std::string& code = checked_code(request.booking_code);
    auto booking = BookingStore(store_.db()).by_code(code);
    if (!booking) fail(ErrorCode::not_found, "booking_code: no booking " + code);
    require_role(caller);
    return Json{{"booking", booking_json(*booking)}};
}

Json Engine::op_booking_checkin(const Caller& caller, const proto::BookingCheckinRequest& request, Outcome& outcome) {
    const std::string& code = checked_code(request.booking_code);
    if (request.request_id.empty()) fail(ErrorCode::bad_request, "request_id: must not be empty");
    if (!BookingStore(store_.db()).by_code(code)) fail(ErrorCode::not_found, "booking_code: no booking " + code);
    require_role(caller);
    auto [row, replayed] = booking_checkin(code, caller, request.request_id, outcome);
    const bool waiting = row.status == proto::TicketStatus::waiting;
    const int ahead = waiting ? store_.ahead_of(row) : 0;
    return proto::TicketReply{to_proto(row), ahead, waiting ? estimate_for(row.service, ahead, &row) : 0, replayed,
                              page_url(row)};
}

Json Engine::op_booking_add(const Caller& caller, const proto::BookingAddRequest& request, Outcome&) {
    BookingRequest booking;
    booking.nomorkartu = request.nomorkartu;
    booking.nik = request.nik;
    booking.nohp = request.nohp.value_or("");
    booking.kodepoli = request.kodepoli;
    booking.norm = request.norm.value_or("");
    booking.tanggalperiksa = request.tanggalperiksa;
    booking.kodedokter = request.kodedokter;
    booking.jampraktek = request.jampraktek;
    booking.jeniskunjungan = request.jeniskunjungan;
    booking.nomorreferensi = request.nomorreferensi.value_or("");
    require_role(caller);
    booking.source = caller.device;
    const Json taken = booking_take(booking);
    return Json{{"booking", booking_json(*BookingStore(store_.db()).by_code(taken["kodebooking"].get<std::string>()))}};
}

Json Engine::op_booking_cancel(const Caller& caller, const proto::BookingCancelRequest& request, Outcome&) {
    const std::string& code = checked_code(request.booking_code);
    const std::string reason = request.reason.value_or("Dibatalkan oleh petugas rumah sakit");
    if (reason.empty()) fail(ErrorCode::bad_request, "reason: 1 to 200 characters");
    if (!BookingStore(store_.db()).by_code(code)) fail(ErrorCode::not_found, "booking_code: no booking " + code);
    require_role(caller);
    booking_cancel(code, reason, caller.device);
    return Json{{"booking", booking_json(*BookingStore(store_.db()).by_code(code))}};
}

}  // namespace anoman::server
