#include "wait_day.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <queue>
#include <random>

#include "anoman/config.hpp"
#include "engine.hpp"
#include "sqlite_db.hpp"

namespace anoman::bench {
namespace {

using server::Caller;
using std::chrono::milliseconds;

constexpr double kRecallAfterS = 30;    // a clerk calls a missing patient again after half a minute
constexpr double kSkipAfterS = 30;      // and skips them half a minute later
constexpr double kIdlePollS = 10;       // an idle clerk looks at the console about this often
constexpr double kServiceCv = 0.8;      // spread of service times: a few take far longer
constexpr double kOpenSpreadS = 180;    // clerks open within +-3 minutes of the hour

Json wait_config() {
    return Json::parse(R"({
      "hospital": {"name": "RSUD Simulasi", "timezone": "Asia/Jakarta"},
      "services": [
        {"code": "A", "name": "Pendaftaran BPJS", "prefix": "A"},
        {"code": "B", "name": "Pendaftaran Umum", "prefix": "B"},
        {"code": "PU", "name": "Poli Umum", "prefix": "U"}
      ],
      "counters": [
        {"id": "L1", "name": "Loket 1", "services": ["A", "B"]},
        {"id": "L2", "name": "Loket 2", "services": ["A", "B"]},
        {"id": "R1", "name": "Ruang Poli Umum", "services": ["PU"]}
      ],
      "devices": [
        {"id": "kiosk-1", "role": "kiosk", "token": "k1"},
        {"id": "loket-L1", "role": "counter", "counter": "L1", "token": "c1"},
        {"id": "loket-L2", "role": "counter", "counter": "L2", "token": "c2"},
        {"id": "loket-R1", "role": "counter", "counter": "R1", "token": "c3"}
      ]
    })");
}

// Random draws from the raw 64-bit stream, so a seed gives the same day with
// any standard library (std:: distributions differ between implementations).
class Draw {
public:
    explicit Draw(std::uint64_t seed) : engine_(seed) {}
    double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) / 9007199254740992.0; }
    bool chance(double p) { return uniform() < p; }
    double exponential(double mean) { return -mean * std::log(uniform()); }
    double normal() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); }
    double lognormal(double mean, double cv) {
        const double sigma2 = std::log(1.0 + cv * cv);
        return mean * std::exp(std::sqrt(sigma2) * normal() - sigma2 / 2.0);
    }

private:
    std::mt19937_64 engine_;
};

struct Patient {
    double at_s = 0;  // seconds since local midnight
    std::string service;
    bool priority = false;
    bool no_show = false;
    double service_s = 0;  // how long the counter takes once the patient sits down
};

void add_arrivals(std::vector<Patient>& out, const WaitScenario& s, bool poli, Draw& draw) {
    for (std::size_t slot = 0; slot < s.desk_per_hour.size(); ++slot) {
        const double rate = s.desk_per_hour[slot] * (poli ? s.poli_share : 1.0);
        if (rate <= 0) continue;
        const double start = (s.first_arrival_h + 0.5 * static_cast<double>(slot)) * 3600;
        for (double t = start + draw.exponential(3600 / rate); t < start + 1800; t += draw.exponential(3600 / rate)) {
            Patient p;
            p.at_s = t;
            p.service = poli ? "PU" : (draw.chance(s.bpjs_share) ? "A" : "B");
            p.priority = draw.chance(s.priority_share);
            p.no_show = draw.chance(s.no_show_share);
            p.service_s = draw.lognormal(poli ? s.poli_service_s : s.desk_service_s, kServiceCv);
            out.push_back(p);
        }
    }
}

struct ClerkState {
    std::string id;
    Caller caller;
    double open_s = 0;
    std::vector<CounterBreak> breaks;  // not yet taken, in order
    bool has_current = false;
    bool open = false;
    bool done = false;
    bool serves(const std::string& service) const { return (id == "R1") == (service == "PU"); }
};

enum class Step { open, call, recall, skip };

struct Due {
    double at_s;
    long order;  // ties: first scheduled first
    long who;    // clerk index, or -1 - patient index
    Step step;
    bool operator>(const Due& other) const { return at_s != other.at_s ? at_s > other.at_s : order > other.order; }
};

