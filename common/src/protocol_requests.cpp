// Requests: to_json writes "type" and the fields; from_json reads the fields in
// the order the server judges them (protocol_requests.hpp).
#include "anoman/protocol_requests.hpp"

namespace anoman::proto {
namespace {

template <typename Request>
Json typed() {
    return Json{{"type", Request::kType}};
}

template <typename T>
void put_if(Json& j, const char* key, const std::optional<T>& value) {
    if (value) j[key] = *value;
}

Role read_role(const Json& j) {
    const std::string text = require_string(j, "role");
    auto role = role_from_string(text);
    if (!role) throw ProtocolError("role: expected kiosk, display, counter or admin");
    return *role;
}

Patient read_patient(const Json& j, std::string_view path) {
    if (!j.is_object()) throw ProtocolError(std::string(path.empty() ? "patient" : path) + ": expected object");
    Patient p;
    p.kind = optional_string(j, "kind", path);
    p.nik = optional_string(j, "nik", path);
    p.card_no = optional_string(j, "card_no", path);
    p.booking_code = optional_string(j, "booking_code", path);
    if (p.kind && *p.kind != "bpjs" && *p.kind != "umum")
        throw ProtocolError(join_path(path, "kind") + ": expected \"bpjs\" or \"umum\"");
    return p;
}

}  // namespace

// ---- Bodiless requests --------------------------------------------------------------------
void to_json(Json& j, const PingRequest&) { j = typed<PingRequest>(); }
void from_json(const Json&, PingRequest&) {}
void to_json(Json& j, const ServicesListRequest&) { j = typed<ServicesListRequest>(); }
void from_json(const Json&, ServicesListRequest&) {}
void to_json(Json& j, const DeviceListRequest&) { j = typed<DeviceListRequest>(); }
void from_json(const Json&, DeviceListRequest&) {}
void to_json(Json& j, const BackupNowRequest&) { j = typed<BackupNowRequest>(); }
void from_json(const Json&, BackupNowRequest&) {}
void to_json(Json& j, const ServerStatusRequest&) { j = typed<ServerStatusRequest>(); }
void from_json(const Json&, ServerStatusRequest&) {}
void to_json(Json& j, const BpjsStatusRequest&) { j = typed<BpjsStatusRequest>(); }
void from_json(const Json&, BpjsStatusRequest&) {}
void to_json(Json& j, const WebUserListRequest&) { j = typed<WebUserListRequest>(); }
void from_json(const Json&, WebUserListRequest&) {}

// ---- Tickets ----------------------------------------------------------------------------------
void to_json(Json& j, const Patient& p) {
    j = Json::object();
    put_if(j, "kind", p.kind);
    put_if(j, "nik", p.nik);
    put_if(j, "card_no", p.card_no);
    put_if(j, "booking_code", p.booking_code);
}

void from_json(const Json& j, Patient& p) { p = read_patient(j, ""); }

std::string TicketIssueRequest::read_request_id(const Json& request) { return require_string(request, "request_id"); }

void to_json(Json& j, const TicketIssueRequest& r) {
    j = typed<TicketIssueRequest>();
    j["service"] = r.service;
    j["request_id"] = r.request_id;
    put_if(j, "priority", r.priority);
    if (r.patient) j["patient"] = *r.patient;
}

void from_json(const Json& j, TicketIssueRequest& r) {
    r.request_id = TicketIssueRequest::read_request_id(j);
    r.service = require_string(j, "service");
    r.priority = optional_bool(j, "priority");
    r.patient.reset();
    auto it = j.find("patient");
    if (it != j.end() && !it->is_null()) r.patient = read_patient(*it, "patient");
}

void to_json(Json& j, const TicketGetRequest& r) {
    j = typed<TicketGetRequest>();
    put_if(j, "code", r.code);
    put_if(j, "ticket", r.ticket);
    put_if(j, "number", r.number);
    put_if(j, "service_day", r.service_day);
}

void from_json(const Json& j, TicketGetRequest& r) {
    // The first of code, ticket and number names the ticket; the others are not read.
    r = TicketGetRequest{};
    if ((r.code = optional_string(j, "code"))) return;
    if ((r.ticket = optional_int(j, "ticket"))) return;
    if ((r.number = optional_string(j, "number"))) {
        r.service_day = optional_string(j, "service_day");
        return;
    }
    throw ProtocolError("ticket or number: missing");
}

void to_json(Json& j, const TicketRequeueRequest& r) {
    j = typed<TicketRequeueRequest>();
    j["ticket"] = r.ticket;
}
void from_json(const Json& j, TicketRequeueRequest& r) { r.ticket = require_int(j, "ticket"); }

void to_json(Json& j, const TicketCancelRequest& r) {
    j = typed<TicketCancelRequest>();
    j["ticket"] = r.ticket;
}
void from_json(const Json& j, TicketCancelRequest& r) { r.ticket = require_int(j, "ticket"); }

// ---- Counters -----------------------------------------------------------------------------------
namespace {
template <typename Request>
Json counter_only(const Request& r) {
    Json j = typed<Request>();
    j["counter"] = r.counter;
    return j;
}
}  // namespace

void to_json(Json& j, const CounterCallNextRequest& r) { j = counter_only(r); }
void from_json(const Json& j, CounterCallNextRequest& r) { r.counter = require_string(j, "counter"); }
void to_json(Json& j, const CounterRecallRequest& r) { j = counter_only(r); }
void from_json(const Json& j, CounterRecallRequest& r) { r.counter = require_string(j, "counter"); }
void to_json(Json& j, const CounterSkipRequest& r) { j = counter_only(r); }
void from_json(const Json& j, CounterSkipRequest& r) { r.counter = require_string(j, "counter"); }
void to_json(Json& j, const CounterFinishRequest& r) { j = counter_only(r); }
void from_json(const Json& j, CounterFinishRequest& r) { r.counter = require_string(j, "counter"); }
void to_json(Json& j, const StatsCounterRequest& r) { j = counter_only(r); }
void from_json(const Json& j, StatsCounterRequest& r) { r.counter = require_string(j, "counter"); }

void to_json(Json& j, const CounterCallRequest& r) {
    j = counter_only(r);
    j["ticket"] = r.ticket;
}
void from_json(const Json& j, CounterCallRequest& r) {
    r.ticket = require_int(j, "ticket");
    r.counter = require_string(j, "counter");
}

void to_json(Json& j, const CounterTransferRequest& r) {
    j = counter_only(r);
    j["to_service"] = r.to_service;
}
void from_json(const Json& j, CounterTransferRequest& r) {
    r.to_service = require_string(j, "to_service");
    r.counter = require_string(j, "counter");
}

void to_json(Json& j, const CounterOpenRequest& r) {
    j = counter_only(r);
    put_if(j, "reason", r.reason);
}
void from_json(const Json& j, CounterOpenRequest& r) {
    r.reason = optional_string(j, "reason");
    r.counter = require_string(j, "counter");
}

void to_json(Json& j, const CounterCloseRequest& r) {
    j = counter_only(r);
    put_if(j, "reason", r.reason);
}
void from_json(const Json& j, CounterCloseRequest& r) {
    r.reason = optional_string(j, "reason");
    r.counter = require_string(j, "counter");
}

// ---- Hall, statistics, subscriptions ----------------------------------------------------------------
void to_json(Json& j, const AnnounceRequest& r) {
    j = typed<AnnounceRequest>();
    j["text"] = r.text;
}
void from_json(const Json& j, AnnounceRequest& r) { r.text = require_string(j, "text"); }

void to_json(Json& j, const StatsDayRequest& r) {
    j = typed<StatsDayRequest>();
    put_if(j, "day", r.day);
}
void from_json(const Json& j, StatsDayRequest& r) { r.day = optional_string(j, "day"); }

void to_json(Json& j, const SubscribeRequest& r) {
    j = typed<SubscribeRequest>();
    j["tickets"] = r.tickets;
}
void from_json(const Json& j, SubscribeRequest& r) { r.tickets = optional_bool(j, "tickets").value_or(false); }

// ---- Admin ---------------------------------------------------------------------------------------------
void to_json(Json& j, const DeviceAddRequest& r) {
    j = typed<DeviceAddRequest>();
    j["device"] = r.device;
    j["role"] = to_string(r.role);
    put_if(j, "counter", r.counter);
    put_if(j, "note", r.note);
}
void from_json(const Json& j, DeviceAddRequest& r) {
    r.device = require_string(j, "device");
    r.role = read_role(j);
    r.counter = optional_string(j, "counter");
    r.note = optional_string(j, "note");
}

void to_json(Json& j, const DeviceRevokeRequest& r) {
    j = typed<DeviceRevokeRequest>();
    j["device"] = r.device;
}
void from_json(const Json& j, DeviceRevokeRequest& r) { r.device = require_string(j, "device"); }

// ---- BPJS ----------------------------------------------------------------------------------------------
void to_json(Json& j, const TicketLinkRequest& r) {
    j = typed<TicketLinkRequest>();
    j["ticket"] = r.ticket;
    j["booking_code"] = r.booking_code;
}
void from_json(const Json& j, TicketLinkRequest& r) {
    r.ticket = require_int(j, "ticket");
    r.booking_code = require_string(j, "booking_code");
}

void to_json(Json& j, const BpjsTasksRequest& r) {
    j = typed<BpjsTasksRequest>();
    j["booking_code"] = r.booking_code;
}
void from_json(const Json& j, BpjsTasksRequest& r) { r.booking_code = require_string(j, "booking_code"); }

void to_json(Json& j, const BpjsRetryRequest& r) {
    j = typed<BpjsRetryRequest>();
    put_if(j, "booking_code", r.booking_code);
}
void from_json(const Json& j, BpjsRetryRequest& r) { r.booking_code = optional_string(j, "booking_code"); }

void to_json(Json& j, const BpjsRefRequest& r) {
    j = typed<BpjsRefRequest>();
    j["list"] = r.list;
    put_if(j, "kodepoli", r.kodepoli);
    put_if(j, "tanggal", r.tanggal);
}
void from_json(const Json& j, BpjsRefRequest& r) {
    r.list = require_string(j, "list");
    r.kodepoli.reset();
    r.tanggal.reset();
    if (r.list == "poli" || r.list == "dokter") return;
    if (r.list != "jadwal") throw ProtocolError("list: expected \"poli\", \"dokter\" or \"jadwal\"");
    r.kodepoli = require_string(j, "kodepoli");
    r.tanggal = require_string(j, "tanggal");
}

// ---- Web door accounts ------------------------------------------------------------------------------------
void to_json(Json& j, const WebUserAddRequest& r) {
    j = typed<WebUserAddRequest>();
    j["name"] = r.name;
    j["password_hash"] = r.password_hash;
}
void from_json(const Json& j, WebUserAddRequest& r) {
    r.name = require_string(j, "name");
    r.password_hash = require_string(j, "password_hash");
}

void to_json(Json& j, const WebUserRemoveRequest& r) {
    j = typed<WebUserRemoveRequest>();
    j["name"] = r.name;
}
void from_json(const Json& j, WebUserRemoveRequest& r) { r.name = require_string(j, "name"); }

// ---- Mobile JKN bookings ------------------------------------------------------------------------------------
void to_json(Json& j, const BookingGetRequest& r) {
    j = typed<BookingGetRequest>();
    j["booking_code"] = r.booking_code;
}
void from_json(const Json& j, BookingGetRequest& r) { r.booking_code = require_string(j, "booking_code"); }

void to_json(Json& j, const BookingCheckinRequest& r) {
    j = typed<BookingCheckinRequest>();
    j["booking_code"] = r.booking_code;
    j["request_id"] = r.request_id;
}
void from_json(const Json& j, BookingCheckinRequest& r) {
    r.booking_code = require_string(j, "booking_code");
    r.request_id = require_string(j, "request_id");
}

void to_json(Json& j, const BookingAddRequest& r) {
    j = typed<BookingAddRequest>();
    put_if(j, "nomorkartu", r.nomorkartu);
    j["nik"] = r.nik;
    put_if(j, "nohp", r.nohp);
    j["kodepoli"] = r.kodepoli;
    put_if(j, "norm", r.norm);
    j["tanggalperiksa"] = r.tanggalperiksa;
    j["kodedokter"] = r.kodedokter;
    j["jampraktek"] = r.jampraktek;
    put_if(j, "jeniskunjungan", r.jeniskunjungan);
    put_if(j, "nomorreferensi", r.nomorreferensi);
}
void from_json(const Json& j, BookingAddRequest& r) {
    r.nomorkartu = optional_string(j, "nomorkartu");
    r.nik = require_string(j, "nik");
    r.nohp = optional_string(j, "nohp");
    r.kodepoli = require_string(j, "kodepoli");
    r.norm = optional_string(j, "norm");
    r.tanggalperiksa = require_string(j, "tanggalperiksa");
    r.kodedokter = require_int(j, "kodedokter");
    r.jampraktek = require_string(j, "jampraktek");
    r.jeniskunjungan = optional_int(j, "jeniskunjungan");
    r.nomorreferensi = optional_string(j, "nomorreferensi");
}

void to_json(Json& j, const BookingCancelRequest& r) {
    j = typed<BookingCancelRequest>();
    j["booking_code"] = r.booking_code;
    put_if(j, "reason", r.reason);
}
void from_json(const Json& j, BookingCancelRequest& r) {
    r.booking_code = require_string(j, "booking_code");
    r.reason = optional_string(j, "reason");
}

}  // namespace anoman::proto
