// The busy morning's script, in simulated seconds: when each patient reaches a
// kiosk and for which service, and how each clerk behaves (call the next
// patient, serve, sometimes recall or skip, registration desks send some
// patients on to a poli). Both the live benchmark (real server, real time,
// compressed) and the history builder (the engine in-process, virtual time)
// play the same script, so history days look like the measured morning.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"

namespace anoman::bench {

struct Arrival {
    double at_s = 0;        // simulated seconds since the start of the period
    std::string service;
    std::string patient_kind;  // "bpjs" or "umum"
};

// `patients` arrivals over `period_s`, busiest early in the morning, sorted by time.
std::vector<Arrival> morning_arrivals(int patients, double period_s, std::uint32_t seed);

// Share of registration patients a registration clerk sends on to a poli.
inline constexpr double kTransferShare = 0.30;

// A counter's expected mean service time so it runs at `utilization` of its
// capacity over the period, given the service mix and the transfers.
double mean_service_seconds(const CounterSpec& counter, int patients, double period_s, double utilization);

class Clerk {
public:
    enum class Action { call_next, recall, skip, transfer };
    struct Step {
        Action action = Action::call_next;
        double delay_s = 0;      // simulated seconds to wait before sending it
        std::string to_service;  // transfer only
    };

    Clerk(const CounterSpec& counter, double mean_service_s, std::uint32_t seed);
    const CounterSpec& counter() const { return counter_; }

    Step first() const { return {Action::call_next, 0, {}}; }
    // The next step after `done` was answered (ok or not).
    Step after(Action done, bool ok);
    // The request line (without id) for a step.
    Json request(const Step& step) const;

private:
    double service_time();

    CounterSpec counter_;
    bool registration_ = false;
    double mean_service_s_;
    std::mt19937 random_;
};

const char* action_name(Clerk::Action action);

}  // namespace anoman::bench
