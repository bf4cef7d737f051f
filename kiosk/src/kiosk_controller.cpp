#include "kiosk_controller.hpp"

#include <spdlog/spdlog.h>

#include "anoman/protocol_requests.hpp"
#include "test_print.hpp"

namespace anoman::kiosk {

std::int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

KioskController::KioskController(KioskModel& model, RunQueue& ui, Hooks hooks)
    : model_(model), ui_(ui), hooks_(std::move(hooks)) {}

void KioskController::pump() {
    // Commands can produce commands (a printer-less kiosk issues at once).
    for (int round = 0; round < 8; ++round) {
        auto commands = model_.take_commands();
        if (commands.empty()) return;
        for (const auto& command : commands) run(command);
    }
}

void KioskController::settle() {
    pump();
    if (hooks_.changed) hooks_.changed();
}

void KioskController::resume_pending(std::chrono::minutes max_age) {
    if (!hooks_.pending) return;
    auto pending = hooks_.pending->load();
    if (!pending) return;
    const auto age = std::chrono::milliseconds(unix_ms_now() - pending->started_unix_ms);
    if (age < std::chrono::milliseconds(0) || age > max_age) {
        spdlog::info("dropping an unfinished ticket request {} from {} s ago", pending->request_id,
                     std::chrono::duration_cast<std::chrono::seconds>(age).count());
        hooks_.pending->clear();
        return;
    }
    spdlog::info("resuming ticket request {} for service {}", pending->request_id, pending->service);
    model_.resume(*pending);
    pump();
}

void KioskController::run(const Command& command) {
    KioskModel& model = model_;
    RunQueue& ui = ui_;
    if (std::holds_alternative<cmd::RefreshServices>(command)) {
        hooks_.request(proto::ServicesListRequest{}, [this, &model, &ui](const proto::Reply& reply) {
            ui.post([this, &model, reply] {
                model.on_services(reply);
                settle();
            });
        });
    } else if (auto* check = std::get_if<cmd::CheckPrinter>(&command)) {
        if (!hooks_.printer) {
            model.on_printer_status(check->op, {PrinterState::ok, false, "no printer"});
            return;
        }
        hooks_.printer->check_status([this, &model, &ui, op = check->op](PrinterStatus status) {
            if (!status.can_print() || status.paper_near_end)
                spdlog::warn("printer {}: {} ({})", hooks_.printer->describe(), to_string(status.state), status.detail);
            ui.post([this, &model, op, status] {
                model.on_printer_status(op, status);
                settle();
            });
        });
    } else if (auto* issue = std::get_if<cmd::Issue>(&command)) {
        const std::string type = issue->request.value("type", "");
        spdlog::info("{} {} {} {}", type, issue->request.value("request_id", ""),
                     type == "booking.checkin" ? "booking" : "service",
                     issue->request.value(type == "booking.checkin" ? "booking_code" : "service", ""));
        hooks_.request(issue->request, [this, &model, &ui, op = issue->op, type](const proto::Reply& reply) {
            if (!reply.ok && reply.error)
                spdlog::warn("{} failed: {} {}", type, proto::to_string(reply.error->code), reply.error->message);
            ui.post([this, &model, op, reply] {
                model.on_issue_reply(op, reply);
                settle();
            });
        });
    } else if (auto* get = std::get_if<cmd::GetBooking>(&command)) {
        spdlog::info("booking.get {}", get->booking_code);
        hooks_.request(proto::Json(proto::BookingGetRequest{get->booking_code}),
                       [this, &model, &ui, op = get->op](const proto::Reply& reply) {
                           if (!reply.ok && reply.error)
                               spdlog::info("booking.get: {} {}", proto::to_string(reply.error->code), reply.error->message);
                           ui.post([this, &model, op, reply] {
                               model.on_booking_reply(op, reply);
                               settle();
                           });
                       });
    } else if (auto* print = std::get_if<cmd::Print>(&command)) {
        last_job_ = render_ticket(print->ticket, hooks_.paper);
        if (!hooks_.printer) {
            model.on_print_result(print->op, {true, {}});
            return;
        }
        hooks_.printer->print(last_job_, [this, &model, &ui, op = print->op, number = print->ticket.number](PrintOutcome outcome) {
            if (!outcome.ok)
                spdlog::warn("printing {} failed: {} ({})", number, to_string(outcome.status.state), outcome.status.detail);
            ui.post([this, &model, op, outcome] {
                model.on_print_result(op, outcome);
                settle();
            });
        });
    } else if (auto* save = std::get_if<cmd::SavePending>(&command)) {
        if (!hooks_.pending) return;
        PendingIssue pending = save->pending;
        if (pending.started_unix_ms == 0) pending.started_unix_ms = unix_ms_now();
        std::string error;
        // Not fatal: the ticket is still issued, only a restart could not resume it.
        if (!hooks_.pending->save(pending, error)) spdlog::error("cannot keep the pending ticket request: {}", error);
    } else if (std::holds_alternative<cmd::ClearPending>(command)) {
        if (hooks_.pending) hooks_.pending->clear();
    } else if (auto* test = std::get_if<cmd::TestPrint>(&command)) {
        if (!hooks_.printer) {
            model.on_test_print_result(test->op, {false, {PrinterState::unreachable, false, "--printer none"}}, "--printer none");
            return;
        }
        last_job_ = render_test_ticket(hooks_.paper, model.language(), iso_local_now());
        spdlog::info("attendant: test print on {}", hooks_.printer->describe());
        hooks_.printer->print(last_job_, [this, &model, &ui, op = test->op](const PrintOutcome& outcome) {
            const std::string detail = describe_outcome(outcome);
            if (!outcome.ok) spdlog::warn("test print failed: {}", detail);
            ui.post([this, &model, op, outcome, detail] {
                model.on_test_print_result(op, outcome, detail);
                settle();
            });
        });
    } else if (auto* fullscreen = std::get_if<cmd::SetFullscreen>(&command)) {
        spdlog::info("attendant: full screen {}", fullscreen->on ? "on" : "off");
        if (hooks_.set_fullscreen) hooks_.set_fullscreen(fullscreen->on);
    }
}

}  // namespace anoman::kiosk
