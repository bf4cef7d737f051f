// Human-readable output: one line per answer, tables for lists and
// statistics, one line per event for watch. For IT staff, so in English.
// Never throws on an unexpected shape: it falls back to the JSON.
#include <map>
#include <sstream>

#include "queuectl.hpp"

namespace anoman::queuectl {

std::string text_of(const Json& object, const char* key, const std::string& absent) {
    if (!object.is_object()) return absent;
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return absent;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_boolean()) return it->get<bool>() ? "yes" : "no";
    return it->dump();
}

namespace {

std::int64_t int_of(const Json& object, const char* key) {
    if (!object.is_object()) return 0;
    auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

std::string duration_text(std::int64_t seconds) {
    if (seconds < 60) return std::to_string(seconds) + " s";
    const std::int64_t minutes = (seconds + 30) / 60;
    if (minutes < 60) return std::to_string(minutes) + " min";
    const std::int64_t rest = minutes % 60;
    return std::to_string(minutes / 60) + " h " + (rest < 10 ? "0" : "") + std::to_string(rest) + " min";
}

// "A012 (id 57)"
std::string ticket_label(const Json& ticket) {
    return text_of(ticket, "number", "?") + " (id " + std::to_string(int_of(ticket, "id")) + ")";
}

// "waiting in A" / "called to L1, 2 calls" / "done at L1" ...
std::string ticket_state(const Json& ticket) {
    const std::string status = text_of(ticket, "status", "?");
    const std::string counter = text_of(ticket, "counter");
    if (status == "waiting") return "waiting in " + text_of(ticket, "service");
    if (status == "called") {
        const auto calls = int_of(ticket, "calls");
        return "called to " + counter + (calls > 1 ? ", " + std::to_string(calls) + " calls" : "");
    }
    if (counter != "-") return status + " at " + counter;
    return status;
}

std::size_t display_width(const std::string& text) {
    std::size_t width = 0;
    for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // count UTF-8 code points
    return width;
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        if (widths.size() < row.size()) widths.resize(row.size(), 0);
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - display_width(row[i]) + 2, ' ');
        }
        out += line + "\n";
    }
    if (!out.empty()) out.pop_back();
    return out;
}

std::string services_table(const Json& reply) {
    std::vector<std::vector<std::string>> rows{
        {"SERVICE", "NAME", "OPEN", "WAITING", "EST.WAIT", "ISSUED", "QUOTA", "HOURS"}};
    for (const auto& service : reply.value("services", Json::array())) {
        rows.push_back({text_of(service, "code"), text_of(service, "name"), text_of(service, "open"),
                        std::to_string(int_of(service, "waiting")), duration_text(int_of(service, "est_wait_s")),
                        std::to_string(int_of(service, "issued")), text_of(service, "daily_quota"),
                        text_of(service, "hours")});
    }
    std::vector<std::vector<std::string>> counters{{"COUNTER", "NAME", "OPEN", "SERVICES", "CURRENT"}};
    for (const auto& counter : reply.value("counters", Json::array())) {
        std::string services;
        for (const auto& code : counter.value("services", Json::array()))
            services += (services.empty() ? "" : ",") + (code.is_string() ? code.get<std::string>() : code.dump());
        std::string open = text_of(counter, "open");
        if (open == "no" && counter.contains("reason") && counter["reason"].is_string())
            open += " (" + counter["reason"].get<std::string>() + ")";
        const Json current = counter.value("current", Json());
        counters.push_back({text_of(counter, "id"), text_of(counter, "name"), open, services,
                            current.is_object() ? ticket_label(current) : "-"});
    }
    return "Service day " + text_of(reply, "service_day") + "\n" + table(rows) + "\n\n" + table(counters);
}

std::string stats_table(const Json& reply) {
    std::vector<std::vector<std::string>> rows{
        {"SERVICE", "ISSUED", "SERVED", "SKIPPED", "WAITING", "AVG.WAIT", "P90.WAIT", "AVG.SERVICE"}};
    for (const auto& service : reply.value("services", Json::array())) {
        rows.push_back({text_of(service, "code"), std::to_string(int_of(service, "issued")),
                        std::to_string(int_of(service, "served")), std::to_string(int_of(service, "skipped")),
                        std::to_string(int_of(service, "waiting")), duration_text(int_of(service, "avg_wait_s")),
                        duration_text(int_of(service, "p90_wait_s")), duration_text(int_of(service, "avg_service_s"))});
    }
    return "Statistics for " + text_of(reply, "day") + "\n" + table(rows);
}

