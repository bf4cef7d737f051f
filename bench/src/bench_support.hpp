// What every benchmark shares: where the programs are, a scratch directory,
// the benchmark hospital's configuration, a real queue-server process, the
// server's CPU and memory from /proc, percentiles, and the result rows that
// bench/run gathers into one table.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace anoman::bench {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// <build>/bin, or $ANOMAN_BIN_DIR.
fs::path bin_dir();
// A fresh empty directory under <build>/bench-scratch (or $ANOMAN_BENCH_SCRATCH).
fs::path scratch_dir(const std::string& label);

// The benchmark hospital: 10 services (3 registration desks, 7 polis), 12
// counters, `kiosks` kiosk devices kiosk-1..kiosk-N, one counter device per
// counter (loket-<counter id>), display hall-1 and admin. No quotas and no
// practice hours, so nothing refuses a ticket whatever the time of day.
Json bench_config(int kiosks);
struct ServiceMix {
    std::string code;
    double share;  // of the day's patients who take this service at the kiosk
};
const std::vector<ServiceMix>& service_mix();
std::vector<std::string> service_codes();
struct CounterSpec {
    std::string id;
    std::string name;
    std::vector<std::string> services;
};
const std::vector<CounterSpec>& bench_counters();
bool is_registration(const std::string& service);  // A, B, P: the registration desks
std::string kiosk_token(int number);              // kiosk-<n>
std::string counter_device(const std::string& counter_id);  // loket-<id>
std::string counter_token(const std::string& counter_id);

// queue-server --config <dir>/config.json --db <db> --port 0 in its own process.
class ServerProcess {
public:
    ServerProcess(const Json& config, const fs::path& dir, const fs::path& db = {});
    ~ServerProcess();  // SIGTERM, then SIGKILL if it does not stop
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int pid() const { return pid_; }
    std::uint16_t port() const { return port_; }
    const fs::path& db() const { return db_; }
    // SIGTERM and wait (the server checkpoints and closes the database). Exit status.
    int stop();

private:
    int pid_ = -1;
    std::uint16_t port_ = 0;
    fs::path db_;
};

// A process's CPU time and memory, from /proc/<pid>.
struct ProcSample {
    Clock::time_point at;
    double cpu_seconds = 0;  // utime + stime
    double rss_mb = 0;       // VmRSS
    double hwm_mb = 0;       // VmHWM (peak RSS)
    double anon_mb = 0;      // RssAnon: the process's own pages (heap, stacks)
    double file_mb = 0;      // RssFile: mapped files, mostly shared libraries' code, shared and evictable
};
ProcSample sample_process(int pid);
// Percent of one core used between two samples.
double cpu_percent(const ProcSample& from, const ProcSample& to);

// Samples kept for percentiles (nearest rank).
class Percentiles {
public:
    void add(double value) {
        values_.push_back(value);
        sorted_ = false;
    }
    std::size_t count() const { return values_.size(); }
    double at(double percent) const;  // 0 if empty
    double max() const;
    double mean() const;

private:
    mutable std::vector<double> values_;  // sorted lazily by at()
    mutable bool sorted_ = false;
};

double ms_since(Clock::time_point start, Clock::time_point end = Clock::now());

// One line of the final table, on stdout, tab-separated:
// ROW <benchmark> <metric> <value> <target> <verdict>
// (verdict: "ok", "MISSED" or "-" when there is no target). Everything else
// a benchmark says goes to stderr.
void report(const std::string& benchmark, const std::string& metric, const std::string& value,
            const std::string& target = "-", const std::string& verdict = "-");
std::string fixed(double value, int decimals);
// "p50 / p99 ms" with two decimals, the latency cell of every table.
std::string p50_p99(const Percentiles& values);
std::string verdict(bool met);

// Raises RLIMIT_NOFILE's soft limit towards `wanted`; returns the new soft limit.
long raise_fd_limit(long wanted);

// Minimal command line: --quick and --name value pairs; --scratch DIR moves
// scratch_dir() (and with it every database) to DIR.
class Args {
public:
    Args(int argc, char** argv);
    bool quick() const { return quick_; }
    double number(const std::string& name, double fallback) const;
    std::string text(const std::string& name, const std::string& fallback) const;

private:
    bool quick_ = false;
    std::vector<std::pair<std::string, std::string>> values_;
};

}  // namespace anoman::bench
