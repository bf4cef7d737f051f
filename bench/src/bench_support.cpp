#include "bench_support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace anoman::bench {

fs::path bin_dir() {
    if (const char* env = std::getenv("ANOMAN_BIN_DIR")) return env;
    return ANOMAN_BIN_DIR;
}

fs::path scratch_dir(const std::string& label) {
    static std::atomic<int> counter{0};
    fs::path root = std::getenv("ANOMAN_BENCH_SCRATCH") ? fs::path(std::getenv("ANOMAN_BENCH_SCRATCH"))
                                                        : fs::path(ANOMAN_BENCH_SCRATCH);
    fs::path dir = root / (label + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// ---- The benchmark hospital ----------------------------------------------------

const std::vector<CounterSpec>& bench_counters() {
    static const std::vector<CounterSpec> specs = {
        {"L1", "Loket 1", {"A", "P"}},       {"L2", "Loket 2", {"A", "P"}},   {"L3", "Loket 3", {"A", "B", "P"}},
        {"L4", "Loket 4", {"B", "P"}},       {"L5", "Loket 5", {"A", "B"}},   {"R1", "Ruang Poli Umum", {"PU"}},
        {"R2", "Ruang Poli Anak", {"PA"}},   {"R3", "Ruang Poli Gigi", {"PG"}},
        {"R4", "Ruang Poli Penyakit Dalam", {"PD"}},
        {"R5", "Ruang Poli Mata", {"PM"}},   {"R6", "Ruang Poli Kandungan", {"PK"}},
        {"R7", "Ruang Poli THT", {"PT"}},
    };
    return specs;
}

bool is_registration(const std::string& service) { return service == "A" || service == "B" || service == "P"; }

const std::vector<ServiceMix>& service_mix() {
    // A busy RSUD morning: most patients register first (BPJS most of all).
    static const std::vector<ServiceMix> mix = {
        {"A", 0.30}, {"B", 0.12}, {"P", 0.08},  {"PU", 0.12}, {"PA", 0.08},
        {"PG", 0.05}, {"PD", 0.10}, {"PM", 0.05}, {"PK", 0.05}, {"PT", 0.05},
    };
    return mix;
}

std::vector<std::string> service_codes() {
    std::vector<std::string> codes;
    for (const auto& entry : service_mix()) codes.push_back(entry.code);
    return codes;
}

std::string kiosk_token(int number) { return "bench-kiosk-" + std::to_string(number); }
std::string counter_device(const std::string& counter_id) { return "loket-" + counter_id; }
std::string counter_token(const std::string& counter_id) { return "bench-loket-" + counter_id; }

Json bench_config(int kiosks) {
    Json services = Json::array({
        {{"code", "A"}, {"name", "Pendaftaran BPJS"}, {"prefix", "A"}},
        {{"code", "B"}, {"name", "Pendaftaran Umum"}, {"prefix", "B"}},
        {{"code", "P"}, {"name", "Prioritas"}, {"prefix", "P"}, {"priority", true}},
        {{"code", "PU"}, {"name", "Poli Umum"}, {"prefix", "U"}},
        {{"code", "PA"}, {"name", "Poli Anak"}, {"prefix", "N"}},
        {{"code", "PG"}, {"name", "Poli Gigi"}, {"prefix", "G"}},
        {{"code", "PD"}, {"name", "Poli Penyakit Dalam"}, {"prefix", "D"}},
        {{"code", "PM"}, {"name", "Poli Mata"}, {"prefix", "M"}},
        {{"code", "PK"}, {"name", "Poli Kandungan"}, {"prefix", "K"}},
        {{"code", "PT"}, {"name", "Poli THT"}, {"prefix", "T"}},
    });
    Json counters = Json::array();
    Json devices = Json::array();
    for (const auto& spec : bench_counters()) {
        counters.push_back({{"id", spec.id}, {"name", spec.name}, {"services", spec.services}});
        devices.push_back({{"id", counter_device(spec.id)},
                           {"role", "counter"},
                           {"counter", spec.id},
                           {"token", counter_token(spec.id)}});
    }
    for (int k = 1; k <= kiosks; ++k)
        devices.push_back({{"id", "kiosk-" + std::to_string(k)}, {"role", "kiosk"}, {"token", kiosk_token(k)}});
    devices.push_back({{"id", "hall-1"}, {"role", "display"}, {"token", "bench-hall"}});
    devices.push_back({{"id", "admin"}, {"role", "admin"}, {"token", "bench-admin"}});
    return Json{{"hospital", {{"name", "RSUD Bench"}, {"timezone", "Asia/Jakarta"}}},
                {"listen", {{"host", "127.0.0.1"}, {"port", 0}}},
                {"database", "queue.db"},
                {"services", services},
                {"counters", counters},
                {"devices", devices}};
}

// ---- The server process ---------------------------------------------------------

ServerProcess::ServerProcess(const Json& config, const fs::path& dir, const fs::path& db) {
    db_ = db.empty() ? dir / "queue.db" : db;
    const fs::path config_path = dir / "config.json";
    std::ofstream(config_path) << config.dump(2);
    const fs::path server = bin_dir() / "queue-server";
    if (!fs::exists(server)) throw std::runtime_error("no queue-server at " + server.string() + "; build it first");

    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    const std::string log = (dir / "server.log").string();
    std::vector<std::string> argv = {server.string(), "--config", config_path.string(), "--db", db_.string(),
                                     "--port", "0", "--log-level", "warn"};
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::dup2(out[1], 1);
        int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (err >= 0) ::dup2(err, 2);
        std::vector<char*> args;
        for (auto& arg : argv) args.push_back(arg.data());
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        _exit(127);
    }
    ::close(out[1]);
    // The first stdout line, once it accepts connections: "listening on ADDR:PORT".
    std::string line;
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
        pollfd pfd{out[0], POLLIN, 0};
        if (::poll(&pfd, 1, 200) <= 0) continue;
        char chunk[256];
        ssize_t got = ::read(out[0], chunk, sizeof chunk);
        if (got <= 0) break;
        line.append(chunk, static_cast<std::size_t>(got));
    }
    ::close(out[0]);
    line = line.substr(0, line.find('\n'));  // more lines may follow (web listening on ...)
    const auto colon = line.rfind(':');
    if (line.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
        throw std::runtime_error("queue-server did not start (see " + log + "): " + line);
    }
    port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

int ServerProcess::stop() {
    if (pid_ < 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int waited = 0; waited < 1000; ++waited) {  // 10 s
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
}

ServerProcess::~ServerProcess() { stop(); }

// ---- /proc -----------------------------------------------------------------------

ProcSample sample_process(int pid) {
    ProcSample sample;
    sample.at = Clock::now();
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const auto close = text.rfind(')');
    if (close != std::string::npos) {
        std::istringstream fields(text.substr(close + 2));
        std::string field;
        double utime = 0, stime = 0;
        for (int index = 3; fields >> field; ++index) {
            if (index == 14) utime = std::stod(field);
            if (index == 15) {
                stime = std::stod(field);
                break;
            }
        }
        sample.cpu_seconds = (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (status >> key) {
        double kb = 0;
        if (key == "VmRSS:" && status >> kb) sample.rss_mb = kb / 1024.0;
        else if (key == "VmHWM:" && status >> kb) sample.hwm_mb = kb / 1024.0;
        else if (key == "RssAnon:" && status >> kb) sample.anon_mb = kb / 1024.0;
        else if (key == "RssFile:" && status >> kb) sample.file_mb = kb / 1024.0;
        else status.ignore(1 << 12, '\n');
    }
    return sample;
}

double cpu_percent(const ProcSample& from, const ProcSample& to) {
    const double wall = std::chrono::duration<double>(to.at - from.at).count();
    return wall > 0 ? 100.0 * (to.cpu_seconds - from.cpu_seconds) / wall : 0.0;
}

// ---- Figures ------------------------------------------------------------------------

double Percentiles::at(double percent) const {
    if (values_.empty()) return 0;
    if (!sorted_) std::sort(values_.begin(), values_.end());
    sorted_ = true;
    const auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(values_.size())));
    return values_[std::clamp<std::size_t>(rank, 1, values_.size()) - 1];
}

double Percentiles::max() const { return at(100); }

double Percentiles::mean() const {
    if (values_.empty()) return 0;
    double total = 0;
    for (double value : values_) total += value;
    return total / static_cast<double>(values_.size());
}

double ms_since(Clock::time_point start, Clock::time_point end) {
    return std::chrono::duration<double, std::milli>(end - start).count();
}

void report(const std::string& benchmark, const std::string& metric, const std::string& value,
            const std::string& target, const std::string& verdict_text) {
    std::cout << "ROW\t" << benchmark << '\t' << metric << '\t' << value << '\t' << target << '\t' << verdict_text
              << std::endl;
    std::cerr << "  " << metric << ": " << value << (target == "-" ? "" : "  (target " + target + ": " + verdict_text + ")")
              << std::endl;
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string verdict(bool met) { return met ? "ok" : "MISSED"; }

long raise_fd_limit(long wanted) {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < static_cast<rlim_t>(wanted)) {
        limit.rlim_cur = std::min<rlim_t>(static_cast<rlim_t>(wanted), limit.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return static_cast<long>(limit.rlim_cur);
}

Args::Args(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--quick") {
            quick_ = true;
        } else if (arg.rfind("--", 0) == 0 && i + 1 < argc) {
            values_.emplace_back(arg.substr(2), argv[++i]);
            // --scratch DIR: databases and logs there (e.g. on tmpfs, where fsync costs nothing).
            if (arg == "--scratch") ::setenv("ANOMAN_BENCH_SCRATCH", values_.back().second.c_str(), 1);
        } else {
            throw std::runtime_error("unknown argument " + arg);
        }
    }
}

double Args::number(const std::string& name, double fallback) const {
    for (const auto& [key, value] : values_)
        if (key == name) return std::stod(value);
    return fallback;
}

std::string Args::text(const std::string& name, const std::string& fallback) const {
    for (const auto& [key, value] : values_)
        if (key == name) return value;
    return fallback;
}

std::string p50_p99(const Percentiles& values) {
    return fixed(values.at(50), 2) + " / " + fixed(values.at(99), 2) + " ms";
}

}  // namespace anoman::bench
