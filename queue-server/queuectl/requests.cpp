// From a parsed subcommand to the protocol request it sends (PROTOCOL.md "Operations").
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "queuectl.hpp"

namespace anoman::queuectl {

namespace {

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
    return text;
}

std::string counter_for(const Command& command, const std::optional<std::string>& welcome_counter) {
    if (!command.counter.empty()) return command.counter;
    if (welcome_counter) return *welcome_counter;
    throw UsageError("queuectl " + command.name + ": --counter is required (this device serves no counter)");
}

std::int64_t ticket_id_for(const Command& command, const TicketLookup& lookup) {
    if (auto id = ticket_id_from_text(command.ticket)) return *id;
    return lookup(upper(command.ticket));
}

// Unique enough for a command line: host-independent, time and pid based.
std::string fresh_request_id() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return "queuectl:" + std::to_string(::getpid()) + ":" +
           std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

}  // namespace

std::optional<std::int64_t> ticket_id_from_text(const std::string& text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) return std::nullopt;
    return std::stoll(text);
}

Json build_request(const Command& command, const std::optional<std::string>& welcome_counter,
                   const TicketLookup& lookup) {
    const std::string& name = command.name;
    if (auto request = build_ops_request(command)) return *request;  // ops_commands.cpp
    if (name == "link")  // bpjs_commands.cpp; here for the ticket number lookup
        return Json{{"type", "ticket.link"}, {"ticket", ticket_id_for(command, lookup)}, {"booking_code", command.booking}};
    if (name == "issue") {
        Json request{{"type", "ticket.issue"},
                     {"service", upper(command.service)},
                     {"request_id", command.request_id.empty() ? fresh_request_id() : command.request_id}};
        if (command.priority) request["priority"] = true;
        Json patient = Json::object();
        if (!command.patient_kind.empty()) patient["kind"] = command.patient_kind;
        if (!command.nik.empty()) patient["nik"] = command.nik;
        if (!command.card_no.empty()) patient["card_no"] = command.card_no;
        if (!command.booking.empty()) patient["booking_code"] = command.booking;
        if (!patient.empty()) request["patient"] = patient;
        return request;
    }
    if (name == "get") {
        Json request{{"type", "ticket.get"}};
        if (auto id = ticket_id_from_text(command.ticket)) {
            request["ticket"] = *id;
        } else {
            request["number"] = upper(command.ticket);
            if (!command.day.empty()) request["service_day"] = command.day;
        }
        return request;
    }
    if (name == "list") return Json{{"type", "services.list"}};
    if (name == "call") {
        const std::string counter = counter_for(command, welcome_counter);
        if (command.ticket.empty()) return Json{{"type", "counter.call_next"}, {"counter", counter}};
        return Json{{"type", "counter.call"}, {"counter", counter}, {"ticket", ticket_id_for(command, lookup)}};
    }
    if (name == "recall" || name == "skip" || name == "finish") {
        return Json{{"type", "counter." + name}, {"counter", counter_for(command, welcome_counter)}};
    }
    if (name == "transfer") {
        return Json{{"type", "counter.transfer"},
                    {"counter", counter_for(command, welcome_counter)},
                    {"to_service", upper(command.to_service)}};
    }
    if (name == "open" || name == "close") {
        Json request{{"type", "counter." + name}, {"counter", counter_for(command, welcome_counter)}};
        if (!command.reason.empty()) request["reason"] = command.reason;
        return request;
    }
    if (name == "requeue" || name == "cancel") {
        return Json{{"type", "ticket." + name}, {"ticket", ticket_id_for(command, lookup)}};
    }
    if (name == "announce") return Json{{"type", "announce"}, {"text", command.text}};
    if (name == "stats") {
        Json request{{"type", "stats.day"}};
        if (!command.day.empty()) request["day"] = command.day;
        return request;
    }
    if (name == "counter-stats") {
        return Json{{"type", "stats.counter"}, {"counter", counter_for(command, welcome_counter)}};
    }
    if (name == "ping") return Json{{"type", "ping"}};
    if (name == "raw") {
        Json request = Json::parse(command.text, nullptr, false);
        if (request.is_discarded() || !request.is_object())
            throw UsageError("queuectl raw: the request must be a JSON object, e.g. '{\"type\":\"ping\"}'");
        return request;
    }
    throw UsageError("queuectl: no request for subcommand \"" + name + "\"");
}

}  // namespace anoman::queuectl
