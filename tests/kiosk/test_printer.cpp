// The printer transports against printers that answer like real ones: the
// fake network printer on 127.0.0.1, a pseudo-terminal standing in for a
// serial or USB device, and plain files.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "escpos.hpp"
#include "fake_printer.hpp"
#include "printer.hpp"
#include "printer_worker.hpp"
#include "test_support.hpp"

using namespace anoman::kiosk;
using anoman::kiosk::testing::FakePrinter;
using anoman::testing::read_file;
using namespace std::chrono_literals;

namespace {

PrinterTimeouts quick() {
    PrinterTimeouts t;
    t.connect = 1000ms;
    t.answer = 300ms;
    t.write = 2000ms;
    return t;
}

// A TCP port with nothing listening on it.
std::uint16_t closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("network printer: each state the fake printer is in is read back") {
    FakePrinter fake;
    auto printer = make_printer(parse_printer_spec(fake.spec()), quick());
    struct Case {
        FakePrinter::Mode mode;
        PrinterState state;
        bool near_end;
    };
    for (Case c : {Case{FakePrinter::Mode::ok, PrinterState::ok, false}, Case{FakePrinter::Mode::near_end, PrinterState::ok, true},
                   Case{FakePrinter::Mode::paper_out, PrinterState::paper_out, false},
                   Case{FakePrinter::Mode::cover_open, PrinterState::cover_open, false},
                   Case{FakePrinter::Mode::offline, PrinterState::offline, false},
                   Case{FakePrinter::Mode::silent, PrinterState::no_answer, false}}) {
        CAPTURE(static_cast<int>(c.mode));
        fake.set_mode(c.mode);
        const auto status = printer->status();
        CHECK(status.state == c.state);
        CHECK(status.paper_near_end == c.near_end);
    }
    CHECK(fake.jobs().empty());  // status queries are not jobs
    CHECK(fake.status_queries() == 5 * 3 + 1);  // silent: gave up after the first
}

TEST_CASE("network printer: a job arrives byte for byte after the status check") {
    FakePrinter fake;
    auto printer = make_printer(parse_printer_spec(fake.spec()), quick());
    const std::string job = escpos::Encoder().initialize().line("A001").qr_code("ANOMAN:x", 6).cut(0).take();
    const auto outcome = printer->print(job);
    CHECK(outcome.ok);
    REQUIRE(fake.wait_for_jobs(1, 2s));
    CHECK(fake.jobs()[0] == job);
    CHECK(fake.status_queries() == 3);
}

TEST_CASE("network printer: without paper nothing is sent") {
    FakePrinter fake;
    fake.set_mode(FakePrinter::Mode::paper_out);
    auto printer = make_printer(parse_printer_spec(fake.spec()), quick());
    const auto outcome = printer->print("ticket");
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.status.state == PrinterState::paper_out);
    // The fake serves one connection at a time, like a real printer: once a
    // later status query is answered, the print's connection is over.
    CHECK(printer->status().state == PrinterState::paper_out);
    CHECK(fake.jobs().empty());
}

TEST_CASE("network printer: one without status support still prints") {
    FakePrinter fake;
    fake.set_mode(FakePrinter::Mode::silent);
    auto printer = make_printer(parse_printer_spec(fake.spec()), quick());
    CHECK(printer->print("ticket\n").ok);
    REQUIRE(fake.wait_for_jobs(1, 2s));
    CHECK(fake.jobs()[0] == "ticket\n");
}

TEST_CASE("network printer: nobody listening is unreachable, quickly") {
    const auto started = std::chrono::steady_clock::now();
    auto printer = make_printer(parse_printer_spec("tcp:127.0.0.1:" + std::to_string(closed_port())), quick());
    const auto status = printer->status();
    CHECK(status.state == PrinterState::unreachable);
    CHECK(status.detail.find("connect") != std::string::npos);
    CHECK_FALSE(printer->print("x").ok);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
}

