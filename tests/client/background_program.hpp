// A program running in the background with its output in a file the test
// can read while it runs (for `queuectl watch`, which runs until interrupted).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace anoman::testing {

class BackgroundProgram {
public:
    BackgroundProgram(const std::vector<std::string>& argv, std::filesystem::path output_file)
        : output_(std::move(output_file)) {
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            int log = ::open(output_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (log >= 0) {
                ::dup2(log, 1);
                ::dup2(log, 2);
                ::close(log);
            }
            std::vector<char*> args;
            for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            _exit(127);
        }
    }
    ~BackgroundProgram() {
        if (status_ == -2) {
            ::kill(pid_, SIGKILL);
            wait(std::chrono::seconds(5));
        }
    }
    BackgroundProgram(const BackgroundProgram&) = delete;
    BackgroundProgram& operator=(const BackgroundProgram&) = delete;

    std::string output() const {
        std::ifstream in(output_);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    // Waits until the output contains text (at least `times` times).
    bool wait_for_output(const std::string& text, int times = 1,
                         std::chrono::milliseconds timeout = std::chrono::seconds(15)) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (count(text) >= times) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    int count(const std::string& text) const {
        const std::string all = output();
        int found = 0;
        for (auto pos = all.find(text); pos != std::string::npos; pos = all.find(text, pos + text.size())) ++found;
        return found;
    }

    void signal(int number) { ::kill(pid_, number); }

    // Exit status (128+signal when killed), -1 on timeout.
    int wait(std::chrono::milliseconds timeout) {
        if (status_ != -2) return status_;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            int raw = 0;
            if (::waitpid(pid_, &raw, WNOHANG) == pid_) {
                status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
                return status_;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return -1;
    }

private:
    std::filesystem::path output_;
    int pid_ = -1;
    int status_ = -2;
};

}  // namespace anoman::testing
