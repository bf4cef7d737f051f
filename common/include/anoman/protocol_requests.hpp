// Every request of the protocol as a struct (docs/protocol.md "Operations").
//
// Clients build a request as a struct and send it: to_json writes "type" and
// the fields (the client adds "id"). The server decodes the same struct with
// from_json, which reads the fields in the order the server judges them and
// throws ProtocolError with the path of the first bad one ("counter: missing").
// Rules beyond a field's type (a known service, a non-empty text, a day of the
// form YYYY-MM-DD) stay with the server's handlers: they need the server's
// configuration, or they answer another error code.
//
// Adding a request: a struct here with kType and its fields, to_json/from_json
// in protocol_requests.cpp, a round trip in tests/common/protocol_requests_test.cpp,
// then one row in the server's table (queue-server/src/engine/engine_dispatch.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "anoman/protocol.hpp"

namespace anoman::proto {

// ---- The queue (PROTOCOL.md) ---------------------------------------------------------
struct PingRequest {
    static constexpr std::string_view kType = "ping";
};

struct ServicesListRequest {
    static constexpr std::string_view kType = "services.list";
};

// ticket.issue's optional patient: {kind: "bpjs"/"umum", nik, card_no, booking_code}.
struct Patient {
    std::optional<std::string> kind{};
    std::optional<std::string> nik{};
    std::optional<std::string> card_no{};
    std::optional<std::string> booking_code{};
};

struct TicketIssueRequest {
    static constexpr std::string_view kType = "ticket.issue";
    std::string service{};
    std::string request_id{};  // idempotency key per device
    std::optional<bool> priority{};
    std::optional<Patient> patient{};
    // The server answers a retry before it reads anything else (even malformed
    // fields): this reads request_id alone.
    static std::string read_request_id(const Json& request);
};

// One of code (a ticket page's secret), ticket (id) or number (+ service_day), in that order.
struct TicketGetRequest {
    static constexpr std::string_view kType = "ticket.get";
    std::optional<std::string> code{};
    std::optional<std::int64_t> ticket{};
    std::optional<std::string> number{};
    std::optional<std::string> service_day{};
};

struct TicketRequeueRequest {
    static constexpr std::string_view kType = "ticket.requeue";
    std::int64_t ticket = 0;
};

struct TicketCancelRequest {
    static constexpr std::string_view kType = "ticket.cancel";
    std::int64_t ticket = 0;
};

struct CounterCallNextRequest {
    static constexpr std::string_view kType = "counter.call_next";
    std::string counter{};
};

struct CounterCallRequest {
    static constexpr std::string_view kType = "counter.call";
    std::int64_t ticket = 0;  // read first: the server judged it before the counter
    std::string counter{};
};

struct CounterRecallRequest {
    static constexpr std::string_view kType = "counter.recall";
    std::string counter{};
};

struct CounterSkipRequest {
    static constexpr std::string_view kType = "counter.skip";
    std::string counter{};
};

struct CounterFinishRequest {
    static constexpr std::string_view kType = "counter.finish";
    std::string counter{};
};

struct CounterTransferRequest {
    static constexpr std::string_view kType = "counter.transfer";
    std::string to_service{};
    std::string counter{};
};

struct CounterOpenRequest {
    static constexpr std::string_view kType = "counter.open";
    std::string counter{};
    std::optional<std::string> reason{};  // read (and bounded) but unused by open
};

struct CounterCloseRequest {
    static constexpr std::string_view kType = "counter.close";
    std::string counter{};
    std::optional<std::string> reason{};  // "istirahat", ...
};

struct AnnounceRequest {
    static constexpr std::string_view kType = "announce";
    std::string text{};
};

struct StatsDayRequest {
    static constexpr std::string_view kType = "stats.day";
    std::optional<std::string> day{};  // YYYY-MM-DD, default today
};

struct StatsCounterRequest {
    static constexpr std::string_view kType = "stats.counter";
    std::string counter{};
};

struct SubscribeRequest {
    static constexpr std::string_view kType = "subscribe";
    bool tickets = false;  // extension: the snapshot carries today's live tickets
};

// ---- Admin extensions (engine_admin.cpp) --------------------------------------------------
struct DeviceAddRequest {
    static constexpr std::string_view kType = "device.add";
    std::string device{};
    Role role = Role::display;
    std::optional<std::string> counter{};
    std::optional<std::string> note{};
};

struct DeviceRevokeRequest {
    static constexpr std::string_view kType = "device.revoke";
    std::string device{};
};

struct DeviceListRequest {
    static constexpr std::string_view kType = "device.list";
};

struct BackupNowRequest {
    static constexpr std::string_view kType = "backup.now";
};

struct ServerStatusRequest {
    static constexpr std::string_view kType = "server.status";
};

// ---- BPJS Antrean (engine_bpjs.cpp, session_bpjs.cpp) --------------------------------------
struct TicketLinkRequest {
    static constexpr std::string_view kType = "ticket.link";
    std::int64_t ticket = 0;
    std::string booking_code{};
};

struct BpjsStatusRequest {
    static constexpr std::string_view kType = "bpjs.status";
};

struct BpjsTasksRequest {
    static constexpr std::string_view kType = "bpjs.tasks";
    std::string booking_code{};
};

struct BpjsRetryRequest {
    static constexpr std::string_view kType = "bpjs.retry";
    std::optional<std::string> booking_code{};  // none: every refused task
};

// BPJS's reference lists; kodepoli and tanggal belong to "jadwal" only.
struct BpjsRefRequest {
    static constexpr std::string_view kType = "bpjs.ref";
    std::string list{};  // "poli", "dokter" or "jadwal"
    std::optional<std::string> kodepoli{};
    std::optional<std::string> tanggal{};
};

// ---- Web door accounts (web_engine_ops.cpp) -------------------------------------------------
struct WebUserAddRequest {
    static constexpr std::string_view kType = "web.user.add";
    std::string name{};
    std::string password_hash{};  // Argon2id, made by queuectl: the password never crosses the wire
};

struct WebUserRemoveRequest {
    static constexpr std::string_view kType = "web.user.remove";
    std::string name{};
};

struct WebUserListRequest {
    static constexpr std::string_view kType = "web.user.list";
};

// ---- Mobile JKN bookings (docs/protocol.md "Bookings", docs/mobile-jkn.md) ------------
struct BookingGetRequest {
    static constexpr std::string_view kType = "booking.get";
    std::string booking_code{};
};

// Idempotent per device like ticket.issue: a retried request_id answers the same ticket.
struct BookingCheckinRequest {
    static constexpr std::string_view kType = "booking.checkin";
    std::string booking_code{};
    std::string request_id{};
};

// ambilantrean's fields, for SIMRS and the hospital's own staff (admin).
struct BookingAddRequest {
    static constexpr std::string_view kType = "booking.add";
    std::optional<std::string> nomorkartu{};  // absent or empty: a non-JKN booking
    std::string nik{};
    std::optional<std::string> nohp{};
    std::string kodepoli{};
    std::optional<std::string> norm{};
    std::string tanggalperiksa{};
    std::int64_t kodedokter = 0;
    std::string jampraktek{};
    std::optional<std::int64_t> jeniskunjungan{};
    std::optional<std::string> nomorreferensi{};
};

struct BookingCancelRequest {
    static constexpr std::string_view kType = "booking.cancel";
    std::string booking_code{};
    std::optional<std::string> reason{};
};

// to_json writes {"type": kType, fields...}; from_json reads the fields only.
// (T is a type name in a declaration: it cannot be parenthesised.)
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ANOMAN_PROTO_REQUEST(T)          \
    void to_json(Json& j, const T& r);   \
    void from_json(const Json& j, T& r);
// NOLINTEND(bugprone-macro-parentheses)
ANOMAN_PROTO_REQUEST(PingRequest)
ANOMAN_PROTO_REQUEST(ServicesListRequest)
ANOMAN_PROTO_REQUEST(TicketIssueRequest)
ANOMAN_PROTO_REQUEST(TicketGetRequest)
ANOMAN_PROTO_REQUEST(TicketRequeueRequest)
ANOMAN_PROTO_REQUEST(TicketCancelRequest)
ANOMAN_PROTO_REQUEST(CounterCallNextRequest)
ANOMAN_PROTO_REQUEST(CounterCallRequest)
ANOMAN_PROTO_REQUEST(CounterRecallRequest)
ANOMAN_PROTO_REQUEST(CounterSkipRequest)
ANOMAN_PROTO_REQUEST(CounterFinishRequest)
ANOMAN_PROTO_REQUEST(CounterTransferRequest)
ANOMAN_PROTO_REQUEST(CounterOpenRequest)
ANOMAN_PROTO_REQUEST(CounterCloseRequest)
ANOMAN_PROTO_REQUEST(AnnounceRequest)
ANOMAN_PROTO_REQUEST(StatsDayRequest)
ANOMAN_PROTO_REQUEST(StatsCounterRequest)
ANOMAN_PROTO_REQUEST(SubscribeRequest)
ANOMAN_PROTO_REQUEST(DeviceAddRequest)
ANOMAN_PROTO_REQUEST(DeviceRevokeRequest)
ANOMAN_PROTO_REQUEST(DeviceListRequest)
ANOMAN_PROTO_REQUEST(BackupNowRequest)
ANOMAN_PROTO_REQUEST(ServerStatusRequest)
ANOMAN_PROTO_REQUEST(TicketLinkRequest)
ANOMAN_PROTO_REQUEST(BpjsStatusRequest)
ANOMAN_PROTO_REQUEST(BpjsTasksRequest)
ANOMAN_PROTO_REQUEST(BpjsRetryRequest)
ANOMAN_PROTO_REQUEST(BpjsRefRequest)
ANOMAN_PROTO_REQUEST(WebUserAddRequest)
ANOMAN_PROTO_REQUEST(WebUserRemoveRequest)
ANOMAN_PROTO_REQUEST(WebUserListRequest)
ANOMAN_PROTO_REQUEST(BookingGetRequest)
ANOMAN_PROTO_REQUEST(BookingCheckinRequest)
ANOMAN_PROTO_REQUEST(BookingAddRequest)
ANOMAN_PROTO_REQUEST(BookingCancelRequest)
#undef ANOMAN_PROTO_REQUEST

void to_json(Json& j, const Patient& p);
void from_json(const Json& j, Patient& p);

// A request line with its id, as a client sends it: {"type":..,"id":id,...}.
template <typename Request>
Json request_line(const Request& request, const Json& id) {
    Json line = request;
    line["id"] = id;
    return line;
}

}  // namespace anoman::proto
