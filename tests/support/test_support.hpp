// What integration tests share: a real queue-server process on port 0 in a
// scratch directory, and a blocking line client that speaks the protocol over
// real TCP on 127.0.0.1.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eventually.hpp"

namespace anoman::testing {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// Where the built programs are (queue-server, queuectl, kiosk, display, counter).
std::filesystem::path binary_dir();
std::filesystem::path program(const std::string& name);  // binary_dir() / name
// A whole file's bytes ("" if it cannot be read).
std::string read_file(const std::filesystem::path& path);
// A fresh empty directory under the build tree's test scratch area.
std::filesystem::path scratch_dir(const std::string& label);

struct ServerOptions {
    std::optional<Json> config;                 // written to a file and passed as --config; none: demo
    std::optional<std::filesystem::path> dir;   // working directory (default: a new scratch dir)
    std::optional<std::filesystem::path> db;    // --db (default: <dir>/queue.db)
    std::map<std::string, std::string> env;     // extra environment (e.g. FAKETIME)
    std::vector<std::string> args;              // extra arguments
    std::uint16_t port = 0;                     // --port: 0 takes a free one; set to restart on the same port
};

// Starts queue-server --port 0 and waits for its "listening on ADDR:PORT" line.
class ServerProcess {
public:
    explicit ServerProcess(ServerOptions options = {});
    ~ServerProcess();  // SIGKILL if still running
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    const std::filesystem::path& dir() const { return dir_; }
    const std::filesystem::path& db() const { return db_; }
    int pid() const { return pid_; }
    // Everything the server wrote to stdout+stderr so far.
    std::string output() const;

    void kill9();
    void terminate();          // SIGTERM
    int wait(std::chrono::milliseconds timeout = 10s);  // exit status, or -1 on timeout, 128+sig if signalled
    bool running() const;

private:
    std::filesystem::path dir_;
    std::filesystem::path db_;
    std::filesystem::path log_;
    int pid_ = -1;
    std::uint16_t port_ = 0;
    int exit_status_ = -2;
};

// Any program in the background (queuectl watch, a GUI program),
// its stdout and stderr in a log file the test reads while it runs. Gone with
// the object: SIGTERM, then SIGKILL if it lingers.
class ChildProcess {
public:
    ChildProcess(const std::vector<std::string>& argv, std::filesystem::path log,
                 const std::map<std::string, std::string>& env = {});
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    int pid() const { return pid_; }
    bool running();  // false once it has exited (its status is kept)
    std::string output() const;  // everything it wrote so far
    // Waits until the output holds text at least `times` times.
    bool wait_for_output(const std::string& text, int times = 1, std::chrono::milliseconds timeout = 15s) const;
    // Waits until the output, from byte `from` on, holds text; the offset just
    // after it, or std::string::npos on timeout.
    std::size_t wait_for_output_after(const std::string& text, std::size_t from,
                                      std::chrono::milliseconds timeout = 10s) const;
    void signal(int number);
    // Exit status (128+signal when killed) once it exits; -1 on timeout.
    int wait(std::chrono::milliseconds timeout);
    // SIGTERM, SIGKILL after `grace`; its exit status.
    int stop(std::chrono::milliseconds grace = 5s);

private:
    std::filesystem::path log_;
    int pid_ = -1;
    int status_ = -1;  // -1 while it runs
};

// Runs a program to completion: exit status and combined output.
struct RunResult {
    int status = -1;
    std::string output;
};
RunResult run_program(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = 30s,
                      const std::map<std::string, std::string>& env = {});

// Blocking protocol client over a real socket.
class LineClient {
public:
    // source: the local address to connect from ("127.0.0.2" plays another machine).
    explicit LineClient(std::uint16_t port, const std::string& host = "127.0.0.1", const std::string& source = "");
    ~LineClient();
    LineClient(const LineClient&) = delete;
    LineClient& operator=(const LineClient&) = delete;

    void send_line(const std::string& line);  // appends '\n'
    void send_json(const Json& message);
    void send_raw(const std::string& bytes);
    // Next line as JSON (or {"_raw": text} if it is not JSON); nullopt on timeout or EOF.
    std::optional<Json> read_json(std::chrono::milliseconds timeout = 5s);
    std::optional<std::string> read_line(std::chrono::milliseconds timeout = 5s);
    // True if the server closes the connection within timeout (pending lines are skipped).
    bool wait_closed(std::chrono::milliseconds timeout = 5s);

    // hello, returns the server's answer (welcome or error line).
    Json hello(const std::string& role, const std::string& device, const std::string& token);
    // hello as the demo device of this role; CHECK-free: returns the answer.
    Json hello_demo(const std::string& role);
    // Sends the request with a fresh integer id (unless it has one), reads until
    // the reply with that id (events and heartbeats in between are kept in backlog()).
    Json request(Json request, std::chrono::milliseconds timeout = 5s);
    std::vector<Json>& backlog() { return backlog_; }
    // Next event/snapshot/heartbeat line: from the backlog first, then the socket.
    std::optional<Json> next_push(std::chrono::milliseconds timeout = 5s);
    void close();

private:
    int fd_ = -1;
    std::string buffer_;
    std::int64_t next_id_ = 1;
    std::vector<Json> backlog_;
};

// Demo device credentials by role ("kiosk" -> kiosk-1 ...), from the built-in configuration.
struct DemoDevice {
    std::string id;
    std::string token;
};
DemoDevice demo_device(const std::string& role);
DemoDevice demo_counter_device(const std::string& counter_id);

}  // namespace anoman::testing
