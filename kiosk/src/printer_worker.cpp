#include "printer_worker.hpp"

#include <exception>

namespace anoman::kiosk {

PrinterWorker::PrinterWorker(std::unique_ptr<Printer> printer)
    : printer_(std::move(printer)), thread_([this] { loop(); }) {}

PrinterWorker::~PrinterWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    wake_.notify_one();
    thread_.join();
}

void PrinterWorker::check_status(std::function<void(PrinterStatus)> done) {
    post([this, done = std::move(done)] {
        PrinterStatus status;
        try {
            status = printer_->status();
        } catch (const std::exception& error) {  // never let an exception end the thread
            status = {PrinterState::unreachable, false, error.what()};
        }
        done(std::move(status));
    });
}

void PrinterWorker::print(std::string job, std::function<void(PrintOutcome)> done) {
    post([this, job = std::move(job), done = std::move(done)] {
        PrintOutcome outcome;
        try {
            outcome = printer_->print(job);
        } catch (const std::exception& error) {
            outcome = {false, {PrinterState::unreachable, false, error.what()}};
        }
        done(std::move(outcome));
    });
}

std::string PrinterWorker::describe() const { return printer_->describe(); }

void PrinterWorker::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void PrinterWorker::loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

}  // namespace anoman::kiosk
