#include "morning_plan.hpp"

#include <algorithm>
#include <map>
#include "anoman/protocol_requests.hpp"

namespace anoman::bench {
namespace {

// Patients of a service in the period: kiosk tickets plus, for a poli, the
// registration patients sent on to it.
double expected_patients(const std::string& service, int patients) {
    double registration_share = 0, poli_share = 0, share = 0;
    for (const auto& entry : service_mix()) {
        (is_registration(entry.code) ? registration_share : poli_share) += entry.share;
        if (entry.code == service) share = entry.share;
    }
    if (is_registration(service)) return patients * share;
    return patients * (share + registration_share * kTransferShare * share / poli_share);
}

std::string pick_poli(std::mt19937& random) {
    std::vector<const ServiceMix*> polis;
    std::vector<double> weights;
    for (const auto& entry : service_mix())
        if (!is_registration(entry.code)) {
            polis.push_back(&entry);
            weights.push_back(entry.share);
        }
    std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
    return polis[pick(random)]->code;
}

}  // namespace

std::vector<Arrival> morning_arrivals(int patients, double period_s, std::uint32_t seed) {
    std::mt19937 random(seed);
    std::vector<double> weights;
    for (const auto& entry : service_mix()) weights.push_back(entry.share);
    std::discrete_distribution<std::size_t> pick_service(weights.begin(), weights.end());
    std::uniform_real_distribution<double> unit(0, 1);
    // Arrival density over the period: 2.0 at the start (the crowd at opening),
    // 2.4 at a fifth of it, falling to 0.3 at the end. Rejection sampling.
    auto density = [](double x) { return x < 0.2 ? 2.0 + 2.0 * x : 2.4 - 2.1 * (x - 0.2) / 0.8; };
    std::vector<Arrival> arrivals;
    while (static_cast<int>(arrivals.size()) < patients) {
        const double x = unit(random);
        if (unit(random) * 2.4 > density(x)) continue;
        Arrival arrival;
        arrival.at_s = x * period_s;
        arrival.service = service_mix()[pick_service(random)].code;
        arrival.patient_kind = arrival.service == "A" ? "bpjs" : arrival.service == "B" ? "umum"
                                                       : unit(random) < 0.7          ? "bpjs"
                                                                                      : "umum";
        arrivals.push_back(arrival);
    }
    std::sort(arrivals.begin(), arrivals.end(), [](const Arrival& a, const Arrival& b) { return a.at_s < b.at_s; });
    return arrivals;
}

double mean_service_seconds(const CounterSpec& counter, int patients, double period_s, double utilization) {
    std::map<std::string, int> serving;  // service -> counters serving it
    for (const auto& other : bench_counters())
        for (const auto& code : other.services) ++serving[code];
    double expected = 0;
    for (const auto& code : counter.services) expected += expected_patients(code, patients) / serving[code];
    return expected > 0 ? period_s * utilization / expected : period_s;
}

Clerk::Clerk(const CounterSpec& counter, double mean_service_s, std::uint32_t seed)
    : counter_(counter), mean_service_s_(mean_service_s), random_(seed) {
    for (const auto& code : counter.services) registration_ = registration_ || is_registration(code);
}

double Clerk::service_time() {
    // Exponential, but never under a fifth of the mean (a clerk needs a moment).
    std::exponential_distribution<double> spread(1.0 / (0.8 * mean_service_s_));
    return 0.2 * mean_service_s_ + spread(random_);
}

Clerk::Step Clerk::after(Action done, bool ok) {
    if (done != Action::call_next || !ok) {
        // After a recall the patient is served; after a skip or transfer the
        // clerk calls the next one at once; an empty queue is polled again soon.
        if (done == Action::recall) return {Action::call_next, service_time(), {}};
        if (done == Action::call_next) return {Action::call_next, std::max(5.0, 0.25 * mean_service_s_), {}};
        return {Action::call_next, 0, {}};
    }
    std::uniform_real_distribution<double> unit(0, 1);
    const double roll = unit(random_);
    if (roll < 0.03) return {Action::skip, 0.3 * mean_service_s_, {}};      // did not come
    if (roll < 0.08) return {Action::recall, 0.2 * mean_service_s_, {}};    // called again
    if (registration_ && roll < 0.08 + kTransferShare)
        return {Action::transfer, service_time(), pick_poli(random_)};     // on to a poli
    return {Action::call_next, service_time(), {}};  // served; call_next finishes it
}

Json Clerk::request(const Step& step) const {
    switch (step.action) {
        case Action::recall: return proto::CounterRecallRequest{counter_.id};
        case Action::skip: return proto::CounterSkipRequest{counter_.id};
        case Action::transfer: return proto::CounterTransferRequest{step.to_service, counter_.id};
        case Action::call_next: break;
    }
    return proto::CounterCallNextRequest{counter_.id};
}

const char* action_name(Clerk::Action action) {
    switch (action) {
        case Clerk::Action::call_next: return "call_next";
        case Clerk::Action::recall: return "recall";
        case Clerk::Action::skip: return "skip";
        case Clerk::Action::transfer: return "transfer";
    }
    return "?";
}

}  // namespace anoman::bench
