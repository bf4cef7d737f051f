#include "fake_printer.hpp"

#include "eventually.hpp"

#include <stdexcept>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace anoman::kiosk::testing {

FakePrinter::FakePrinter() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error("fake printer: socket");
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listen_fd_, 8) != 0)
        throw std::runtime_error("fake printer: bind/listen");
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    if (::pipe2(stop_pipe_, O_CLOEXEC) != 0) throw std::runtime_error("fake printer: pipe");
    thread_ = std::thread([this] { loop(); });
}

FakePrinter::~FakePrinter() {
    char stop = 'x';
    (void)!::write(stop_pipe_[1], &stop, 1);
    thread_.join();
    ::close(listen_fd_);
    ::close(stop_pipe_[0]);
    ::close(stop_pipe_[1]);
}

void FakePrinter::set_mode(Mode mode) {
    std::lock_guard lock(mutex_);
    mode_ = mode;
}

void FakePrinter::script(std::vector<Mode> modes) {
    std::lock_guard lock(mutex_);
    script_.assign(modes.begin(), modes.end());
}

std::vector<std::string> FakePrinter::jobs() const {
    std::lock_guard lock(mutex_);
    return jobs_;
}

std::string FakePrinter::all_job_bytes() const {
    std::string out;
    for (const auto& job : jobs()) out += job;
    return out;
}

int FakePrinter::connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
}

int FakePrinter::status_queries() const {
    std::lock_guard lock(mutex_);
    return status_queries_;
}

bool FakePrinter::wait_for_jobs(std::size_t count, std::chrono::milliseconds timeout) const {
    return anoman::testing::eventually([&] { return jobs().size() >= count; }, timeout);
}

unsigned char FakePrinter::status_byte(Mode mode, int query) {
    // Fixed bits of every status byte: bit 1 and bit 4 set.
    unsigned char value = 0x12;
    switch (query) {
        case 1:  // bit 3: offline (a printer without paper or with its cover open is offline)
            if (mode == Mode::paper_out || mode == Mode::cover_open || mode == Mode::offline) value |= 0x08;
            break;
        case 2:  // bit 2: cover open; bit 5: stopped by paper end; bit 6: error
            if (mode == Mode::cover_open) value |= 0x04;
            if (mode == Mode::paper_out) value |= 0x20;
            if (mode == Mode::offline) value |= 0x40;
            break;
        case 4:  // bits 2-3: near end; bits 5-6: paper end
            if (mode == Mode::near_end) value |= 0x0C;
            if (mode == Mode::paper_out) value |= 0x60;
            break;
        default: break;
    }
    return value;
}

void FakePrinter::loop() {
    for (;;) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) continue;
        if (fds[1].revents) return;
        if (!(fds[0].revents & POLLIN)) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        Mode mode;
        {
            std::lock_guard lock(mutex_);
            ++connections_;
            mode = mode_;
            if (!script_.empty()) {
                mode = script_.front();
                script_.pop_front();
            }
        }
        serve(fd, mode);  // one connection at a time, like a real printer
        ::close(fd);
    }
}

void FakePrinter::serve(int fd, Mode mode) {
    std::string job;
    std::string carry;  // an incomplete DLE EOT split across reads
    for (;;) {
        pollfd fds[2] = {{fd, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 2, 5000) <= 0 || fds[1].revents) break;  // idle too long, or stopping
        char buffer[4096];
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got <= 0) break;
        std::string data = carry + std::string(buffer, static_cast<std::size_t>(got));
        carry.clear();
        for (std::size_t i = 0; i < data.size(); ++i) {
            if (data[i] == 0x10 && (i + 1 >= data.size() || data[i + 1] == 0x04)) {
                if (i + 2 >= data.size()) {
                    carry = data.substr(i);
                    break;
                }
                const int query = static_cast<unsigned char>(data[i + 2]);
                {
                    std::lock_guard lock(mutex_);
                    ++status_queries_;
                }
                if (mode != Mode::silent) {
                    const unsigned char answer = status_byte(mode, query);
                    (void)!::write(fd, &answer, 1);
                }
                i += 2;
                continue;
            }
            job += data[i];
        }
    }
    if (!job.empty()) {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
}

}  // namespace anoman::kiosk::testing
