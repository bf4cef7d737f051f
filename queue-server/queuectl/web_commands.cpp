// queuectl's web door subcommands (docs/web.md): the dashboard's accounts.
//   queuectl web user add NAME      password from stdin (asked twice, unechoed, on a terminal)
//   queuectl web user remove NAME   its sessions end at once
//   queuectl web user list
// The password is hashed here (Argon2id, libsodium); only the hash goes to the
// server (web.user.add), so it never crosses the protocol's wire.
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "queuectl.hpp"
#include "web_password.hpp"

namespace anoman::queuectl {

namespace {

std::string read_password_line(const char* prompt) {
    const bool tty = ::isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        std::cerr << prompt << std::flush;
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

std::string read_new_password() {
    const std::string password = read_password_line("New password: ");
    if (::isatty(STDIN_FILENO) && read_password_line("Again: ") != password)
        throw UsageError("queuectl: the two passwords differ");
    if (password.size() < 8) throw UsageError("queuectl: a password needs at least 8 characters (read from stdin)");
    if (password.size() > 256) throw UsageError("queuectl: a password may have at most 256 characters");
    return password;
}

}  // namespace

void add_web_subcommands(CLI::App& app, Command& command) {
    auto* web = app.add_subcommand("web", "the web door: accounts of the director's dashboard (/admin)");
    web->require_subcommand(1);
    auto* user = web->add_subcommand("user", "dashboard accounts");
    user->require_subcommand(1);
    auto* add = user->add_subcommand("add", "add an account, or set a new password (read from stdin)");
    add->add_option("NAME", command.device, "account name (letters, digits, . _ -)")->required();
    add->callback([&command] { command.action = "user-add"; });
    auto* remove = user->add_subcommand("remove", "remove an account and end its sessions");
    remove->add_option("NAME", command.device, "account name")->required();
    remove->callback([&command] { command.action = "user-remove"; });
    auto* list = user->add_subcommand("list", "list the accounts");
    list->callback([&command] { command.action = "user-list"; });
}

std::optional<Json> build_web_request(const Command& command) {
    if (command.name != "web") return std::nullopt;
    if (command.action == "user-add")
        return proto::WebUserAddRequest{command.device, secrets::hash_password(read_new_password())};
    if (command.action == "user-remove") return proto::WebUserRemoveRequest{command.device};
    return proto::WebUserListRequest{};
}

std::optional<std::string> format_web_reply(const Command& command, const Json& reply) {
    if (command.name != "web") return std::nullopt;
    if (command.action == "user-add")
        return "account " + reply.value("name", std::string()) +
               (reply.value("replaced", false) ? ": password changed; its sessions were ended." : " added.");
    if (command.action == "user-remove") return "account " + reply.value("name", std::string()) + " removed.";
    std::string text;
    for (const Json& name : reply.value("accounts", Json::array())) text += name.get<std::string>() + "\n";
    if (!text.empty()) text.pop_back();
    return text.empty() ? "(no accounts)" : text;
}

}  // namespace anoman::queuectl
