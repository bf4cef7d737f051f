// The queue engine: every protocol operation, over the store, with no sockets
// in it. It runs on one thread (the store's owner). A batch of jobs runs in
// one SQLite transaction (group commit), each job inside its own savepoint so
// a failed request changes nothing; replies and events leave only after the
// commit succeeded.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "anoman/config.hpp"
#include "anoman/hospital_clock.hpp"
#include "anoman/protocol.hpp"
#include "anoman/protocol_requests.hpp"
#include "anoman/protocol_replies.hpp"
#include "booking_rules.hpp"
#include "bpjs_journey.hpp"
#include "clock_watch.hpp"
#include "op_error.hpp"
#include "owner_thread.hpp"
#include "store.hpp"

namespace anoman::server {

using proto::Json;

// Who sent a request: set by a successful hello.
struct Caller {
    std::string device;
    proto::Role role = proto::Role::display;
    std::optional<std::string> counter;  // counter devices: the counter they may act on
    // Which incarnation of the device id this is (role + credential, see
    // device_registry.hpp): ticket.issue's idempotency keys belong to it, so a
    // re-used id never gets another incarnation's tickets back as replays.
    std::string incarnation{};
};

struct Outcome;
class Engine;

struct Job {
    // echo: a line the session already wrote (an error for a malformed line), sent
    // through the worker so it keeps its place among the replies before it.
    // task: work of another door (the HTTP doors, web_*.cpp), run like a request:
    // in the batch's transaction, in its own savepoint, answered after the commit.
    enum class Kind { hello, request, tick, echo, task };
    Job() = default;
    Job(Kind kind_, Caller caller_ = {}, Json message_ = {})
        : kind(kind_), caller(std::move(caller_)), message(std::move(message_)) {}
    Kind kind = Kind::request;
    Caller caller;  // request only
    Json message;   // hello or request line (already parsed)
    // task only: its result becomes Outcome::line; an OpError becomes an error_line.
    std::function<Json(Engine&, Outcome&)> task;
};

struct Outcome {
    Json line;                       // the line for the sender (reply, welcome or error); null for ticks
    bool close_after = false;        // refused hello: close the connection after the line
    std::optional<Caller> caller;    // successful hello: who the connection is now
    std::vector<Json> events;        // committed event lines, in seq order
    std::optional<Json> snapshot;    // subscribe: the snapshot line (after the reply)
    std::int64_t subscribed_seq = -1;
    std::vector<std::string> revoked_devices;  // device.revoke: the server closes their connections
};

struct AdminContext;  // admin_context.hpp: backups, connection census, start time

// One row of the request table (engine_dispatch.cpp): a request type, the
// roles that may send it, and its handler.
struct OpRow {
    using Handler = Json (*)(Engine&, const Caller&, const Json& request, Outcome&);
    std::string_view type;
    std::vector<proto::Role> roles;  // empty: every role
    Handler handler = nullptr;       // null: answered beside the engine (bpjs.ref, session_bpjs.cpp)
    bool own_bounds = false;         // the handler checks field bounds itself (ticket.issue, after its replay)
    bool allows(proto::Role role) const;
};

class Engine {
public:
    using NowFn = std::function<SysMillis()>;
    using MonoFn = std::function<std::chrono::steady_clock::time_point()>;

    // mono: the monotonic clock that tells steps of the wall clock from its
    // running (clock_watch.hpp); the server passes steady_clock::now. Without
    // one, the wall clock is taken as it is: tests that move `now` by hand.
    Engine(const Config& config, Database& db, std::string epoch, NowFn now = &HospitalClock::now, MonoFn mono = {});

    // One thread owns the engine and its connection (owner_thread.hpp; checked
    // on every entry point below in debug builds): the thread that built it,
    // then, after hand_over(), the next one that calls in. EngineWorker hands
    // it to its thread on start and back after the join.
    void hand_over() {
        owner_.hand_over();
        store_.db().hand_over();
    }

    // The row of a request type, or nullptr for an unknown type.
    static const OpRow* find_op(std::string_view type);

    // Runs jobs in one transaction; one outcome per job, in order.
    std::vector<Outcome> run_batch(const std::vector<Job>& jobs);
    // Convenience for tests: a batch of one.
    Outcome handle(const Caller& caller, const Json& request);
    Outcome hello(const Json& hello_line);
    Outcome tick();

    const std::string& epoch() const { return epoch_; }
    const Config& config() const { return config_; }
    std::int64_t last_seq() {
        owner_.check("Engine::last_seq");
        return store_.last_seq();
    }
    std::string current_day();
    // Backups, connection counts and uptime for the admin extensions (engine_admin.cpp).
    void set_admin(AdminContext* admin) { admin_ = admin; }
    // Runs on every tick and after every commit, before anything is answered:
    // the server's check that its database is still the file at its path
    // (database_file.hpp; it ends the process if not).
    void set_database_check(std::function<void()> check) { database_check_ = std::move(check); }