class Day {
public:
    Day(server::Engine& engine, SysMillis& now, SysMillis midnight, int day_number, const WaitScenario& scenario,
        Draw& draw)
        : engine_(engine), now_(now), midnight_(midnight), day_(day_number), scenario_(scenario) {
        add_arrivals(patients_, scenario, false, draw);
        add_arrivals(patients_, scenario, true, draw);
        for (const auto& p : patients_) last_arrival_s_ = std::max(last_arrival_s_, p.at_s);
        for (const char* id : {"L1", "L2", "R1"}) {
            ClerkState clerk;
            clerk.id = id;
            clerk.caller = Caller{std::string("loket-") + id, proto::Role::counter, std::string(id)};
            const double open_h = clerk.id == "R1" ? scenario.poli_open_h : scenario.desk_open_h;
            clerk.open_s = open_h * 3600 + (draw.uniform() * 2 - 1) * kOpenSpreadS;
            for (const auto& b : scenario.breaks)
                if (b.counter == clerk.id) clerk.breaks.push_back(b);
            clerks_.push_back(clerk);
        }
    }

    std::vector<WaitSample> play() {
        // Last night every clerk closed their counter (a new database starts them open).
        for (auto& clerk : clerks_) send(clerk.caller, "counter.close", 6 * 3600, clerk.id);
        for (std::size_t i = 0; i < patients_.size(); ++i) push(patients_[i].at_s, -1 - static_cast<long>(i), Step::call);
        for (std::size_t c = 0; c < clerks_.size(); ++c) push(clerks_[c].open_s, static_cast<long>(c), Step::open);
        while (!due_.empty()) {
            const Due next = due_.top();
            due_.pop();
            if (next.who < 0)
                issue(static_cast<std::size_t>(-1 - next.who), next.at_s);
            else
                clerk_step(clerks_[static_cast<std::size_t>(next.who)], static_cast<long>(next.who), next.step, next.at_s);
        }
        std::vector<WaitSample> samples;
        for (auto& [ticket, sample] : issued_)
            if (sample.actual_s >= 0) samples.push_back(sample);
        return samples;
    }

private:
    void push(double at_s, long who, Step step) { due_.push({at_s, ++order_, who, step}); }

    Json send(const Caller& caller, const std::string& type, double at_s, const std::string& counter = {},
              Json extra = Json::object()) {
        Json request = std::move(extra);
        request["type"] = type;
        request["id"] = ++request_id_;
        if (!counter.empty()) request["counter"] = counter;
        now_ = midnight_ + milliseconds(std::llround(at_s * 1000));
        return engine_.handle(caller, request).line;
    }

    void issue(std::size_t index, double at_s) {
        const Patient& p = patients_[index];
        const Json reply = send(kiosk_, "ticket.issue", at_s, {},
                                Json{{"service", p.service},
                                     {"priority", p.priority},
                                     {"request_id", "d" + std::to_string(day_) + "-" + std::to_string(index)}});
        if (!reply.value("ok", false)) throw std::runtime_error("ticket.issue refused: " + reply.dump());
        const std::int64_t ticket = reply["ticket"]["id"].get<std::int64_t>();
        WaitSample sample;
        sample.day = day_;
        sample.service = p.service;
        sample.priority = p.priority;
        sample.issued_h = at_s / 3600;
        sample.estimate_s = reply["est_wait_s"].get<double>();
        sample.actual_s = -1;
        sample.oracle_s = oracle(p, at_s);
        issued_[ticket] = sample;
        patient_of_[ticket] = index;
        issued_at_[ticket] = at_s;
    }

    double oracle(const Patient& p, double at_s) const {
        int ahead = 0;
        for (const auto& [ticket, sample] : issued_)
            if (sample.actual_s < 0 && (sample.priority || !p.priority) &&
                (sample.service == "PU") == (p.service == "PU"))
                ++ahead;
        int open = 0, free = 0, pool = 0;
        double opening_s = 1e18;
        for (const auto& clerk : clerks_) {
            if (!clerk.serves(p.service)) continue;
            ++pool;
            open += clerk.open;
            free += clerk.open && !clerk.has_current;
            opening_s = std::min(opening_s, clerk.open_s);
        }
        const double mean = p.service == "PU" ? scenario_.poli_service_s : scenario_.desk_service_s;
        if (open == 0) return std::max(0.0, opening_s - at_s) + std::max(0, ahead + 1 - pool) * mean / pool;
        return std::max(0, ahead + 1 - free) * mean / open;
    }

