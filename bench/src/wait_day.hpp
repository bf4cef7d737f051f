// Days of a small hospital played through the real queue engine on a virtual
// clock, to see whether the estimated wait printed on each ticket comes true.
//
// The hospital: two registration desks (Loket 1 and 2) that both serve BPJS
// and Umum, and one poli room. Patients reach the kiosk by the hour of a real
// morning; clerks open their counters, call, serve for a lognormal time,
// recall and skip the patients who do not come, take breaks, and close when
// the hall is empty. Each ticket's est_wait_s is the engine's own reply to
// ticket.issue (the code the server runs); the wait that followed is its first
// call minus its issue, both on the same virtual clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench_support.hpp"

namespace anoman::bench {

struct CounterBreak {
    std::string counter;  // "L1", "L2", "R1"
    double at_h = 0;      // local hour of day the clerk leaves (after the patient in hand)
    double minutes = 0;
};

struct WaitScenario {
    std::string name;
    // Registration arrivals (BPJS + Umum) per hour, one figure per half-hour
    // slot from first_arrival_h; the poli gets poli_share of as many.
    double first_arrival_h = 8;
    std::vector<double> desk_per_hour;
    double bpjs_share = 0.7;  // of registration patients; the rest are Umum
    double poli_share = 0.22;
    double desk_open_h = 7.75;  // each clerk opens within +-3 min of it
    double poli_open_h = 7.75;
    double desk_service_s = 90;  // mean; lognormal, coefficient of variation 0.8
    double poli_service_s = 200;
    double priority_share = 0.08;  // elderly, disabled, pregnant: ahead of the others
    double no_show_share = 0.06;   // called twice, then skipped
    std::vector<CounterBreak> breaks;
};

WaitScenario steady_morning();  // two hours at 85% of capacity, counters open before the first patient
WaitScenario rush_morning();    // a crowd from 06:30, desks open 07:30, the poli at 08:00, a break

// One ticket: what was printed, and what followed.
struct WaitSample {
    int day = 0;
    std::string service;  // "A" BPJS, "B" Umum, "PU" poli
    bool priority = false;
    double issued_h = 0;    // local hour of day
    double estimate_s = 0;  // est_wait_s of the ticket.issue reply
    double actual_s = 0;    // first call - issue
    // The floor: what a model that knew the whole hall would say (every
    // patient ahead in the pool, the true mean service time, when each clerk
    // really opens); only the chance of the service times is left to miss.
    double oracle_s = 0;
};

// `days` consecutive days on one database (the model learns from the days
// before); samples of every day, day 1 included (callers may drop it).
std::vector<WaitSample> play_wait_days(const WaitScenario& scenario, const fs::path& db_path, int days,
                                       std::uint32_t seed);

}  // namespace anoman::bench