    // For tasks (Job::Kind::task) of the HTTP doors, on the engine thread only.
    Store& store() {
        owner_.check("Engine::store");
        return store_;
    }
    const HospitalClock& clock() const { return clock_; }
    const std::string& service_day() const { return day_; }
    SysMillis job_now() const { return job_now_; }
    Json ticket_json(const TicketRow& row) const { return to_proto(row); }
    std::int64_t estimate_wait(const std::string& service, int ahead) { return estimate_for(service, ahead); }
    // A protocol request run inside the task's savepoint, as if `caller` had sent it.
    Json run_request(const Caller& caller, const Json& request, Outcome& outcome) {
        return dispatch(caller, request, outcome);
    }

    // Mobile JKN bookings (engine_bookings.cpp, docs/mobile-jkn.md), for the
    // Mobile JKN door's tasks and the booking.* operations. Refusals are
    // OpError whose extra carries "pesan", the reason in Bahasa Indonesia.
    Json booking_take(const BookingRequest& request);  // ambilantrean's response object
    Json booking_queue_status(const std::string& kodepoli, std::int64_t kodedokter, const std::string& day,
                              const std::string& jampraktek);  // statusantrean
    Json booking_remaining(const std::string& code);  // sisaantrean
    void booking_cancel(const std::string& code, const std::string& reason, const std::string& by);
    // Check-in: the ticket (now waiting) and whether it was a replay of request_id.
    std::pair<TicketRow, bool> booking_checkin(const std::string& code, const Caller& caller,
                                               const std::optional<std::string>& request_id, Outcome& outcome);

private:
    static const std::vector<OpRow>& op_table();
    // One job inside the transaction. Throws OpError / ProtocolError / StoreError.
    Json dispatch(const Caller& caller, const Json& request, Outcome& outcome);
    Outcome run_job(const Job& job);
    void ensure_day(Outcome& outcome);

    // The request table (engine_dispatch.cpp) names these handlers: one per
    // request type, each taking its decoded request (protocol_requests.hpp).
    // Operations (engine_tickets.cpp, engine_counters.cpp, engine_views.cpp).
    Json op_ping(const Caller& caller, const proto::PingRequest& request, Outcome& outcome);
    Json op_services_list(const Caller& caller, const proto::ServicesListRequest& request, Outcome& outcome);
    // Raw: a retry is answered before the rest of the request is decoded.
    Json op_ticket_issue(const Caller& caller, const Json& request, Outcome& outcome);
    Json op_ticket_get(const Caller& caller, const proto::TicketGetRequest& request, Outcome& outcome);
    Json op_ticket_requeue(const Caller& caller, const proto::TicketRequeueRequest& request, Outcome& outcome);
    Json op_ticket_cancel(const Caller& caller, const proto::TicketCancelRequest& request, Outcome& outcome);
    Json op_call_next(const Caller& caller, const proto::CounterCallNextRequest& request, Outcome& outcome);
    Json op_call(const Caller& caller, const proto::CounterCallRequest& request, Outcome& outcome);
    Json op_recall(const Caller& caller, const proto::CounterRecallRequest& request, Outcome& outcome);
    Json op_skip(const Caller& caller, const proto::CounterSkipRequest& request, Outcome& outcome);
    Json op_finish(const Caller& caller, const proto::CounterFinishRequest& request, Outcome& outcome);
    Json op_transfer(const Caller& caller, const proto::CounterTransferRequest& request, Outcome& outcome);
    Json op_open(const Caller& caller, const proto::CounterOpenRequest& request, Outcome& outcome);
    Json op_close(const Caller& caller, const proto::CounterCloseRequest& request, Outcome& outcome);
    Json open_close(const Caller& caller, const std::string& counter_id, const std::optional<std::string>& reason,
                    bool open, Outcome& outcome);
    Json op_announce(const Caller& caller, const proto::AnnounceRequest& request, Outcome& outcome);
    Json op_stats_day(const Caller& caller, const proto::StatsDayRequest& request, Outcome& outcome);
    Json op_stats_counter(const Caller& caller, const proto::StatsCounterRequest& request, Outcome& outcome);
    Json op_subscribe(const Caller& caller, const proto::SubscribeRequest& request, Outcome& outcome);
    // Admin extensions (engine_admin.cpp): devices, backups, health.
    Json op_device_add(const Caller& caller, const proto::DeviceAddRequest& request, Outcome& outcome);
    Json op_device_revoke(const Caller& caller, const proto::DeviceRevokeRequest& request, Outcome& outcome);
    Json op_device_list(const Caller& caller, const proto::DeviceListRequest& request, Outcome& outcome);
    Json op_backup_now(const Caller& caller, const proto::BackupNowRequest& request, Outcome& outcome);
    Json op_server_status(const Caller& caller, const proto::ServerStatusRequest& request, Outcome& outcome);
    // BPJS Antrean (engine_bpjs.cpp): ticket.link and the outbox's admin view.
    Json op_ticket_link(const Caller& caller, const proto::TicketLinkRequest& request, Outcome& outcome);
    Json op_bpjs_status(const Caller& caller, const proto::BpjsStatusRequest& request, Outcome& outcome);
    Json op_bpjs_tasks(const Caller& caller, const proto::BpjsTasksRequest& request, Outcome& outcome);
    Json op_bpjs_retry(const Caller& caller, const proto::BpjsRetryRequest& request, Outcome& outcome);
    Json bpjs_figures();  // for server.status and bpjs.status
    // ticket.issue's patient.booking_code: bad_request if malformed.
    std::optional<std::string> booking_code_of(const std::optional<proto::Patient>& patient);
    void link_at_issue(const TicketRow& row, const std::string& code);  // invalid_state if taken today
    // Web door extensions (web_engine_ops.cpp): the ticket page's address, accounts.
    Json op_web_user_add(const Caller& caller, const proto::WebUserAddRequest& request, Outcome& outcome);
    Json op_web_user_remove(const Caller& caller, const proto::WebUserRemoveRequest& request, Outcome& outcome);
    Json op_web_user_list(const Caller& caller, const proto::WebUserListRequest& request, Outcome& outcome);
    // Bookings (engine_bookings.cpp).
    Json op_booking_get(const Caller& caller, const proto::BookingGetRequest& request, Outcome& outcome);
    Json op_booking_checkin(const Caller& caller, const proto::BookingCheckinRequest& request, Outcome& outcome);
    Json op_booking_add(const Caller& caller, const proto::BookingAddRequest& request, Outcome& outcome);
    Json op_booking_cancel(const Caller& caller, const proto::BookingCancelRequest& request, Outcome& outcome);
    Json booking_json(const struct BookingRow& booking);
    const ServiceConfig& booking_service(const std::string& kodepoli, std::int64_t kodedokter,
                                         const std::string& jampraktek);
    std::int64_t booking_estimate(const ServiceConfig& service, const std::string& day, std::int64_t daily_seq);
    // Bookings never checked in by the end of their jampraktek: cancelled (99 + batal).
    void expire_bookings();
    std::int64_t next_booking_expiry_ms_ = 0;  // 0: look at the next tick that writes

