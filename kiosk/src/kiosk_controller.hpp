// Carries out what the model asks (services.list, printer status, ticket.issue,
// booking.get and booking.checkin,
// print, the pending record, full screen) and brings the answers back to the
// model on the UI thread through the RunQueue. No ImGui here: the integration
// tests run the whole kiosk, minus the window, through this class.
#pragma once

#include <chrono>
#include <functional>

#include "anoman/protocol.hpp"
#include "anoman/run_queue.hpp"
#include "kiosk_model.hpp"
#include "pending_store.hpp"
#include "printer_worker.hpp"
#include "ticket_layout.hpp"

namespace anoman::kiosk {

class KioskController {
public:
    using ReplyHandler = std::function<void(const proto::Reply&)>;
    struct Hooks {
        // Sends a request; the handler may run on any thread (Client::request).
        std::function<void(proto::Json request, ReplyHandler handler)> request;
        PrinterWorker* printer = nullptr;  // null with --printer none
        PendingStore* pending = nullptr;   // null: nothing kept across restarts
        std::function<void(bool on)> set_fullscreen;
        PaperWidth paper = PaperWidth::mm80;
        std::function<void()> changed;  // after an answer reached the model (the view redraws)
    };

    KioskController(KioskModel& model, RunQueue& ui, Hooks hooks);

    // Carries out the model's commands; call after anything that may produce some.
    void pump();
    // At start: an unfinished ticket younger than max_age is resumed (same
    // request_id); an older one is dropped (the patient has long gone).
    void resume_pending(std::chrono::minutes max_age = std::chrono::minutes(5));
    // The last print job's bytes (for logs and tests).
    const std::string& last_job() const { return last_job_; }

private:
    void run(const Command& command);
    void settle();  // after an answer: pump, and tell the view

    KioskModel& model_;
    RunQueue& ui_;
    Hooks hooks_;
    std::string last_job_;
};

std::int64_t unix_ms_now();

}  // namespace anoman::kiosk