TEST_CASE("file printer: jobs are appended; an unwritable path is unreachable") {
    const auto dir = anoman::testing::scratch_dir("kiosk-file-printer");
    const auto path = dir / "tickets.bin";
    auto printer = make_printer(parse_printer_spec("file:" + path.string()));
    CHECK(printer->status().state == PrinterState::ok);
    CHECK(printer->print("one").ok);
    CHECK(printer->print("two").ok);
    CHECK(read_file(path) == "onetwo");
    auto missing = make_printer(parse_printer_spec("file:" + (dir / "no" / "such" / "dir").string()));
    CHECK(missing->status().state == PrinterState::unreachable);
    CHECK_FALSE(missing->print("x").ok);
}

TEST_CASE("device printer: a missing device is unreachable") {
    auto printer = make_printer(parse_printer_spec("/dev/usb/lp-does-not-exist"), quick());
    const auto status = printer->status();
    CHECK(status.state == PrinterState::unreachable);
    CHECK(status.detail.find("lp-does-not-exist") != std::string::npos);
}

TEST_CASE("device printer: a serial printer (pseudo-terminal) answers status and receives the job raw") {
    int master = -1;
    int slave = -1;
    char name[256] = {};
    REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
    FakePrinter::Mode mode = FakePrinter::Mode::ok;
    std::atomic<bool> stop{false};
    std::string received;
    std::atomic<std::size_t> received_bytes{0};  // what the test may look at while the thread runs
    std::thread printer_side([&] {
        while (!stop) {
            pollfd entry{master, POLLIN, 0};
            if (::poll(&entry, 1, 50) <= 0) continue;
            char buffer[512];
            const ssize_t got = ::read(master, buffer, sizeof buffer);
            if (got <= 0) continue;
            for (ssize_t i = 0; i < got; ++i) {
                if (buffer[i] == 0x10 && i + 2 < got && buffer[i + 1] == 0x04) {
                    const unsigned char answer = FakePrinter::status_byte(mode, buffer[i + 2]);
                    (void)!::write(master, &answer, 1);
                    i += 2;
                } else {
                    received += buffer[i];
                }
            }
            received_bytes = received.size();
        }
    });
    auto printer = make_printer(parse_printer_spec(name), quick());
    CHECK(printer->status().state == PrinterState::ok);
    // Raw mode: a newline stays a newline, ESC and NUL pass untouched.
    const std::string job = std::string("\x1b@A001\n\x1dV\x41\x00", 10);
    CHECK(printer->print(job).ok);
    CHECK(anoman::testing::eventually([&] { return received_bytes.load() >= job.size(); }, 5s));
    stop = true;
    printer_side.join();
    CHECK(received == job);
    mode = FakePrinter::Mode::cover_open;  // no answering thread now: silent
    CHECK(printer->status().state == PrinterState::no_answer);
    ::close(slave);
    ::close(master);
}

TEST_CASE("device printer: a plain file as a device has no status but takes the job") {
    const auto path = anoman::testing::scratch_dir("kiosk-device-file") / "lp0";
    std::ofstream(path).close();
    auto printer = make_printer(parse_printer_spec(path.string()), quick());
    CHECK(printer->status().state == PrinterState::no_answer);
    CHECK(printer->print("job").ok);
    CHECK(read_file(path).find("job") != std::string::npos);
}

TEST_CASE("printer worker: calls run off the caller's thread, in order") {
    FakePrinter fake;
    PrinterWorker worker(make_printer(parse_printer_spec(fake.spec()), quick()));
    std::promise<PrinterStatus> status;
    std::promise<PrintOutcome> printed;
    const auto caller = std::this_thread::get_id();
    std::thread::id ran_on;
    worker.check_status([&](PrinterStatus s) {
        ran_on = std::this_thread::get_id();
        status.set_value(s);
    });
    worker.print("hello", [&](PrintOutcome o) { printed.set_value(o); });
    CHECK(status.get_future().get().state == PrinterState::ok);
    CHECK(printed.get_future().get().ok);
    CHECK(ran_on != caller);
    CHECK(worker.describe() == fake.spec());
}

TEST_CASE("printer worker: destroying it with a slow printer does not hang") {
    FakePrinter fake;
    fake.set_mode(FakePrinter::Mode::silent);
    const auto started = std::chrono::steady_clock::now();
    {
        PrinterWorker worker(make_printer(parse_printer_spec(fake.spec()), quick()));
        for (int i = 0; i < 10; ++i) worker.check_status([](PrinterStatus) {});
    }
    CHECK(std::chrono::steady_clock::now() - started < 2s);
}
