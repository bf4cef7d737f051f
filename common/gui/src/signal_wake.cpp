#include "signal_wake.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>

#include <GLFW/glfw3.h>

namespace anoman::gui {
namespace {

// Only lock-free atomics and write(2) in the handler (async-signal-safe).
std::atomic<bool> g_screenshot{false};
std::atomic<int> g_stop{0};
std::atomic<int> g_wake_fd{-1};
std::atomic<int> g_read_fd{-1};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

void wake() {
    const int fd = g_wake_fd.load();
    if (fd < 0) return;
    const char byte = 1;
    const int saved = errno;
    [[maybe_unused]] const ssize_t ignored = ::write(fd, &byte, 1);  // a full pipe already wakes the thread
    errno = saved;
}

extern "C" void on_screenshot_signal(int) {
    g_screenshot.store(true);
    wake();
}

extern "C" void on_stop_signal(int number) {
    g_stop.store(number);
    wake();
}

void install(int number, void (*handler)(int)) {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(number, &action, nullptr);
}

}  // namespace

SignalWake::SignalWake() {
    // One pipe for the process, never closed: a handler running during a
    // ~SignalWake must not write to a closed (or already re-used) descriptor.
    static const bool piped = [] {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) return false;
        // The handler's end never blocks; the reading end does (the thread waits there).
        ::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK);
        g_read_fd.store(fds[0]);
        g_wake_fd.store(fds[1]);
        return true;
    }();
    if (piped) {
        thread_ = std::thread([this] {
            char bytes[64];
            while (!quit_.load()) {
                const ssize_t got = ::read(g_read_fd.load(), bytes, sizeof bytes);
                if (got < 0 && errno != EINTR) return;
                if (!quit_.load()) glfwPostEmptyEvent();
            }
        });
    }
    // Installed even without a screenshot path, so a stray SIGUSR1 cannot kill a hall display.
    install(SIGUSR1, on_screenshot_signal);
    install(SIGTERM, on_stop_signal);
    install(SIGINT, on_stop_signal);
}

SignalWake::~SignalWake() {
    quit_.store(true);
    wake();
    if (thread_.joinable()) thread_.join();
}

bool SignalWake::take_screenshot_request() { return g_screenshot.exchange(false); }
bool SignalWake::screenshot_requested() { return g_screenshot.load(); }
int SignalWake::stop_signal() { return g_stop.load(); }

}  // namespace anoman::gui
