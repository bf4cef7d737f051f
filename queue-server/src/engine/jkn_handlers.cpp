#include "jkn_handlers.hpp"

#include "anoman/json_depth.hpp"
#include "bpjs_journey.hpp"

namespace anoman::server::jkn {

namespace {

constexpr int kMaxDepth = 4;
constexpr std::size_t kMaxText = 256;

[[noreturn]] void bad(std::string pesan) { throw BadRequest{std::move(pesan)}; }

// A string field: required ones must be there; every one must be a string of sane size.
std::string text(const Json& body, const char* key, bool required) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        if (required) bad(std::string(key) + " wajib diisi");
        return {};
    }
    if (!it->is_string()) bad(std::string(key) + " harus berupa teks");
    std::string value = it->get<std::string>();
    if (value.size() > kMaxText) bad(std::string(key) + " terlalu panjang");
    if (required && value.empty()) bad(std::string(key) + " wajib diisi");
    return value;
}

// A whole-number field; the digits as a string are taken too (implementations send both).
std::optional<std::int64_t> number(const Json& body, const char* key, bool required) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        if (required) bad(std::string(key) + " wajib diisi");
        return std::nullopt;
    }
    if (it->is_number_integer()) return it->get<std::int64_t>();
    if (it->is_string()) {
        const std::string digits = it->get<std::string>();
        if (!digits.empty() && digits.size() <= 15 &&
            digits.find_first_not_of("0123456789") == std::string::npos)
            return std::stoll(digits);
    }
    bad(std::string(key) + " harus berupa angka");
}

std::string booking_code(const Json& body) {
    std::string code = text(body, "kodebooking", true);
    if (!valid_booking_code(code)) bad("Kode booking tidak valid");
    return code;
}

std::string day(const Json& body, const char* key) {
    std::string value = text(body, key, true);
    if (!HospitalClock::valid_day(value)) bad("Format " + std::string(key) + " tidak sesuai (YYYY-MM-DD)");
    return value;
}

EngineTask ambil(const Json& body) {
    BookingRequest request;
    request.nomorkartu = text(body, "nomorkartu", false);
    request.nik = text(body, "nik", true);
    request.nohp = text(body, "nohp", false);
    request.kodepoli = text(body, "kodepoli", true);
    request.norm = text(body, "norm", false);
    request.tanggalperiksa = day(body, "tanggalperiksa");
    request.kodedokter = *number(body, "kodedokter", true);
    request.jampraktek = text(body, "jampraktek", true);
    request.jeniskunjungan = number(body, "jeniskunjungan", false);
    request.nomorreferensi = text(body, "nomorreferensi", false);
    request.source = "mobile_jkn";
    return [request](Engine& engine, Outcome&) { return Json{{"response", engine.booking_take(request)}}; };
}

EngineTask status(const Json& body) {
    const std::string kodepoli = text(body, "kodepoli", true);
    const std::int64_t kodedokter = *number(body, "kodedokter", true);
    const std::string tanggal = day(body, "tanggalperiksa");
    const std::string jampraktek = text(body, "jampraktek", true);
    return [=](Engine& engine, Outcome&) {
        return Json{{"response", engine.booking_queue_status(kodepoli, kodedokter, tanggal, jampraktek)}};
    };
}

EngineTask sisa(const Json& body) {
    const std::string code = booking_code(body);
    return [code](Engine& engine, Outcome&) { return Json{{"response", engine.booking_remaining(code)}}; };
}

EngineTask batal(const Json& body) {
    const std::string code = booking_code(body);
    std::string reason = text(body, "keterangan", false);
    if (reason.empty()) reason = "Dibatalkan oleh pasien melalui Mobile JKN";
    return [code, reason](Engine& engine, Outcome&) {
        engine.booking_cancel(code, reason, "mobile_jkn");
        return Json::object();
    };
}

EngineTask checkin(const Json& body) {
    const std::string code = booking_code(body);
    // waktu: when the app says the patient checked in. The queue goes by the
    // server's own clock (one clock for every door); the field must still be a number.
    (void)number(body, "waktu", true);
    return [code](Engine& engine, Outcome& outcome) {
        Caller caller;
        caller.device = "mobile_jkn";
        caller.role = proto::Role::kiosk;
        engine.booking_checkin(code, caller, std::nullopt, outcome);
        return Json::object();
    };
}

// Si Anoman keeps no medical records: it never answers 202 to ambilantrean,
// so Mobile JKN has no reason to call this; if it does, the patient is sent to admission.
EngineTask pasien_baru(const Json& body) {
    (void)text(body, "nik", false);
    (void)text(body, "nomorkartu", false);
    return [](Engine&, Outcome&) -> Json {
        return Json{{"refuse", "Rumah sakit tidak menerima pendaftaran pasien baru melalui Mobile JKN; "
                               "silakan datang ke loket admisi untuk membuat rekam medis"}};
    };
}

// No operation schedules are kept here: the truthful answer is an empty list.
EngineTask operasi_rs(const Json& body) {
    const std::string from = day(body, "tanggalawal");
    const std::string to = day(body, "tanggalakhir");
    if (to < from) bad("Tanggal akhir tidak boleh lebih kecil dari tanggal awal");
    return [](Engine&, Outcome&) { return Json{{"response", Json{{"list", Json::array()}}}}; };
}

EngineTask operasi_pasien(const Json& body) {
    const std::string card = text(body, "nopeserta", true);
    if (card.size() != 13 || card.find_first_not_of("0123456789") != std::string::npos)
        bad("Nomor peserta harus 13 digit");
    return [](Engine&, Outcome&) { return Json{{"response", Json{{"list", Json::array()}}}}; };
}

}  // namespace

Json parse_body(const std::string& text_body) {
    // Depth first, before the parser: a body of 16 KB of "[" is not a request.
    if (!proto::nesting_within(text_body, kMaxDepth)) bad("Format permintaan tidak valid");
    Json body = Json::parse(text_body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) bad("Format permintaan tidak valid (harus objek JSON)");
    return body;
}

std::optional<EngineTask> service_task(const std::string& service, const Json& body) {
    if (service == "statusantrean") return status(body);
    if (service == "ambilantrean") return ambil(body);
    if (service == "sisaantrean") return sisa(body);
    if (service == "batalantrean") return batal(body);
    if (service == "checkinantrean") return checkin(body);
    if (service == "pasienbaru") return pasien_baru(body);
    if (service == "jadwaloperasirs") return operasi_rs(body);
    if (service == "jadwaloperasipasien") return operasi_pasien(body);
    return std::nullopt;
}

}  // namespace anoman::server::jkn
