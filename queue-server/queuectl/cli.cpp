// queuectl's command line (CLI11): global options, one subcommand each.
#include <ostream>

#include <CLI/CLI.hpp>

#include "queuectl.hpp"

namespace anoman::queuectl {

namespace {

constexpr const char* kFooter = R"(Exit status: 0 ok; 1 the server answered with an error (printed with its code)
or refused the device; 2 usage error; 3 the queue-server cannot be reached.

Connection: with no --device, queuectl connects as the demo configuration's
device for --role (default "admin"). On a real installation give --device and
--token (or set ANOMAN_TOKEN); a server with TLS also needs --tls-pin (or ANOMAN_TLS_PIN).

Examples:
  queuectl --server 10.0.0.5:7700 --device admin --token ... list
  queuectl issue A --nik 3505123456780001          take a BPJS registration ticket
  queuectl call --counter L1                       call the next patient to Loket 1
  queuectl close --counter L2 --reason istirahat   close Loket 2 for a break
  queuectl watch                                   follow every call live (Ctrl+C stops)
  queuectl raw '{"type":"ping"}'                   send any request, print the reply
Run "queuectl SUBCOMMAND --help" for the options of one subcommand.)";

void add_counter_option(CLI::App* sub, Command& command) {
    sub->add_option("--counter", command.counter,
                    "counter id, e.g. L1 (default: the counter of a counter device; required for admin)");
}

}  // namespace

std::optional<int> parse_command_line(int argc, const char* const* argv, Invocation& inv, std::ostream& out,
                                      std::ostream& err) {
    GlobalOptions& global = inv.options;
    Command& command = inv.command;

    CLI::App app{"queuectl: administer and script the Si Anoman queue-server (PROTOCOL.md, version 1)", "queuectl"};
    app.fallthrough();  // global options may also follow the subcommand
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("queuectl ") + ANOMAN_VERSION);
    add_connect_options(app, global.connect);
    app.add_option("--role", global.role, "role to connect as: kiosk, display, counter or admin")
        ->check(CLI::IsMember({"kiosk", "display", "counter", "admin"}))
        ->capture_default_str();
    app.add_flag("--json", global.json, "print the server's reply (or, for watch, each line) as JSON");
    app.add_option("--timeout", global.timeout_s, "seconds to wait for the server")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();

    auto* issue = app.add_subcommand("issue", "take a ticket for SERVICE, as a kiosk does (ticket.issue)");
    issue->add_option("SERVICE", command.service, "service code, e.g. A")->required();
    issue->add_flag("--priority", command.priority, "a priority ticket (lansia, disabilitas, ibu hamil)");
    issue->add_option("--request-id", command.request_id,
                      "idempotency key: the same key again returns the same ticket (default: a fresh one)");
    issue->add_option("--kind", command.patient_kind, "patient kind: bpjs or umum")
        ->check(CLI::IsMember({"bpjs", "umum"}));
    issue->add_option("--nik", command.nik, "patient's NIK (16 digits)");
    issue->add_option("--card", command.card_no, "patient's BPJS card number");
    issue->add_option("--booking", command.booking, "online booking code");

    auto* get = app.add_subcommand("get", "show one ticket by id (57) or number (A012), with how many are ahead");
    get->add_option("TICKET", command.ticket, "ticket id or number")->required();
    get->add_option("--day", command.day, "service day YYYY-MM-DD for a number (default: today)");

    app.add_subcommand("list", "services (open, waiting, estimated wait) and counters (current ticket)");

    auto* call = app.add_subcommand("call", "call the next patient to a counter, or a chosen one with --ticket");
    add_counter_option(call, command);
    call->add_option("--ticket", command.ticket, "call this waiting ticket (id or number) out of order");

    auto* recall = app.add_subcommand("recall", "call the counter's current ticket again");
    add_counter_option(recall, command);
    auto* skip = app.add_subcommand("skip", "mark the counter's current ticket as skipped (did not come)");
    add_counter_option(skip, command);
    auto* finish = app.add_subcommand("finish", "finish the counter's current ticket (done)");
    add_counter_option(finish, command);

    auto* transfer = app.add_subcommand("transfer", "send the counter's current ticket to another service's queue");
    transfer->add_option("TO_SERVICE", command.to_service, "service code to send the patient to, e.g. PU")->required();
    add_counter_option(transfer, command);

    auto* open = app.add_subcommand("open", "open a counter");
    add_counter_option(open, command);
    open->add_option("--reason", command.reason, "why (kept in the log)");
    auto* close = app.add_subcommand("close", "close a counter (it keeps its current ticket)");
    add_counter_option(close, command);
    close->add_option("--reason", command.reason, "why, shown on the display, e.g. istirahat");

    auto* requeue = app.add_subcommand("requeue", "put a skipped ticket back at the end of its queue");
    requeue->add_option("TICKET", command.ticket, "ticket id or number")->required();
    auto* cancel = app.add_subcommand("cancel", "cancel a ticket (admin)");
    cancel->add_option("TICKET", command.ticket, "ticket id or number")->required();

    auto* announce = app.add_subcommand("announce", "show TEXT as a running announcement on the displays");
    announce->add_option("TEXT", command.text, "at most 500 characters")->required();

    auto* stats = app.add_subcommand("stats", "a day's statistics per service (issued, served, waits)");
    stats->add_option("--day", command.day, "YYYY-MM-DD (default: today)");
    auto* counter_stats = app.add_subcommand("counter-stats", "today's figures for one counter (served, skipped)");
    add_counter_option(counter_stats, command);

    app.add_subcommand("ping", "check that the server answers, and how fast");

    auto* watch = app.add_subcommand("watch", "follow the hall live: a snapshot, then each event as a line; reconnects");
    watch->add_flag("--tickets", command.tickets, "include today's ticket list in the snapshot (with --json)");
    watch->add_option("--count", command.count, "stop after N events (default: until Ctrl+C)")
        ->check(CLI::NonNegativeNumber);

    auto* raw = app.add_subcommand("raw", "send any request (a JSON object) and print the reply as JSON");
    raw->add_option("JSON", command.text, R"(the request, e.g. '{"type":"ping"}' (an "id" is added if missing))")
        ->required();

    add_ops_subcommands(app, command);  // device, backup, status, token (ops_commands.cpp)
    add_tls_subcommands(app, command);  // tls-cert, tls-pin (tls_commands.cpp)

    app.footer(kFooter);  // set last: subcommands added before it do not repeat it

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, out, err);
    } catch (const CLI::ParseError& e) {
        err << "queuectl: " << e.what() << "\nRun \"queuectl --help\" for the subcommands and options.\n";
        return kExitUsage;
    }
    command.name = app.get_subcommands().front()->get_name();
    return std::nullopt;
}

}  // namespace anoman::queuectl
