// The clerk console's state and behaviour, in plain C++ (no ImGui, no
// sockets): fully unit tested.
//
// Inputs: the link state, welcome, snapshot, events and heartbeats of the
// client; replies to the requests it asked for; keys and characters from the
// keyboard (a USB barcode scanner is a keyboard too) and clicks from the view.
// Outputs: what the view draws, and an outbox of requests for the session to
// send. State comes only from the server (snapshot + events); a reply only
// produces the line telling the clerk what happened.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "anoman/client.hpp"
#include "anoman/counter/ticket_book.hpp"
#include "anoman/hospital_clock.hpp"
#include "anoman/protocol.hpp"

namespace anoman::counter {

// Keys the console reacts to. Actions sit on function keys so that what a
// scanner types ("ANOMAN:2026-11-22:B012:7", letters and digits) can never
// trigger one.
enum class Key {
    f1, f2, f3, f4, f5, f6, f7, f8, f9, f12,
    up, down, page_up, page_down, home, end,
    enter, escape, backspace,
};

// What the clerk can ask for (one key each, and a button each in the view).
enum class Action {
    call_next,     // F1 Panggil berikutnya
    recall,        // F2 Panggil ulang
    skip,          // F3 Tidak hadir
    finish,        // F4 Selesai
    transfer,      // F5 Alihkan (opens the choice of service)
    open_close,    // F6 Buka / Tutup loket (closing asks for a reason)
    call_selected, // F7 Panggil tiket terpilih
    requeue,       // F8 Antre ulang (a skipped patient who came back)
    link_booking,  // F9 Tautkan kode booking: the scanned or typed code goes to the current patient (BPJS)
};

// The line under the current patient: a catalog key and its {placeholders}.
struct Notice {
    enum class Level { info, success, error };
    Level level = Level::info;
    std::string key;
    std::vector<std::pair<std::string, std::string>> params;
    SysMillis at{};
};

// A request for the session to send; the reply comes back with its token.
struct Outgoing {
    std::uint64_t token = 0;
    proto::Json request;
};

// Today's figures for this counter (stats.counter).
struct CounterFigures {
    std::int64_t served = 0;
    std::int64_t skipped = 0;
    std::int64_t avg_service_s = 0;
};

// Reasons offered when closing; the wire value is the Indonesian word the
// hall display shows, the key its label in the catalog.
struct CloseReason {
    const char* wire;
    const char* key;
};
const std::vector<CloseReason>& close_reasons();

// One per console: its fields are grouped by what they hold, not packed by size.
class CounterModel {  // NOLINT(clang-analyzer-optin.performance.Padding)
public:
    enum class Dialog { none, transfer, close_reason };

    CounterModel() = default;

    // ---- From the client --------------------------------------------------------
    void on_link(LinkState state, const std::string& detail, SysMillis now);
    void on_welcome(const proto::Welcome& welcome, SysMillis now);
    void on_snapshot(const proto::Snapshot& snapshot, SysMillis now);
    void on_event(const proto::Event& event, SysMillis now);
    void on_heartbeat(const proto::Heartbeat& heartbeat, SysMillis now);
    void on_reply(std::uint64_t token, const proto::Reply& reply, SysMillis now);

    // ---- From the clerk ---------------------------------------------------------
    void press(Key key, SysMillis now);
    void type(char32_t character, SysMillis now);
    void act(Action action, SysMillis now);
    void select(std::int64_t ticket_id);
    void choose(int option, SysMillis now);  // dialog option (click or digit)
    void cancel_dialog();
    void submit_scan(SysMillis now);           // Enter in the scan field

    // Requests to send, in order; empties the outbox.
    std::vector<Outgoing> take_outbox();

