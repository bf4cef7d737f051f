#include "test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "anoman/config.hpp"

namespace anoman::testing {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

fs::path binary_dir() { return fs::path(ANOMAN_BIN_DIR); }
fs::path program(const std::string& name) { return binary_dir() / name; }

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

fs::path scratch_dir(const std::string& label) {
    static std::atomic<int> counter{0};
    fs::path dir = fs::path(ANOMAN_SCRATCH_DIR) /
                   (label + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

namespace {


// fork + exec with stdout/stderr to log_path (or a pipe when log_path is empty).
int spawn(const std::vector<std::string>& argv, const fs::path& workdir, const fs::path& log_path,
          const std::map<std::string, std::string>& env) {
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (!workdir.empty() && ::chdir(workdir.c_str()) != 0) _exit(126);
        int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
            ::close(log);
        }
        int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) ::dup2(devnull, 0);
        for (const auto& [key, value] : env) ::setenv(key.c_str(), value.c_str(), 1);
        std::vector<char*> args;
        for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        _exit(127);
    }
    return pid;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

// ---- ServerProcess ----------------------------------------------------------------
ServerProcess::ServerProcess(ServerOptions options) {
    dir_ = options.dir ? *options.dir : scratch_dir("server");
    fs::create_directories(dir_);
    db_ = options.db ? *options.db : dir_ / "queue.db";
    log_ = dir_ / ("server-" + std::to_string(Clock::now().time_since_epoch().count()) + ".log");
    // The server is exec'd directly, never behind a wrapper (a wrapper's pid is
    // not the server's, and a kill would leave the server running): a faked
    // clock goes in through `env` (LD_PRELOAD + FAKETIME).
    std::vector<std::string> argv{program("queue-server").string()};
    if (options.config) {
        fs::path config_path = dir_ / "config.json";
        std::ofstream(config_path) << options.config->dump(2);
        argv.push_back("--config");
        argv.push_back(config_path.string());
    }
    argv.insert(argv.end(), {"--db", db_.string(), "--host", "127.0.0.1", "--port", std::to_string(options.port)});
    argv.insert(argv.end(), options.args.begin(), options.args.end());
    pid_ = spawn(argv, dir_, log_, options.env);

    // Wait for "listening on 127.0.0.1:PORT" (the first stdout line).
    auto deadline = Clock::now() + 20s;
    while (Clock::now() < deadline) {
        std::string text = read_file(log_);
        auto pos = text.find("listening on ");
        if (pos != std::string::npos) {
            auto end = text.find('\n', pos);
            if (end != std::string::npos) {
                std::string addr = text.substr(pos + 13, end - pos - 13);
                port_ = static_cast<std::uint16_t>(std::stoi(addr.substr(addr.rfind(':') + 1)));
                return;
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exit_status_ = decode_status(status);
            pid_ = -1;
            throw std::runtime_error("queue-server exited with status " + std::to_string(exit_status_) +
                                     " before listening:\n" + text);
        }
        std::this_thread::sleep_for(20ms);
    }
    kill9();
    throw std::runtime_error("queue-server did not say 'listening on' within 20 s:\n" + read_file(log_));
}

ServerProcess::~ServerProcess() {
    if (running()) kill9();
}

std::string ServerProcess::output() const { return read_file(log_); }

bool ServerProcess::running() const { return pid_ > 0 && exit_status_ == -2; }

void ServerProcess::kill9() {
    if (pid_ <= 0 || exit_status_ != -2) return;
    ::kill(pid_, SIGKILL);
    wait(10s);
}

void ServerProcess::terminate() {
    if (pid_ > 0 && exit_status_ == -2) ::kill(pid_, SIGTERM);
}

int ServerProcess::wait(std::chrono::milliseconds timeout) {
    if (exit_status_ != -2) return exit_status_;
    if (pid_ <= 0) return -1;
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        int status = 0;
        pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            exit_status_ = decode_status(status);
            return exit_status_;
        }
        std::this_thread::sleep_for(10ms);
    }
    return -1;
}

// ---- ChildProcess --------------------------------------------------------------------
ChildProcess::ChildProcess(const std::vector<std::string>& argv, fs::path log,
                           const std::map<std::string, std::string>& env)
    : log_(std::move(log)) {
    pid_ = spawn(argv, {}, log_, env);
}

ChildProcess::~ChildProcess() { stop(); }

bool ChildProcess::running() {
    if (status_ >= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = decode_status(status);
        return false;
    }
    return true;
}

std::string ChildProcess::output() const { return read_file(log_); }

bool ChildProcess::wait_for_output(const std::string& text, int times, std::chrono::milliseconds timeout) const {
    return eventually(
        [&] {
            const std::string all = output();
            int found = 0;
            for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + text.size())) ++found;
            return found >= times;
        },
        timeout, 20ms);
}

