// Server footprint: resident memory and CPU of queue-server with no
// connections (the baseline, same server, same run), then with 1000 idle
// connections. Each idle connection is a display that said hello and
// subscribed (the costliest idle client: it holds a subscription and gets a
// heartbeat at least every 2 s), and nothing else happens.
#include <iostream>
#include <thread>

#include "line_pump.hpp"
#include "anoman/protocol_requests.hpp"

namespace anoman::bench {
namespace {

// Keeps reading (heartbeats) for `seconds`, returns the server's CPU over that time.
double cpu_while_idle(LinePump& pump, int server_pid, double seconds, long& heartbeats) {
    const ProcSample from = sample_process(server_pid);
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    while (Clock::now() < end)
        pump.poll(100, [&](int, std::string_view line, Clock::time_point) { heartbeats += has(line, "\"heartbeat\""); });
    return cpu_percent(from, sample_process(server_pid));
}

}  // namespace
}  // namespace anoman::bench

int main(int argc, char** argv) {
    using namespace anoman::bench;
    try {
        Args args(argc, argv);
        const int connections = static_cast<int>(args.number("connections", 1000));
        const double seconds = args.number("seconds", args.quick() ? 4 : 10);
        if (raise_fd_limit(connections + 256) < connections + 64)
            throw std::runtime_error("cannot raise the file descriptor limit (ulimit -n) high enough");
        std::cerr << "== footprint (" << connections << " idle connections, " << seconds << " s CPU windows)" << std::endl;

        const fs::path dir = scratch_dir("footprint");
        ServerProcess server(bench_config(1), dir);
        LinePump pump;
        long heartbeats = 0;
        std::this_thread::sleep_for(std::chrono::seconds(1));
        const ProcSample before = sample_process(server.pid());
        const double idle_cpu = cpu_while_idle(pump, server.pid(), seconds, heartbeats);

        pump.subscribe_displays(server.port(), connections);
        // Let allocations settle (first heartbeats, socket buffers) before measuring.
        cpu_while_idle(pump, server.pid(), 3, heartbeats);
        heartbeats = 0;
        const double busy_cpu = cpu_while_idle(pump, server.pid(), seconds, heartbeats);
        const ProcSample after = sample_process(server.pid());
        const int open = pump.open_count();

        const std::string name = "footprint";
        report(name, "server RSS, no connections (baseline)", fixed(before.rss_mb, 1) + " MB");
        report(name, "server RSS, " + std::to_string(connections) + " idle subscribed displays",
               fixed(after.rss_mb, 1) + " MB (+" + fixed((after.rss_mb - before.rss_mb) * 1024 / connections, 1) +
                   " KB each; peak " + fixed(after.hwm_mb, 1) + " MB)",
               connections == 1000 ? "< 15 MB" : "< 50 MB",  // issue 16 (it was 20.9 MB); the first target was 50
               verdict(after.rss_mb < (connections == 1000 ? 15 : 50) && open == connections));
        // Where the RSS is: the server's own pages, and mapped files (the code of
        // the binary and its libraries, shared with every process that maps them).
        report(name, "server RSS anonymous / file-backed, no connections",
               fixed(before.anon_mb, 1) + " / " + fixed(before.file_mb, 1) + " MB");
        report(name, "server RSS anonymous / file-backed, " + std::to_string(connections) + " idle subscribed displays",
               fixed(after.anon_mb, 1) + " / " + fixed(after.file_mb, 1) + " MB");
        report(name, "server CPU, no connections", fixed(idle_cpu, 2) + "% of one core");
        report(name, "server CPU, " + std::to_string(connections) + " idle subscribed displays",
               fixed(busy_cpu, 2) + "% of one core (" + fixed(static_cast<double>(heartbeats) / seconds, 0) +
                   " heartbeats/s)");
        pump.close_all();
        server.stop();
        fs::remove_all(dir);
    } catch (const std::exception& e) {
        std::cerr << "bench-footprint: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