    // ---- For the view -----------------------------------------------------------
    LinkState link() const { return link_; }
    const std::string& link_detail() const { return link_detail_; }
    bool has_snapshot() const { return has_snapshot_; }
    // Online, snapshot in hand, and heard from the server in the last 6 s.
    bool is_live(SysMillis now) const;
    const std::string& hospital_name() const { return hospital_name_; }
    const std::string& hospital_timezone() const { return hospital_timezone_; }
    const std::string& counter_id() const { return counter_id_; }
    const std::string& counter_name() const { return counter_name_; }
    const std::vector<std::string>& counter_services() const { return counter_services_; }
    const std::string& service_day() const { return service_day_; }
    bool counter_open() const { return counter_open_; }
    const std::optional<std::string>& close_reason() const { return close_reason_; }
    const std::optional<proto::Ticket>& current() const { return current_; }
    std::vector<const proto::Ticket*> waiting_rows() const;
    std::vector<const proto::Ticket*> skipped_rows() const;
    bool tickets_known() const { return tickets_known_; }
    std::optional<std::int64_t> selected() const { return selected_; }
    // True once after the selection moved by key or scan (the view scrolls to it).
    bool take_scroll_request();
    const std::optional<CounterFigures>& figures() const { return figures_; }
    const std::optional<Notice>& notice() const { return notice_; }
    bool busy() const { return busy_token_.has_value(); }
    const std::string& scan_text() const { return scan_text_; }
    Dialog dialog() const { return dialog_; }
    int dialog_index() const { return dialog_index_; }
    // Services a transfer may go to: every service but the current ticket's.
    std::vector<std::string> transfer_targets() const;
    std::string service_name(const std::string& code) const;
    std::string service_prefix(const std::string& code) const;  // "A" (what tickets start with)
    std::string counter_display_name(const std::string& id) const;
    const TicketBook& book() const { return book_; }
    // BPJS: the booking code linked to a ticket from this console (ticket.link), if any.
    std::optional<std::string> booking_of(std::int64_t ticket_id) const;
    // F9 was pressed with an empty scan field: the next code scanned or typed (Enter) is linked.
    bool link_armed() const { return link_armed_; }
    bool english() const { return english_; }
    void set_english(bool on) {
        english_ = on;
        ++revision_;
    }
    // Grows with every change the screen may show (every input above): the
    // frame loop redraws when it moved (anoman/gui/redraw_gate.hpp).
    std::uint64_t revision() const { return revision_; }
    std::int64_t last_seq() const { return last_seq_; }

private:
    enum class Pending { action, stats, lookup };
    std::uint64_t revision_ = 0;
    struct PendingRequest {
        Pending kind = Pending::action;
        std::string type;          // request type ("counter.call_next", ...)
        std::string number;        // the ticket the request is about, if any
        std::string detail;        // service name / reason, for the notice
    };

    void send_action(proto::Json request, std::string number, std::string detail, SysMillis now);
    void request_stats();
    void set_notice(Notice::Level level, std::string key, SysMillis now,
                    std::vector<std::pair<std::string, std::string>> params = {});
    bool ready_for_action(SysMillis now);
    void apply_counter(const proto::CounterState& counter);
    void refresh_current();
    void keep_selection_valid();
    void move_selection(int delta);
    void lookup(const std::string& text, SysMillis now);
    void on_action_reply(const PendingRequest& pending, const proto::Reply& reply, SysMillis now);
    void on_lookup_reply(const PendingRequest& pending, const proto::Reply& reply, SysMillis now);
    void explain_error(const PendingRequest& pending, const proto::Error& error, SysMillis now);
    void confirm_dialog(SysMillis now);
    void link_booking(const std::string& code, SysMillis now);
    std::vector<std::int64_t> row_ids() const;

    // Link and identity.
    LinkState link_ = LinkState::connecting;
    std::string link_detail_;
    bool has_snapshot_ = false;
    SysMillis last_heard_{};
    std::string hospital_name_;
    std::string hospital_timezone_ = "Asia/Jakarta";
    std::string counter_id_;
    std::string service_day_;
    std::int64_t last_seq_ = 0;

    // The hall as the server has it.
    std::string counter_name_;
    std::vector<std::string> counter_services_;
    bool counter_open_ = true;
    std::optional<std::string> close_reason_;
    std::optional<proto::Ticket> current_;
    std::optional<std::int64_t> current_id_;
    std::vector<proto::ServiceState> services_;
    std::map<std::string, std::string> counter_names_;
    TicketBook book_;
    bool tickets_known_ = false;
    std::optional<CounterFigures> figures_;

    // The clerk's side.
    std::optional<std::int64_t> selected_;
    std::size_t selected_index_ = 0;
    bool scroll_request_ = false;
    std::string scan_text_;
    Dialog dialog_ = Dialog::none;
    int dialog_index_ = 0;
    std::optional<Notice> notice_;
    bool english_ = false;
    bool link_armed_ = false;
    std::map<std::int64_t, std::string> bookings_;  // ticket id -> booking code linked here

    // Requests.
    std::vector<Outgoing> outbox_;
    std::map<std::uint64_t, PendingRequest> pending_;
    std::optional<std::uint64_t> busy_token_;
    SysMillis busy_since_{};
    bool stats_pending_ = false;
    bool stats_dirty_ = false;
    std::uint64_t next_token_ = 1;
};

}  // namespace anoman::counter
