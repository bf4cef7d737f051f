// From a parsed subcommand to the protocol request it sends (PROTOCOL.md "Operations").
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "anoman/protocol_requests.hpp"
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

// An option left empty is a field left out.
std::optional<std::string> nonempty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

}  // namespace

std::optional<std::int64_t> ticket_id_from_text(const std::string& text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) return std::nullopt;
    return std::stoll(text);
}

Json build_request(const Command& command, const std::optional<std::string>& welcome_counter,
                   const TicketLookup& lookup) {
    using namespace proto;
    const std::string& name = command.name;
    if (auto request = build_ops_request(command)) return *request;  // ops_commands.cpp
    if (name == "link")  // bpjs_commands.cpp; here for the ticket number lookup
        return TicketLinkRequest{ticket_id_for(command, lookup), command.booking};
    if (name == "issue") {
        TicketIssueRequest request;
        request.service = upper(command.service);
        request.request_id = command.request_id.empty() ? fresh_request_id() : command.request_id;
        if (command.priority) request.priority = true;
        Patient patient{nonempty(command.patient_kind), nonempty(command.nik), nonempty(command.card_no),
                        nonempty(command.booking)};
        if (patient.kind || patient.nik || patient.card_no || patient.booking_code) request.patient = patient;
        return request;
    }
    if (name == "get") {
        TicketGetRequest request;
        if (auto id = ticket_id_from_text(command.ticket)) {
            request.ticket = *id;
        } else {
            request.number = upper(command.ticket);
            request.service_day = nonempty(command.day);
        }
        return request;
    }
    if (name == "list") return ServicesListRequest{};
    if (name == "call") {
        const std::string counter = counter_for(command, welcome_counter);
        if (command.ticket.empty()) return CounterCallNextRequest{counter};
        return CounterCallRequest{ticket_id_for(command, lookup), counter};
    }
    if (name == "recall") return CounterRecallRequest{counter_for(command, welcome_counter)};
    if (name == "skip") return CounterSkipRequest{counter_for(command, welcome_counter)};
    if (name == "finish") return CounterFinishRequest{counter_for(command, welcome_counter)};
    if (name == "transfer") return CounterTransferRequest{upper(command.to_service), counter_for(command, welcome_counter)};
    if (name == "open") return CounterOpenRequest{counter_for(command, welcome_counter), nonempty(command.reason)};
    if (name == "close") return CounterCloseRequest{counter_for(command, welcome_counter), nonempty(command.reason)};
    if (name == "requeue") return TicketRequeueRequest{ticket_id_for(command, lookup)};
    if (name == "cancel") return TicketCancelRequest{ticket_id_for(command, lookup)};
    if (name == "announce") return AnnounceRequest{command.text};
    if (name == "stats") return StatsDayRequest{nonempty(command.day)};
    if (name == "counter-stats") return StatsCounterRequest{counter_for(command, welcome_counter)};
    if (name == "ping") return PingRequest{};
    if (name == "raw") {
        Json request = Json::parse(command.text, nullptr, false);
        if (request.is_discarded() || !request.is_object())
            throw UsageError("queuectl raw: the request must be a JSON object, e.g. '{\"type\":\"ping\"}'");
        return request;
    }
    throw UsageError("queuectl: no request for subcommand \"" + name + "\"");
}

}  // namespace anoman::queuectl
