// Does the estimated wait on the ticket come true? Days of a small hospital
// (wait_day.hpp) played through the queue engine on a virtual clock, a steady
// morning and a rush; for each scenario and service, the error between the
// est_wait_s printed on each ticket and the wait that followed (first call -
// issue), for waits under 30 minutes. Day 1 of each scenario starts on an empty
// database and is left out: the model learns service times and opening hours
// from the days before, as it does in a hospital after its first day.
//
// usage: bench-wait [--quick] [--days N] [--seed N] [--samples FILE.tsv]
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>

#include "wait_day.hpp"

namespace anoman::bench {
namespace {

constexpr double kUnderS = 30 * 60;        // the target covers waits under 30 minutes
constexpr double kTargetMaeS = 60;
constexpr double kTargetP90S = 180;

struct Errors {
    Percentiles absolute;
    double signed_sum = 0;  // estimate - actual: positive when the ticket promised too long a wait
    void add(double estimate, double actual) {
        absolute.add(std::fabs(estimate - actual));
        signed_sum += estimate - actual;
    }
    double bias() const { return absolute.count() ? signed_sum / static_cast<double>(absolute.count()) : 0; }
};

std::string service_name(const std::string& code) {
    if (code == "A") return "BPJS";
    if (code == "B") return "Umum";
    return "poli";
}

void report_scenario(const WaitScenario& scenario, const std::vector<WaitSample>& samples) {
    Errors all, floor;
    std::map<std::string, Errors> by_service;
    long longer = 0;
    for (const auto& s : samples) {
        if (s.day == 1) continue;
        if (s.actual_s >= kUnderS) {
            ++longer;
            continue;
        }
        all.add(s.estimate_s, s.actual_s);
        floor.add(s.oracle_s, s.actual_s);
        by_service[service_name(s.service)].add(s.estimate_s, s.actual_s);
    }
    const std::string bench = "wait-" + scenario.name;
    std::cerr << scenario.name << ": " << all.absolute.count() << " tickets waited under 30 min, " << longer
              << " longer (left out)" << std::endl;
    const double mae = all.absolute.mean(), p90 = all.absolute.at(90);
    report(bench, "tickets under 30 min (days 2..)", std::to_string(all.absolute.count()));
    report(bench, "|estimate - wait| mean", fixed(mae, 0) + " s", "< 60 s", verdict(mae < kTargetMaeS));
    report(bench, "|estimate - wait| p90", fixed(p90, 0) + " s", "< 180 s", verdict(p90 < kTargetP90S));
    report(bench, "floor (knows the hall): mean / p90",
           fixed(floor.absolute.mean(), 0) + " / " + fixed(floor.absolute.at(90), 0) + " s");
    for (const auto& [name, errors] : by_service)
        report(bench, name + ": n, mean / p90 |error|, bias",
               std::to_string(errors.absolute.count()) + ", " + fixed(errors.absolute.mean(), 0) + " / " +
                   fixed(errors.absolute.at(90), 0) + " s, " + (errors.bias() >= 0 ? "+" : "") +
                   fixed(errors.bias(), 0) + " s");
}

}  // namespace
}  // namespace anoman::bench

int main(int argc, char** argv) {
    using namespace anoman::bench;
    try {
        Args args(argc, argv);
        const int days = static_cast<int>(args.number("days", args.quick() ? 4 : 8));
        const auto seed = static_cast<std::uint32_t>(args.number("seed", 2026));
        const std::string samples_path = args.text("samples", "");
        if (days < 2) throw std::runtime_error("--days: at least 2 (day 1 only warms the history)");
        std::ofstream dump;
        if (!samples_path.empty()) {
            dump.open(samples_path);
            dump << "scenario\tday\tservice\tpriority\tissued_h\testimate_s\tactual_s\n";
        }
        for (const WaitScenario& scenario : {steady_morning(), rush_morning()}) {
            const fs::path dir = scratch_dir("wait-" + scenario.name);
            const auto samples = play_wait_days(scenario, dir / "queue.db", days, seed);
            report_scenario(scenario, samples);
            for (const auto& s : samples)
                if (dump)
                    dump << scenario.name << '\t' << s.day << '\t' << s.service << '\t' << s.priority << '\t'
                         << fixed(s.issued_h, 3) << '\t' << s.estimate_s << '\t' << fixed(s.actual_s, 1) << '\n';
            fs::remove_all(dir);
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench-wait: " << e.what() << std::endl;
        return 1;
    }
}
