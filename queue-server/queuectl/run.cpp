// queuectl from argv to exit status: parse, connect (blocking, with a
// deadline), send the one request, print the answer.
#include <chrono>
#include <cstdio>
#include <ostream>

#include "anoman/sync_connection.hpp"
#include "queuectl.hpp"

namespace anoman::queuectl {

namespace {

bool reply_ok(const Json& reply) {
    auto it = reply.find("ok");
    return reply.value("type", Json()) == "reply" && it != reply.end() && it->is_boolean() && it->get<bool>();
}

// Prints the answer; returns the exit status.
int report(const Invocation& inv, const Json& reply, std::ostream& out, std::ostream& err,
           const std::string& suffix = {}) {
    const bool ok = reply_ok(reply);
    if (inv.options.json || inv.command.name == "raw") out << reply.dump() << "\n";
    if (!ok) {
        err << "queuectl: " << format_error(reply) << "\n";
        return kExitErrorReply;
    }
    if (!inv.options.json && inv.command.name != "raw") out << format_reply(inv.command, reply) << suffix << "\n";
    return kExitOk;
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    Invocation inv;
    if (auto status = parse_command_line(argc, argv, inv, out, err)) return *status;

    if (inv.command.name == "token") return run_token(out);  // offline (ops_commands.cpp)
    if (inv.command.name == "tls-cert" || inv.command.name == "tls-pin")
        return run_tls_command(inv.command, out, err);  // offline (tls_commands.cpp)
    ConnectOptions connect;
    try {
        connect = resolve_connect_options(inv.options.connect, *proto::role_from_string(inv.options.role));
    } catch (const std::invalid_argument& e) {
        err << "queuectl: " << e.what() << "\n";
        return kExitUsage;
    }
    if (inv.command.name == "watch") return run_watch(inv, connect, out, err);
    if (inv.command.name == "backup") return run_backup(inv, connect, out, err);  // ops_commands.cpp
    if (inv.command.name == "raw") {
        // A malformed request is a usage error, found before connecting.
        try {
            build_request(inv.command, std::nullopt, nullptr);
        } catch (const UsageError& e) {
            err << e.what() << "\n";
            return kExitUsage;
        }
    }

    const auto timeout = std::chrono::milliseconds(static_cast<long long>(inv.options.timeout_s * 1000));
    SyncConnection connection(connect, timeout);
    const std::string where = connect.host + ":" + std::to_string(connect.port);
    try {
        const proto::Welcome welcome = connection.connect();
        TicketLookup lookup = [&](const std::string& number) -> std::int64_t {
            proto::TicketGetRequest request;
            request.number = number;
            if (!inv.command.day.empty()) request.service_day = inv.command.day;
            Json reply = connection.request(request);
            if (!reply_ok(reply)) throw ReplyFailure{reply};
            try {
                return reply.get<proto::TicketReply>().ticket.id;
            } catch (const proto::ProtocolError&) {
                throw ReplyFailure{reply};
            }
        };
        // raw requests go as given (an id is added only when missing), so a
        // script can check exactly what the server does with them.
        const Json request = build_request(inv.command, welcome.counter, lookup);
        const auto sent_at = std::chrono::steady_clock::now();
        const Json reply = connection.request(request);
        const auto round_trip = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent_at);
        std::string suffix;
        if (inv.command.name == "ping") {
            char millis[32];
            std::snprintf(millis, sizeof millis, "%.2f ms", round_trip.count());
            suffix = " (" + welcome.server + ", round trip " + millis + ")";
        }
        return report(inv, reply, out, err, suffix);
    } catch (const UsageError& e) {
        err << e.what() << "\n";
        return kExitUsage;
    } catch (const ReplyFailure& failure) {
        return report(inv, failure.reply, out, err);
    } catch (const SyncError& e) {
        if (e.kind() == SyncError::Kind::refused) {
            if (!e.error()) {
                err << "queuectl: " << e.what() << "\n";
                return kExitErrorReply;
            }
            const Json line = proto::error_line(*e.error());
            if (inv.options.json) out << line.dump() << "\n";
            err << "queuectl: the server refused this device: " << format_error(line) << "\n";
            return kExitErrorReply;
        }
        err << "queuectl: cannot reach the queue-server at " << where << ": " << e.what() << "\n";
        return kExitUnreachable;
    }
}

}  // namespace anoman::queuectl
