// Driving the real `counter` program under Xvfb: start it as a child
// process, find its window, press keys and type with xdotool, save
// screenshots with ImageMagick's import, and read its log.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace counter_gui {

using namespace std::chrono_literals;

class ChildProcess {
public:
    ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& log);
    ~ChildProcess();  // SIGTERM, then SIGKILL if it lingers
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    int pid() const { return pid_; }
    bool running();
    // Everything it wrote so far.
    std::string log() const;
    // Waits until the log, from byte `from` on, contains text; returns the
    // offset just after it, or std::string::npos on timeout.
    std::size_t wait_log(const std::string& text, std::size_t from, std::chrono::milliseconds timeout = 10s) const;
    int stop();  // SIGTERM and wait: exit status, 128+signal if signalled

private:
    int pid_ = -1;
    int status_ = -1;
    std::filesystem::path log_;
};

// Runs a command to completion; its exit status and output.
struct Ran {
    int status = -1;
    std::string output;
};
Ran run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = 20s);

// xdotool helpers on the window whose title contains name.
std::string find_window(const std::string& name, std::chrono::milliseconds timeout = 15s);
void focus(const std::string& window);
void key(const std::string& window, const std::string& keys);     // "F1", "Down", "Return"
void type(const std::string& window, const std::string& text);    // as a USB scanner would
bool screenshot(const std::string& window, const std::filesystem::path& png);

}  // namespace counter_gui
