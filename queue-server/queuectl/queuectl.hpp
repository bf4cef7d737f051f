// queuectl: the admin and scripting command line for the queue-server.
// main.cpp is thin over this library; the tests link it.
//
// Exit status: 0 ok, 1 the server answered with an error (or refused the
// device), 2 usage error, 3 the server cannot be reached.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "anoman/connect_options.hpp"
#include "anoman/protocol.hpp"
#include "anoman/protocol_replies.hpp"
#include "anoman/protocol_requests.hpp"

namespace anoman::queuectl {

using proto::Json;

inline constexpr int kExitOk = 0;
inline constexpr int kExitErrorReply = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreachable = 3;

// Options every subcommand takes.
struct GlobalOptions {
    ConnectArgs connect;
    std::string role = "admin";
    bool json = false;
    double timeout_s = 5.0;
};

// One subcommand and its arguments, as parsed from the command line.
struct Command {
    std::string name;  // "issue", "get", "list", "call", ..., "watch", "raw"
    std::string service;       // issue
    bool priority = false;     // issue
    std::string request_id;    // issue (default: a fresh unique one)
    std::string patient_kind;  // issue: bpjs / umum
    std::string nik;           // issue
    std::string card_no;       // issue
    std::string booking;       // issue
    std::string ticket;        // get, requeue, cancel, call --ticket: an id or a number (A012)
    std::string day;           // get, stats
    std::string counter;       // counter commands (default: the device's own counter)
    std::string to_service;    // transfer
    std::string reason;        // open, close
    std::string text;          // announce, raw
    bool tickets = false;      // watch: ask for the ticket list in the snapshot
    int count = 0;             // watch: stop after this many events (0: until interrupted)
    // Operations subcommands (ops_commands.cpp).
    std::string action;        // device: add, revoke, list
    std::string device;        // device add / revoke: its id
    std::string device_role;   // device add
    std::string note;          // device add
    bool no_wait = false;      // backup
    // TLS subcommands (tls_commands.cpp).
    std::string cert_file;     // tls-cert, tls-pin
    std::string key_file;      // tls-cert
    std::string cert_name = "si-anoman-server";  // tls-cert: common name
    int cert_days = 3650;      // tls-cert
};

struct Invocation {
    GlobalOptions options;
    Command command;
};

// A usage error found after parsing (missing --counter, bad JSON for raw...).
class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// An error reply met on the way (looking up a ticket number): reported as the answer.
struct ReplyFailure {
    Json reply;
};

// Parses argv into inv. Returns an exit status when the program should stop
// now (0 after --help or --version, 2 on a usage error, message printed).
std::optional<int> parse_command_line(int argc, const char* const* argv, Invocation& inv, std::ostream& out,
                                      std::ostream& err);

// "57" -> 57; "A012" -> nullopt (a number to look up).
std::optional<std::int64_t> ticket_id_from_text(const std::string& text);

// Turns a ticket number into its id (queries the server); throws ReplyFailure.
using TicketLookup = std::function<std::int64_t(const std::string& number)>;

// The request for a command. welcome_counter is the counter the device serves
// (from welcome), used when --counter is absent. Throws UsageError.
Json build_request(const Command& command, const std::optional<std::string>& welcome_counter,
                   const TicketLookup& lookup);

// A field of a reply as text: strings as they are, true/false as yes/no, absent or null as `absent`.
std::string text_of(const Json& object, const char* key, const std::string& absent = "-");

// One readable line (or a table) for an ok reply to command.
std::string format_reply(const Command& command, const Json& reply);
// "queue_empty: no patient waiting for Loket 2" (+ a hint for IT staff).
std::string format_error(const Json& reply);
// One line for an event: "08:15:00  #42  called       A012 -> L1".
std::string format_event(const proto::Event& event);
std::string format_snapshot(const proto::Snapshot& snapshot);

// Set by main's SIGINT/SIGTERM handler; `watch` stops when it is set.
std::atomic<bool>& interrupted();

int run_watch(const Invocation& inv, const ConnectOptions& connect, std::ostream& out, std::ostream& err);

// Operations subcommands (ops_commands.cpp): device add/revoke/list, backup, status, token.
void add_ops_subcommands(CLI::App& app, Command& command);
std::optional<Json> build_ops_request(const Command& command);
std::optional<std::string> format_ops_reply(const Command& command, const Json& reply);
std::string format_status(const Json& status);
// Web door subcommands (web_commands.cpp): web user add/remove/list.
void add_web_subcommands(CLI::App& app, Command& command);
std::optional<Json> build_web_request(const Command& command);
std::optional<std::string> format_web_reply(const Command& command, const Json& reply);
int run_backup(const Invocation& inv, const ConnectOptions& connect, std::ostream& out, std::ostream& err);
int run_token(std::ostream& out);

// TLS subcommands (tls_commands.cpp), offline: tls-cert (a self-signed certificate), tls-pin.
void add_tls_subcommands(CLI::App& app, Command& command);
int run_tls_command(const Command& command, std::ostream& out, std::ostream& err);

// BPJS Antrean subcommands (bpjs_commands.cpp): bpjs status/tasks/retry/ref, link.
void add_bpjs_subcommands(CLI::App& app, Command& command);
std::optional<Json> build_bpjs_request(const Command& command);
std::optional<std::string> format_bpjs_reply(const Command& command, const Json& reply);
std::string format_bpjs_figures(const Json& figures);

// The whole program.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace anoman::queuectl
