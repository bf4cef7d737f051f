// A thermal printer on 127.0.0.1 for tests: a raw TCP port (like port 9100 of
// a network printer) that records every byte of every job and answers the
// ESC/POS real-time status queries (DLE EOT 1, 2, 4) as a real printer would
// in the state it is told to be in: ready, out of paper, cover open, offline,
// or silent (a printer without status support).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace anoman::kiosk::testing {

class FakePrinter {
public:
    enum class Mode { ok, near_end, paper_out, cover_open, offline, silent };

    FakePrinter();   // listening when constructed
    ~FakePrinter();  // stops and joins
    FakePrinter(const FakePrinter&) = delete;
    FakePrinter& operator=(const FakePrinter&) = delete;

    std::uint16_t port() const { return port_; }
    std::string spec() const { return "tcp:127.0.0.1:" + std::to_string(port_); }

    // The state for every connection from now on.
    void set_mode(Mode mode);
    // The states of the next connections, one each, before falling back to set_mode's.
    void script(std::vector<Mode> modes);

    // Bytes of each connection that sent more than status queries, in order.
    std::vector<std::string> jobs() const;
    std::string all_job_bytes() const;
    int connections() const;
    int status_queries() const;
    // Waits until at least count jobs were received (false on timeout).
    bool wait_for_jobs(std::size_t count, std::chrono::milliseconds timeout) const;

    // The answer a real printer gives to DLE EOT n in a mode.
    static unsigned char status_byte(Mode mode, int query);

private:
    void loop();
    void serve(int fd, Mode mode);

    int listen_fd_ = -1;
    int stop_pipe_[2] = {-1, -1};
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    Mode mode_ = Mode::ok;
    std::deque<Mode> script_;
    std::vector<std::string> jobs_;
    int connections_ = 0;
    int status_queries_ = 0;
    std::thread thread_;
};

}  // namespace anoman::kiosk::testing
