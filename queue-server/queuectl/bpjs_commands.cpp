// BPJS Antrean subcommands (docs/bpjs.md):
//   queuectl bpjs status                          pending, oldest pending, sent today, last error per booking
//   queuectl bpjs tasks BOOKING                   what was sent for a booking and what BPJS answered
//   queuectl bpjs retry [BOOKING]                 send again what BPJS refused (201)
//   queuectl bpjs ref poli|dokter|jadwal [KODEPOLI YYYY-MM-DD]   BPJS's reference lists, decrypted
//   queuectl link TICKET BOOKING                  link a booking code to a ticket (ticket.link)
#include <iomanip>
#include <sstream>

#include <CLI/CLI.hpp>

#include "queuectl.hpp"

namespace anoman::queuectl {

namespace {

std::string task_name(const Json& row) {
    if (text_of(row, "kind") == "batal") return "batal";
    return "task " + text_of(row, "taskid");
}

std::string age_text(const Json& seconds) {
    if (!seconds.is_number()) return "-";
    const auto s = seconds.get<std::int64_t>();
    if (s < 120) return std::to_string(s) + " s";
    if (s < 7200) return std::to_string(s / 60) + " min";
    return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

// The rows of a reference list: {"list": [...]} or a bare array.
const Json& list_of(const Json& data) {
    static const Json empty = Json::array();
    if (data.is_array()) return data;
    if (data.is_object() && data.contains("list") && data["list"].is_array()) return data["list"];
    return empty;
}

std::string format_reference(const Json& reply) {
    std::ostringstream out;
    const std::string list = text_of(reply, "list");
    const Json data = reply.value("data", Json());
    const Json& rows = list_of(data);
    out << std::left;
    if (list == "poli") {
        out << std::setw(10) << "KDPOLI" << std::setw(10) << "KDSUB" << "NAMA (SUBSPESIALIS)\n";
        for (const Json& row : rows)
            out << std::setw(10) << text_of(row, "kdpoli") << std::setw(10) << text_of(row, "kdsubspesialis")
                << text_of(row, "nmpoli") << " (" << text_of(row, "nmsubspesialis") << ")\n";
        out << "Put KDSUB as \"kodepoli\" of the poli's service (the sub-specialty code).";
    } else if (list == "dokter") {
        out << std::setw(12) << "KODEDOKTER" << "NAMADOKTER\n";
        for (const Json& row : rows) out << std::setw(12) << text_of(row, "kodedokter") << text_of(row, "namadokter") << "\n";
        out << "Put KODEDOKTER as \"kodedokter\" (a number) and the name as \"namadokter\".";
    } else {
        out << std::setw(12) << "KODEDOKTER" << std::setw(32) << "NAMADOKTER" << std::setw(10) << "HARI" << std::setw(16)
            << "JADWAL" << std::setw(10) << "KAPASITAS" << "LIBUR\n";
        for (const Json& row : rows)
            out << std::setw(12) << text_of(row, "kodedokter") << std::setw(32) << text_of(row, "namadokter")
                << std::setw(10) << text_of(row, "namahari") << std::setw(16) << text_of(row, "jadwal") << std::setw(10)
                << text_of(row, "kapasitaspasien") << text_of(row, "libur") << "\n";
        out << "Write \"jampraktek\" without spaces, e.g. \"08:00-12:00\".";
    }
    out << "\n(" << rows.size() << " row(s))";
    return out.str();
}

std::string format_tasks(const Json& reply) {
    std::ostringstream out;
    out << "booking " << text_of(reply, "booking_code");
    if (reply.value("ticket", Json()).is_object()) out << ", ticket " << text_of(reply["ticket"], "number") << " of "
                                                       << text_of(reply["ticket"], "service_day");
    out << "\n" << std::left << std::setw(8) << "TASK" << std::setw(28) << "WAKTU" << std::setw(11) << "STATE"
        << std::setw(7) << "TRIES" << "BPJS ANSWER\n";
    for (const Json& row : reply.value("tasks", Json::array()))
        out << std::setw(8) << task_name(row) << std::setw(28) << text_of(row, "waktu_local") << std::setw(11)
            << text_of(row, "state") << std::setw(7) << text_of(row, "attempts") << text_of(row, "last_code", "") << " "
            << text_of(row, "last_message", "") << "\n";
    if (reply.value("tasks", Json::array()).empty()) out << "(nothing recorded for this booking code)\n";
    std::string text = out.str();
    text.pop_back();
    return text;
}

}  // namespace

// One block for `queuectl status` and `queuectl bpjs status`.
std::string format_bpjs_figures(const Json& figures) {
    std::ostringstream out;
    if (!figures.value("enabled", false) && figures.value("pending", 0) == 0) return "  bpjs      not configured";
    out << "  bpjs      pending " << text_of(figures, "pending") << " (oldest " << age_text(figures.value("oldest_pending_age_s", Json()))
        << "), refused " << text_of(figures, "rejected") << ", waiting for a link " << text_of(figures, "waiting_link")
        << ", sent today " << text_of(figures, "delivered_today");
    return out.str();
}

void add_bpjs_subcommands(CLI::App& app, Command& command) {
    auto* bpjs = app.add_subcommand("bpjs", "BPJS Antrean reporting: status, tasks of a booking, retry, reference lists");
    bpjs->require_subcommand(1);
    auto* status = bpjs->add_subcommand("status", "pending tasks, the oldest one's age, sent today, last error per booking");
    status->callback([&command] { command.action = "status"; });
    auto* tasks = bpjs->add_subcommand("tasks", "what was sent for a booking code and what BPJS answered");
    tasks->add_option("BOOKING", command.booking, "booking code (kodebooking)")->required();
    tasks->callback([&command] { command.action = "tasks"; });
    auto* retry = bpjs->add_subcommand("retry", "send again what BPJS refused (201), for one booking or all");
    retry->add_option("BOOKING", command.booking, "booking code (default: every refused booking)");
    retry->callback([&command] { command.action = "retry"; });
    auto* ref = bpjs->add_subcommand("ref", "BPJS's reference lists (decrypted): poli, dokter, jadwal KODEPOLI YYYY-MM-DD");
    ref->add_option("LIST", command.text, "poli, dokter or jadwal")->required()->check(CLI::IsMember({"poli", "dokter", "jadwal"}));
    ref->add_option("KODEPOLI", command.service, "jadwal: the poli's code, e.g. ANA");
    ref->add_option("DATE", command.day, "jadwal: the day, YYYY-MM-DD");
    ref->callback([&command] { command.action = "ref"; });

    auto* link = app.add_subcommand("link", "link a booking code (Mobile JKN or SIMRS) to a ticket (ticket.link)");
    link->add_option("TICKET", command.ticket, "ticket id or number, e.g. A012")->required();
    link->add_option("BOOKING", command.booking, "booking code (kodebooking)")->required();
}

std::optional<Json> build_bpjs_request(const Command& command) {
    if (command.name != "bpjs") return std::nullopt;
    if (command.action == "status") return proto::BpjsStatusRequest{};
    if (command.action == "tasks") return proto::BpjsTasksRequest{command.booking};
    if (command.action == "retry") {
        proto::BpjsRetryRequest request;
        if (!command.booking.empty()) request.booking_code = command.booking;
        return request;
    }
    proto::BpjsRefRequest request{command.text, std::nullopt, std::nullopt};
    if (command.text == "jadwal") {
        if (command.service.empty() || command.day.empty())
            throw UsageError("bpjs ref jadwal needs KODEPOLI and DATE, e.g. queuectl bpjs ref jadwal ANA 2026-12-02");
        request.kodepoli = command.service;
        request.tanggal = command.day;
    }
    return request;
}

std::optional<std::string> format_bpjs_reply(const Command& command, const Json& reply) {
    if (command.name == "link") {
        const std::string number = text_of(reply.value("ticket", Json::object()), "number");
        if (!reply.value("linked", false)) return "ticket " + number + " was already linked to " + text_of(reply, "booking_code");
        return "ticket " + number + " linked to " + text_of(reply, "booking_code") + "; " + text_of(reply, "tasks_released") +
               " earlier task(s) now go to BPJS";
    }
    if (command.name != "bpjs") return std::nullopt;
    if (command.action == "tasks") return format_tasks(reply);
    if (command.action == "retry") return text_of(reply, "retried") + " refused task(s) will be sent again";
    if (command.action == "ref") return format_reference(reply);
    std::ostringstream out;
    out << format_bpjs_figures(reply);
    const Json errors = reply.value("last_errors", Json::array());
    if (!errors.empty()) out << "\n  last errors:";
    for (const Json& row : errors)
        out << "\n    " << std::left << std::setw(20) << text_of(row, "booking_code") << std::setw(9) << task_name(row)
            << std::setw(10) << text_of(row, "state") << text_of(row, "last_code", "") << " " << text_of(row, "last_message", "")
            << " (" << text_of(row, "attempts") << " tries)";
    if (reply.value("rejected", 0) > 0) out << "\n  refused tasks wait: fix the cause, then `queuectl bpjs retry [BOOKING]`";
    return out.str();
}

}  // namespace anoman::queuectl