    // Shared pieces.
    proto::Ticket to_proto(const TicketRow& row) const;
    proto::CounterState counter_state(const CounterConfig& counter);
    proto::ServiceState service_state(const ServiceConfig& service);
    // The ticket's web page (web_engine_ops.cpp), when the web door is on and the ticket has one.
    std::optional<std::string> page_url(const TicketRow& row);
    const CounterConfig& resolve_counter(const std::string& id);  // not_found
    void require_counter_access(const Caller& caller, const CounterConfig& counter);  // forbidden
    // The named counter, checked in PROTOCOL.md's order: not_found, then forbidden (role, own counter).
    const CounterConfig& counter_for(const Caller& caller, const std::string& id);
    // forbidden unless the caller's role may send the request being dispatched
    // (its row in the table). Each handler calls it after its fields and
    // entities, so bad_request -> not_found -> forbidden holds (PROTOCOL.md).
    void require_role(const Caller& caller) const;
    const OpRow* current_op_ = nullptr;  // the row of the request being dispatched
    CounterRow counter_row(const std::string& id);
    std::optional<TicketRow> current_ticket(const CounterRow& counter);
    TicketRow require_current(const CounterRow& counter);  // invalid_state if none
    void finish_current(CounterRow& counter, Outcome& outcome);
    TicketRow call_ticket(CounterRow& counter, TicketRow ticket, Outcome& outcome);
    bool service_open_now(const ServiceConfig& service) const;
    // ticket: the waiting ticket the estimate is for; none: a patient who
    // would take a ticket now (behind everyone waiting).
    std::int64_t estimate_for(const std::string& service, int ahead, const TicketRow* ticket = nullptr);
    // The event (its kind, ticket and counter set; extras such as from_service
    // filled by the caller) gets its time and seq, is stored and queued for the subscribers.
    void emit(proto::Event event, Outcome& outcome, const std::optional<TicketRow>& ticket);
    void emit(proto::EventKind kind, Outcome& outcome, const std::optional<TicketRow>& ticket,
              const std::optional<std::string>& counter);

    const Config& config_;
    OwnerThread owner_;
    Store store_;
    HospitalClock clock_;
    std::string epoch_;
    NowFn now_;
    MonoFn mono_;
    ClockWatch clock_watch_;
    SysMillis job_now_{};        // the time of the job being run
    SysMillis day_now_{};        // the time its service day is decided by (job_now_ unless a step is held)
    SysMillis observe_clock();   // reads both clocks: sets job_now_ and day_now_
    std::function<void()> database_check_;
    void after_batch();
    // Queue entry times are strictly increasing (see next_queue_time()).
    std::int64_t last_queued_ms_ = 0;
    std::int64_t next_queue_time();
    std::string day_;            // the service day the database is on (cached from meta)
    // Old events are pruned in chunks on idle ticks: from start, and again after each rollover.
    bool pruning_events_ = true;
    void prune_events_chunk();
    AdminContext* admin_ = nullptr;
    BpjsJourney journey_;  // BPJS tasks into the outbox, in the same transaction
};


}  // namespace anoman::server