    void clerk_step(ClerkState& clerk, long who, Step step, double at_s) {
        switch (step) {
            case Step::open:
                send(clerk.caller, "counter.open", at_s, clerk.id);
                clerk.open = true;
                push(at_s, who, Step::call);
                return;
            case Step::recall:
                send(clerk.caller, "counter.recall", at_s, clerk.id);
                push(at_s + kSkipAfterS, who, Step::skip);
                return;
            case Step::skip:
                send(clerk.caller, "counter.skip", at_s, clerk.id);
                clerk.has_current = false;
                push(at_s + 5, who, Step::call);
                return;
            case Step::call:
                break;
        }
        if (!clerk.breaks.empty() && at_s >= clerk.breaks.front().at_h * 3600) {
            // Off for a break after the patient in hand: finish, close, come back.
            if (clerk.has_current) send(clerk.caller, "counter.finish", at_s, clerk.id);
            clerk.has_current = false;
            send(clerk.caller, "counter.close", at_s, clerk.id, Json{{"reason", "Istirahat"}});
            clerk.open = false;
            push(at_s + clerk.breaks.front().minutes * 60, who, Step::open);
            clerk.breaks.erase(clerk.breaks.begin());
            return;
        }
        const Json reply = send(clerk.caller, "counter.call_next", at_s, clerk.id);
        if (reply.value("ok", false)) {
            const std::int64_t ticket = reply["ticket"]["id"].get<std::int64_t>();
            clerk.has_current = true;
            auto sample = issued_.find(ticket);
            if (sample != issued_.end() && sample->second.actual_s < 0) sample->second.actual_s = at_s - issued_at_[ticket];
            const Patient& p = patients_[patient_of_[ticket]];
            if (p.no_show)
                push(at_s + kRecallAfterS, who, Step::recall);
            else
                push(at_s + p.service_s, who, Step::call);
            return;
        }
        // Nobody waiting: finish the patient in hand, then watch the console (or go home).
        if (clerk.has_current) send(clerk.caller, "counter.finish", at_s, clerk.id);
        clerk.has_current = false;
        if (at_s > last_arrival_s_) {
            send(clerk.caller, "counter.close", at_s, clerk.id);
            clerk.open = false;
            clerk.done = true;
            return;
        }
        push(at_s + kIdlePollS, who, Step::call);
    }

    server::Engine& engine_;
    SysMillis& now_;  // the engine's clock: set before each request
    SysMillis midnight_;
    int day_;
    const WaitScenario& scenario_;
    const Caller kiosk_{"kiosk-1", proto::Role::kiosk, std::nullopt};
    std::vector<Patient> patients_;
    double last_arrival_s_ = 0;
    std::vector<ClerkState> clerks_;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
    long order_ = 0;
    long request_id_ = 0;
    std::map<std::int64_t, WaitSample> issued_;
    std::map<std::int64_t, std::size_t> patient_of_;
    std::map<std::int64_t, double> issued_at_;
};

}  // namespace

WaitScenario steady_morning() {
    WaitScenario s;
    s.name = "steady";
    s.first_arrival_h = 8;
    // 68 an hour at the desks: 85% of two clerks at 90 s each (80 an hour).
    s.desk_per_hour = {68, 68, 68, 68};
    s.desk_open_h = 7.9;
    s.poli_open_h = 7.9;
    return s;
}

WaitScenario rush_morning() {
    WaitScenario s;
    s.name = "rush";
    s.first_arrival_h = 6.5;
    // The crowd before the desks open at 07:30, the peak just after, then fewer.
    s.desk_per_hour = {30, 50, 90, 80, 70, 60, 50, 40, 30};
    s.desk_open_h = 7.5;
    s.poli_open_h = 8.0;  // the doctor comes later than the clerks
    s.breaks = {{"L2", 9.25, 15}, {"R1", 10.0, 10}};
    return s;
}

std::vector<WaitSample> play_wait_days(const WaitScenario& scenario, const fs::path& db_path, int days,
                                       std::uint32_t seed) {
    const Config config = parse_config(wait_config());
    server::Database db(db_path.string());
    db.exec("PRAGMA synchronous=OFF");  // the figures are the estimates, not durability
    Draw draw(seed);
    // 1 Dec 2026, 00:00 in Asia/Jakarta (UTC+7, no daylight saving).
    const SysMillis first_midnight =
        std::chrono::time_point_cast<milliseconds>(std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}) -
        std::chrono::hours(7);
    SysMillis now = first_midnight;
    server::Engine engine(config, db, "wait-sim", [&now] { return now; });
    std::vector<WaitSample> samples;
    for (int d = 0; d < days; ++d) {
        Day day(engine, now, first_midnight + std::chrono::hours(24 * d), d + 1, scenario, draw);
        for (auto& sample : day.play()) samples.push_back(std::move(sample));
    }
    return samples;
}

}  // namespace anoman::bench