std::string format_known_reply(const Command& command, const Json& reply) {
    const std::string& name = command.name;
    const Json ticket = reply.value("ticket", Json());
    if (name == "issue") {
        std::string line = ticket_label(ticket) + " issued for service " + text_of(ticket, "service") + ": " +
                           std::to_string(int_of(reply, "ahead")) + " ahead, estimated wait " +
                           duration_text(int_of(reply, "est_wait_s"));
        if (reply.value("replayed", false)) line += " (replayed: this request id already had this ticket)";
        return line;
    }
    if (name == "get") {
        std::string line = ticket_label(ticket) + " " + text_of(ticket, "service_day") + ": " + ticket_state(ticket);
        if (text_of(ticket, "status") == "waiting") line += ", " + std::to_string(int_of(reply, "ahead")) + " ahead";
        return line;
    }
    if (name == "list") return services_table(reply);
    if (name == "call") return text_of(ticket, "counter") + " calls " + ticket_label(ticket);
    if (name == "recall")
        return text_of(ticket, "counter") + " calls " + ticket_label(ticket) + " again (call " +
               std::to_string(int_of(ticket, "calls")) + ")";
    if (name == "skip") return ticket_label(ticket) + " skipped at " + text_of(ticket, "counter");
    if (name == "finish") return ticket_label(ticket) + " finished at " + text_of(ticket, "counter");
    if (name == "transfer") return ticket_label(ticket) + " transferred: " + ticket_state(ticket);
    if (name == "requeue") return ticket_label(ticket) + " is " + ticket_state(ticket) + " again";
    if (name == "cancel") return ticket_label(ticket) + " cancelled";
    if (name == "open" || name == "close") {
        const Json counter = reply.value("counter", Json());
        std::string line = text_of(counter, "id") + " (" + text_of(counter, "name") + ") is " +
                           (counter.value("open", false) ? "open" : "closed");
        if (counter.contains("reason") && counter["reason"].is_string())
            line += " (" + counter["reason"].get<std::string>() + ")";
        return line;
    }
    if (name == "announce") return "announcement sent";
    if (name == "stats") return stats_table(reply);
    if (name == "counter-stats") {
        return text_of(reply, "counter") + " on " + text_of(reply, "day") + ": served " +
               std::to_string(int_of(reply, "served")) + ", skipped " + std::to_string(int_of(reply, "skipped")) +
               ", average service " + duration_text(int_of(reply, "avg_service_s"));
    }
    if (name == "ping") return "pong: server time " + text_of(reply, "now");
    return reply.dump();
}

// What IT staff should check, by error code.
const std::map<std::string, std::string>& hints() {
    static const std::map<std::string, std::string> table{
        {"unauthorized", "check --device, --role and --token (or ANOMAN_TOKEN) against the server's configuration"},
        {"forbidden", "this role or device may not do that; try --role admin with the admin device"},
        {"unsupported_proto", "queuectl and the queue-server speak different protocol versions"},
        {"queue_empty", "nobody is waiting for this counter's services"},
        {"service_closed", "the service is outside its practice hours"},
        {"quota_exhausted", "the service's daily quota is used up"},
    };
    return table;
}

}  // namespace

std::string format_reply(const Command& command, const Json& reply) {
    try {
        if (auto text = format_ops_reply(command, reply)) return *text;  // ops_commands.cpp
        return format_known_reply(command, reply);
    } catch (const std::exception&) {
        return reply.dump();  // an unexpected shape: show what came
    }
}

std::string format_error(const Json& reply) {
    Json error = reply;  // an error line carries code and message itself
    if (text_of(reply, "type") == "reply" && reply.contains("error")) error = reply["error"];
    const std::string code = text_of(error, "code", "unknown");
    std::string line = "error " + code + ": " + text_of(error, "message", "(no message)");
    if (auto it = hints().find(code); it != hints().end()) line += "\n  hint: " + it->second;
    return line;
}

std::string format_event(const proto::Event& event) {
    const std::string time = event.at.size() >= 19 ? event.at.substr(11, 8) : event.at;
    const std::string number = event.ticket ? event.ticket->number : "-";
    const std::string counter = event.counter.value_or("-");
    std::string what;
    switch (event.kind) {
        case proto::EventKind::issued:
            what = number + " issued in " + (event.ticket ? event.ticket->service : "-");
            break;
        case proto::EventKind::called: what = number + " -> " + counter; break;
        case proto::EventKind::recalled:
            what = number + " -> " + counter + " again (call " + std::to_string(event.ticket ? event.ticket->calls : 0) +
                   ")";
            break;
        case proto::EventKind::skipped: what = number + " skipped at " + counter; break;
        case proto::EventKind::finished: what = number + " finished at " + counter; break;
        case proto::EventKind::transferred:
            what = number + " from " + event.from_service.value_or("-") + " to " +
                   (event.ticket ? event.ticket->service : "-");
            break;
        case proto::EventKind::requeued:
            what = number + " back in queue " + (event.ticket ? event.ticket->service : "-");
            break;
        case proto::EventKind::cancelled: what = number + " cancelled"; break;
        case proto::EventKind::counter_opened: what = counter + " opened"; break;
        case proto::EventKind::counter_closed:
            what = counter + " closed" + (event.reason ? " (" + *event.reason + ")" : "");
            break;
        case proto::EventKind::announcement: what = "\"" + event.text.value_or("") + "\""; break;
        case proto::EventKind::day_rollover: what = "new service day " + event.service_day.value_or("-"); break;
    }
    // Padded columns so a long watch reads like a log.
    std::string seq = "#" + std::to_string(event.seq);
    seq.resize(std::max<std::size_t>(seq.size(), 7), ' ');
    std::string kind(proto::to_string(event.kind));
    kind.resize(std::max<std::size_t>(kind.size(), 15), ' ');
    return time + "  " + seq + " " + kind + " " + what;
}

std::string format_snapshot(const proto::Snapshot& snapshot) {
    int waiting = 0;
    for (const auto& service : snapshot.services) waiting += service.waiting;
    std::string line = "snapshot #" + std::to_string(snapshot.seq) + " of " + snapshot.service_day + ": " +
                       std::to_string(waiting) + " waiting;";
    for (const auto& counter : snapshot.counters) {
        line += " " + counter.id + "=" + (counter.current ? counter.current->number : (counter.open ? "-" : "closed"));
    }
    return line;
}

}  // namespace anoman::queuectl
