// Blocking file-descriptor I/O with deadlines, shared by the device and TCP
// printers: nothing here may wait forever on a printer that stopped answering.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "printer_status.hpp"

namespace anoman::kiosk::io {

using Clock = std::chrono::steady_clock;

// Owns a file descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd();
    Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Fd& operator=(Fd&& other) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

std::string errno_text(const std::string& what);  // "what: strerror(errno)"

// Writes everything before the deadline (the fd is non-blocking); false with
// error set otherwise.
bool write_all(int fd, std::string_view bytes, Clock::time_point deadline, std::string& error);
// One byte, or nullopt on timeout, EOF or error.
std::optional<unsigned char> read_byte(int fd, std::chrono::milliseconds timeout);
// Reads and drops whatever arrives until EOF or the timeout.
void drain(int fd, std::chrono::milliseconds timeout);

// Sends DLE EOT 1, 2, 4 and decodes the answers. A printer silent to the first
// query is no_answer; one that stops answering half way is offline.
PrinterStatus query_status(int fd, std::chrono::milliseconds answer_timeout);

// Non-blocking TCP connection to host:port within timeout (TCP_NODELAY set).
Fd connect_tcp(const std::string& host, unsigned short port, std::chrono::milliseconds timeout, std::string& error);

}  // namespace anoman::kiosk::io
