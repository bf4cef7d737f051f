// Runs printer calls on their own thread, one at a time, so a slow or dead
// printer never freezes the screen. Results come back through callbacks on
// the worker thread; the kiosk posts them to its UI thread (RunQueue).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "printer.hpp"

namespace anoman::kiosk {

class PrinterWorker {
public:
    explicit PrinterWorker(std::unique_ptr<Printer> printer);
    ~PrinterWorker();  // finishes the job in progress, drops the rest, joins
    PrinterWorker(const PrinterWorker&) = delete;
    PrinterWorker& operator=(const PrinterWorker&) = delete;

    void check_status(std::function<void(PrinterStatus)> done);
    void print(std::string job, std::function<void(PrintOutcome)> done);
    std::string describe() const;

private:
    void post(std::function<void()> job);
    void loop();

    std::unique_ptr<Printer> printer_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace anoman::kiosk
