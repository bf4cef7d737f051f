// The three printer transports behind make_printer().
#include <cerrno>

#include <fcntl.h>
#include <linux/lp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "printer.hpp"
#include "printer_io.hpp"

namespace anoman::kiosk {
namespace {

// A file: tests, and a kiosk that keeps a copy instead of printing. Each job
// is appended, so a test can read every ticket ever "printed".
class FilePrinter final : public Printer {
public:
    explicit FilePrinter(std::string path) : path_(std::move(path)) {}

    PrinterStatus status() override {
        io::Fd fd(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
        if (!fd) return {PrinterState::unreachable, false, io::errno_text("open " + path_)};
        return {PrinterState::ok, false, "file " + path_};
    }

    PrintOutcome print(const std::string& job) override {
        io::Fd fd(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
        if (!fd) return {false, {PrinterState::unreachable, false, io::errno_text("open " + path_)}};
        std::string error;
        if (!io::write_all(fd.get(), job, io::Clock::now() + std::chrono::seconds(5), error))
            return {false, {PrinterState::unreachable, false, error}};
        return {true, {PrinterState::ok, false, "file " + path_}};
    }

    std::string describe() const override { return "file:" + path_; }

private:
    std::string path_;
};

// A local device: USB printer class (/dev/usb/lp0) or a serial printer
// (/dev/ttyUSB0, set to raw mode). Status comes from DLE EOT when the printer
// answers, else from the USB printer class port status (LPGETSTATUS).
class DevicePrinter final : public Printer {
public:
    DevicePrinter(std::string path, PrinterTimeouts timeouts) : path_(std::move(path)), timeouts_(timeouts) {}

    PrinterStatus status() override {
        PrinterStatus result;
        open_device(result);
        return result;
    }

    PrintOutcome print(const std::string& job) override {
        PrinterStatus status;
        io::Fd fd = open_device(status);
        if (!fd || !status.can_print()) return {false, status};
        std::string error;
        if (!io::write_all(fd.get(), job, io::Clock::now() + timeouts_.write, error))
            return {false, {PrinterState::unreachable, false, error}};
        if (::isatty(fd.get())) ::tcdrain(fd.get());
        return {true, status};
    }

    std::string describe() const override { return path_; }

private:
    io::Fd open_device(PrinterStatus& status) {
        io::Fd fd(::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
        if (!fd) {
            status = {PrinterState::unreachable, false, io::errno_text("open " + path_)};
            return fd;
        }
        if (::isatty(fd.get())) {
            termios mode{};
            if (::tcgetattr(fd.get(), &mode) == 0) {
                ::cfmakeraw(&mode);
                ::tcsetattr(fd.get(), TCSANOW, &mode);
            }
        }
        status = io::query_status(fd.get(), timeouts_.answer);
        if (status.state == PrinterState::no_answer) {
            int port_status = 0;
            if (::ioctl(fd.get(), LPGETSTATUS, &port_status) == 0) status = from_port_status(port_status);
        }
        return fd;
    }

    // IEEE 1284 port status as the usblp driver reports it.
    static PrinterStatus from_port_status(int bits) {
        PrinterStatus status{PrinterState::ok, false, "port status " + std::to_string(bits)};
        if (bits & LP_POUTPA) {
            status.state = PrinterState::paper_out;
        } else if (!(bits & LP_PSELECD) || !(bits & LP_PERRORP)) {
            status.state = PrinterState::offline;
        }
        return status;
    }

    std::string path_;
    PrinterTimeouts timeouts_;
};

// A network printer's raw port (JetDirect, 9100): one connection per job,
// status first, then the job, then a clean close.
class TcpPrinter final : public Printer {
public:
    TcpPrinter(std::string host, std::uint16_t port, PrinterTimeouts timeouts)
        : host_(std::move(host)), port_(port), timeouts_(timeouts) {}

    PrinterStatus status() override {
        PrinterStatus result;
        connect_and_query(result);
        return result;
    }

    PrintOutcome print(const std::string& job) override {
        PrinterStatus status;
        io::Fd fd = connect_and_query(status);
        if (!fd || !status.can_print()) return {false, status};
        std::string error;
        if (!io::write_all(fd.get(), job, io::Clock::now() + timeouts_.write, error))
            return {false, {PrinterState::unreachable, false, error}};
        // Half-close and wait for the printer to close its side, so the job is
        // not cut short by a reset when unread bytes (late status) are pending.
        ::shutdown(fd.get(), SHUT_WR);
        io::drain(fd.get(), timeouts_.answer);
        return {true, status};
    }

    std::string describe() const override { return "tcp:" + host_ + ":" + std::to_string(port_); }

private:
    io::Fd connect_and_query(PrinterStatus& status) {
        std::string error;
        io::Fd fd = io::connect_tcp(host_, port_, timeouts_.connect, error);
        if (!fd) {
            status = {PrinterState::unreachable, false, error};
            return fd;
        }
        status = io::query_status(fd.get(), timeouts_.answer);
        return fd;
    }

    std::string host_;
    std::uint16_t port_;
    PrinterTimeouts timeouts_;
};

}  // namespace

std::unique_ptr<Printer> make_printer(const PrinterSpec& spec, PrinterTimeouts timeouts) {
    switch (spec.kind) {
        case PrinterSpec::Kind::none: return nullptr;
        case PrinterSpec::Kind::file: return std::make_unique<FilePrinter>(spec.path);
        case PrinterSpec::Kind::device: return std::make_unique<DevicePrinter>(spec.path, timeouts);
        case PrinterSpec::Kind::tcp: return std::make_unique<TcpPrinter>(spec.host, spec.port, timeouts);
    }
    return nullptr;
}

}  // namespace anoman::kiosk
