// The hall as the display shows it: counters and their current numbers, the
// last calls, the number waiting per service, the running announcement, and
// whether all of that can be trusted right now.
//
// Plain C++ with no ImGui and no sockets: main feeds it what the client
// delivers (link changes, welcome, snapshot, events, heartbeats) with the
// time they arrived, and the view draws what it holds. Time is passed in, so
// tests can drive silence, blinking and expiry without sleeping.
//
// The rule it exists for: never show a number that may be stale. The hall is
// shown only while the link is up, a snapshot of the current connection has
// been applied, no event was missed (seq gap, epoch change) and the server was
// heard from within the last 6 s. Otherwise live() is false and the view shows
// the reconnecting state instead of numbers.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "anoman/client.hpp"
#include "anoman/protocol.hpp"

namespace anoman::display {

using Instant = std::chrono::steady_clock::time_point;
using namespace std::chrono_literals;

struct CounterTile {
    std::string id;
    std::string name;
    std::vector<std::string> services;
    bool open = true;
    std::optional<std::string> reason;      // why it is closed
    std::optional<proto::Ticket> current;   // the patient called there now
};

struct ServiceLine {
    std::string code;
    std::string name;
    int waiting = 0;
    bool open = true;
};

struct RecentCall {
    std::int64_t seq = 0;
    std::int64_t ticket_id = 0;
    std::string number;
    std::string counter_id;
    std::string counter_name;
    bool recall = false;
};

// A call the hall must speak (and has just highlighted).
struct CallToAnnounce {
    std::int64_t seq = 0;
    std::string number;
    std::string counter_id;
    std::string counter_name;
    bool recall = false;
};

// Why the hall is not shown (for the reconnecting screen's detail line).
enum class HallStatus {
    live,        // showing the hall
    connecting,  // no connection, or waiting to retry
    syncing,     // connected, waiting for a snapshot (first one, or after a gap / epoch change)
    silent,      // nothing heard from the server for 6 s
    refused,     // the server refused this device (wrong --device/--token)
};

// The newest call's highlight: blinking for a short while after it arrives, then steady.
struct Highlight {
    std::int64_t ticket_id = 0;
    std::string counter_id;
    bool blinking = false;
    bool lit = true;  // while blinking: on or off in this instant
};

struct Ticker {
    std::string text;
    double elapsed_s = 0;  // since the announcement arrived (drives the scrolling)
};

class HallModel {
public:
    static constexpr auto kSilenceLimit = std::chrono::seconds(proto::kOfflineAfterSeconds);
    static constexpr auto kBlinkHalfPeriod = 400ms;
    static constexpr int kBlinkHalfPeriods = 8;          // 3.2 s of blinking, then steady
    static constexpr std::size_t kRecentLimit = 10;
    static constexpr auto kTickerShownFor = std::chrono::minutes(5);
    // A call missed during an outage shorter than this is still announced
    // after the resync; after a longer outage it would only confuse.
    static constexpr auto kReplayMissedCallsWithin = 60s;
    static constexpr double kTickerFrameSeconds = 1.0 / 30.0;

    // counter_filter: the counters this display shows, in this order (empty: all, in server order).
    explicit HallModel(std::vector<std::string> counter_filter = {});

    // ---- what the client delivers ----
    void link_changed(LinkState state, const std::string& detail, Instant now);
    void welcome(const proto::Welcome& welcome, Instant now);
    // Rebuilds the hall. Returns calls to speak: those missed during a short
    // outage (never any on the first snapshot).
    std::vector<CallToAnnounce> snapshot(const proto::Snapshot& snapshot, Instant now);
    // Applies one event in order. Returns the call to speak for a called or
    // recalled event on a shown counter. A seq gap leaves the hall unsynced
    // (not shown) until the next snapshot.
    std::optional<CallToAnnounce> event(const proto::Event& event, Instant now);
    void heartbeat(const proto::Heartbeat& heartbeat, Instant now);

    // ---- what the view reads ----
    bool live(Instant now) const { return status(now) == HallStatus::live; }
    HallStatus status(Instant now) const;
    const std::string& link_detail() const { return link_detail_; }
    const std::string& hospital_name() const { return hospital_.name; }
    const std::string& timezone() const { return hospital_.timezone; }
    const std::string& service_day() const { return service_day_; }
    const std::vector<CounterTile>& tiles() const { return tiles_; }
    const std::vector<ServiceLine>& services() const { return services_; }
    const std::deque<RecentCall>& recent() const { return recent_; }
    // Counter ids asked for with --counters that the server does not have.
    const std::vector<std::string>& unknown_counters() const { return unknown_counters_; }
    std::optional<Highlight> highlight(Instant now) const;
    std::optional<Ticker> ticker(Instant now) const;
    // How long the screen can stay as it is: the next blink toggle, the
    // scrolling ticker's next frame, the silence deadline, the ticker's end.
    double seconds_until_change(Instant now) const;

    // Grows with every change the screen shows (not with a heartbeat that
    // changes nothing): the frame loop skips frames while it stays the same.
    std::uint64_t revision() const { return revision_; }
    std::int64_t last_seq() const { return last_seq_; }
    const std::string& epoch() const { return epoch_; }
    bool synced() const { return synced_; }

private:
    bool shows_counter(const std::string& counter_id) const;
    CounterTile* find_tile(const std::string& counter_id);
    ServiceLine* find_service(const std::string& code);
    void adjust_waiting(const std::string& service_code, int delta);
    void remember_call(const RecentCall& call);
    void clear_current(std::int64_t ticket_id);
    void lose_sync(Instant now);
    void heard(Instant now) { last_heard_ = now; }

    std::vector<std::string> counter_filter_;
    LinkState link_ = LinkState::connecting;
    std::string link_detail_;
    proto::Hospital hospital_;
    std::string service_day_;
    std::string epoch_;
    bool synced_ = false;
    bool ever_synced_ = false;
    std::optional<Instant> sync_lost_at_;
    std::int64_t last_seq_ = 0;
    Instant last_heard_{};
    std::uint64_t revision_ = 0;

    std::vector<CounterTile> tiles_;
    std::vector<ServiceLine> services_;
    std::deque<RecentCall> recent_;
    std::vector<std::string> unknown_counters_;

    std::optional<Instant> newest_call_at_;  // local arrival of the newest live call
    std::optional<std::string> ticker_text_;
    Instant ticker_started_{};
};

// True if a cancelled ticket was still waiting in a queue (so the waiting
// count drops): never called, or put back in a queue (requeue, transfer)
// after its last call.
bool was_waiting_when_cancelled(const proto::Ticket& ticket);

}  // namespace anoman::display