std::size_t ChildProcess::wait_for_output_after(const std::string& text, std::size_t from,
                                                std::chrono::milliseconds timeout) const {
    std::size_t after = std::string::npos;
    eventually(
        [&] {
            const std::string all = output();
            const auto at = from <= all.size() ? all.find(text, from) : std::string::npos;
            if (at != std::string::npos) after = at + text.size();
            return at != std::string::npos;
        },
        timeout, 20ms);
    return after;
}

void ChildProcess::signal(int number) {
    if (status_ < 0) ::kill(pid_, number);
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
    return eventually([&] { return !running(); }, timeout) ? status_ : -1;
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
    if (!running()) return status_;
    ::kill(pid_, SIGTERM);
    if (wait(grace) >= 0) return status_;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    return status_ = decode_status(status);
}

// ---- run_program ----------------------------------------------------------------------
RunResult run_program(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::map<std::string, std::string>& env) {
    fs::path log = scratch_dir("run") / "output.log";
    int pid = spawn(argv, {}, log, env);
    RunResult result;
    auto deadline = Clock::now() + timeout;
    int status = 0;
    while (true) {
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            result.status = decode_status(status);
            break;
        }
        if (Clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            result.status = -1;
            break;
        }
        std::this_thread::sleep_for(10ms);
    }
    result.output = read_file(log);
    return result;
}

// ---- LineClient --------------------------------------------------------------------------
LineClient::LineClient(std::uint16_t port, const std::string& host, const std::string& source) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed: " + std::string(std::strerror(errno)));
    if (!source.empty()) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
            std::string why = std::strerror(errno);
            ::close(fd_);
            fd_ = -1;
            throw std::runtime_error("bind to " + source + " failed: " + why);
        }
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::string why = std::strerror(errno);
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error("connect to " + host + ":" + std::to_string(port) + " failed: " + why);
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

LineClient::~LineClient() { close(); }

void LineClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void LineClient::send_raw(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("send failed: " + std::string(std::strerror(errno)));
        sent += static_cast<std::size_t>(n);
    }
}

void LineClient::send_line(const std::string& line) { send_raw(line + "\n"); }
void LineClient::send_json(const Json& message) { send_line(message.dump()); }

std::optional<std::string> LineClient::read_line(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (true) {
        auto newline = buffer_.find('\n');
        if (newline != std::string::npos) {
            std::string line = buffer_.substr(0, newline);
            buffer_.erase(0, newline + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 || fd_ < 0) return std::nullopt;
        pollfd pfd{fd_, POLLIN, 0};
        int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
        if (ready <= 0) return std::nullopt;
        char chunk[65536];
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return std::nullopt;
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

std::optional<Json> LineClient::read_json(std::chrono::milliseconds timeout) {
    auto line = read_line(timeout);
    if (!line) return std::nullopt;
    Json parsed = Json::parse(*line, nullptr, false);
    if (parsed.is_discarded()) return Json{{"_raw", *line}};
    return parsed;
}

bool LineClient::wait_closed(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    buffer_.clear();
    while (Clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) return false;
        char chunk[65536];
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return true;
    }
    return false;
}

Json LineClient::hello(const std::string& role, const std::string& device, const std::string& token) {
    send_json({{"type", "hello"}, {"proto", 1}, {"role", role}, {"device", device}, {"token", token}});
    auto answer = read_json(10s);
    return answer ? *answer : Json{{"_timeout", true}};
}

Json LineClient::hello_demo(const std::string& role) {
    DemoDevice device = demo_device(role);
    return hello(role, device.id, device.token);
}

Json LineClient::request(Json message, std::chrono::milliseconds timeout) {
    if (!message.contains("id")) message["id"] = next_id_++;
    const Json id = message["id"];
    send_json(message);
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        auto line = read_json(left);
        if (!line) break;
        if (line->value("type", "") == "reply" && line->contains("id") && (*line)["id"] == id) return *line;
        if (line->value("type", "") == "error") return *line;
        backlog_.push_back(*line);
    }
    return Json{{"_timeout", true}};
}

std::optional<Json> LineClient::next_push(std::chrono::milliseconds timeout) {
    if (!backlog_.empty()) {
        Json first = backlog_.front();
        backlog_.erase(backlog_.begin());
        return first;
    }
    return read_json(timeout);
}

DemoDevice demo_device(const std::string& role) {
    auto parsed = proto::role_from_string(role);
    if (!parsed) throw std::invalid_argument("no such role: " + role);
    const DeviceConfig* device = demo_config().first_device(*parsed);
    if (!device) throw std::invalid_argument("no demo device for role " + role);
    return {device->id, device->token};
}

DemoDevice demo_counter_device(const std::string& counter_id) {
    for (const auto& device : demo_config().devices) {
        if (device.role == proto::Role::counter && device.counter == counter_id) return {device.id, device.token};
    }
    throw std::invalid_argument("no demo device for counter " + counter_id);
}

}  // namespace anoman::testing
