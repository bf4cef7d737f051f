// Signals a GUI program answers, and how they reach its frame loop.
//
// SIGUSR1 asks for a screenshot; SIGTERM (systemd stopping the unit, a
// logout) and SIGINT (Ctrl+C) ask the program to close as if its window were
// closed, so it stops its client, finishes its voice or printer and exits 0.
// A handler may only do async-signal-safe work: it sets a flag and writes one
// byte to a pipe. A small thread, blocked on that pipe (no polling, so an
// idle program stays idle), wakes the frame loop with glfwPostEmptyEvent,
// which is safe from any thread but not from a signal handler. One at a
// time, like the AppWindow that owns it (GLFW allows one per process).
#pragma once

#include <atomic>
#include <thread>

namespace anoman::gui {

class SignalWake {
public:
    SignalWake();   // installs the handlers and starts the thread
    ~SignalWake();  // stops the thread; the handlers stay (a late signal only sets its flag)
    SignalWake(const SignalWake&) = delete;
    SignalWake& operator=(const SignalWake&) = delete;

    // True once a screenshot was asked for; clears the request.
    static bool take_screenshot_request();
    static bool screenshot_requested();
    // The stopping signal received (SIGTERM or SIGINT), or 0.
    static int stop_signal();

private:
    std::atomic<bool> quit_{false};
    std::thread thread_;
};

}  // namespace anoman::gui
