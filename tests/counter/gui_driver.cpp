#include "gui_driver.hpp"

#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace counter_gui {
namespace {

using Clock = std::chrono::steady_clock;

int spawn(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::close(fd);
        }
        const int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) ::dup2(devnull, 0);
        std::vector<char*> args;
        for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        _exit(127);
    }
    return pid;
}

int decode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& log) : log_(log) {
    pid_ = spawn(argv, log);
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && status_ < 0) stop();
}

bool ChildProcess::running() {
    if (status_ >= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = decode(status);
        return false;
    }
    return true;
}

std::string ChildProcess::log() const { return read_all(log_); }

std::size_t ChildProcess::wait_log(const std::string& text, std::size_t from, std::chrono::milliseconds timeout) const {
    const auto deadline = Clock::now() + timeout;
    do {
        const std::string all = log();
        if (from <= all.size()) {
            const auto at = all.find(text, from);
            if (at != std::string::npos) return at + text.size();
        }
        std::this_thread::sleep_for(20ms);
    } while (Clock::now() < deadline);
    return std::string::npos;
}

int ChildProcess::stop() {
    if (status_ >= 0) return status_;
    ::kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + 5s;
    int status = 0;
    while (Clock::now() < deadline) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) return status_ = decode(status);
        std::this_thread::sleep_for(10ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    return status_ = decode(status);
}

Ran run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    char name[] = "/tmp/counter-gui-run-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd >= 0) ::close(fd);
    const std::filesystem::path log(name);
    const int pid = spawn(argv, log);
    Ran ran;
    const auto deadline = Clock::now() + timeout;
    int status = 0;
    while (true) {
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            ran.status = decode(status);
            break;
        }
        if (Clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(5ms);
    }
    ran.output = read_all(log);
    std::filesystem::remove(log);
    return ran;
}

std::string find_window(const std::string& name, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        Ran found = run({"xdotool", "search", "--name", name}, 5s);
        std::istringstream lines(found.output);
        std::string id;
        if (found.status == 0 && std::getline(lines, id) && !id.empty()) return id;
        std::this_thread::sleep_for(100ms);
    }
    return {};
}

void focus(const std::string& window) {
    run({"xdotool", "windowfocus", "--sync", window}, 5s);
}

// Real (XTEST) key events to the focused window, as a keyboard sends them;
// "--window" would send synthetic events, which is not what a clerk's keyboard does.
void key(const std::string& window, const std::string& keys) {
    focus(window);
    run({"xdotool", "key", "--delay", "30", keys}, 5s);
}

void type(const std::string& window, const std::string& text) {
    focus(window);
    // 4 ms between characters: faster than any hand, like a scanner.
    run({"xdotool", "type", "--delay", "4", text}, 10s);
}

bool screenshot(const std::string& window, const std::filesystem::path& png) {
    return run({"import", "-window", window, png.string()}, 20s).status == 0 && std::filesystem::exists(png);
}

}  // namespace counter_gui
