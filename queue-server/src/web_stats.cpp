#include "web_stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "anoman/hospital_clock.hpp"

namespace anoman::server::web {

using proto::ErrorCode;

namespace {

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

double round1(double value) { return std::round(value * 10) / 10; }

int local_hour(const HospitalClock& clock, std::int64_t ms) {
    return clock.minute_of_day(SysMillis(std::chrono::milliseconds(ms))) / 60;
}

struct ServiceFigures {
    int arrivals = 0, served = 0, called = 0, no_shows = 0, within_target = 0;
    std::vector<double> waits_min;
    std::vector<int> scores;
};

struct CounterFigures {
    int served = 0;
    double service_s_total = 0;
};

// Days since 1970-01-01 of a valid YYYY-MM-DD.
long day_number(const std::string& day) {
    const int y0 = std::stoi(day.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(day.substr(5, 2)));
    const unsigned d = static_cast<unsigned>(std::stoi(day.substr(8, 2)));
    // Howard Hinnant's days_from_civil.
    const int y = y0 - (m <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + static_cast<long>(doe) - 719468L;
}

}  // namespace

Json today_view(Engine& engine) {
    const Config& config = engine.config();
    Store& store = engine.store();
    const std::string& day = engine.service_day();
    const std::int64_t now_ms = engine.job_now().time_since_epoch().count();
    Json services = Json::array();
    for (const auto& service : config.services) {
        auto oldest = store.db().prepare("SELECT MIN(queued_at_ms) FROM tickets WHERE service = ? AND status = 'waiting'");
        oldest.bind(1, service.code);
        const auto since = oldest.scalar<std::optional<std::int64_t>>();
        ServiceDayFigures f = store.day_figures(service.code, day);
        services.push_back(Json{{"code", service.code},
                                {"name", service.name},
                                {"name_en", service.name_en.value_or(service.name)},
                                {"waiting", store.waiting_count(service.code)},
                                {"longest_wait_s", since ? std::max<std::int64_t>(0, (now_ms - *since) / 1000) : 0},
                                {"issued", f.issued},
                                {"served", f.served}});
    }
    Json counters = Json::array();
    for (const auto& counter : config.counters) {
        auto row = store.counter(counter.id);
        Json entry{{"id", counter.id}, {"name", counter.name}, {"open", row ? row->open : false},
                   {"reason", row && row->reason ? Json(*row->reason) : Json()}, {"current", nullptr},
                   {"served", store.counter_figures(counter.id, day).served}};
        if (row && row->current_ticket) {
            if (auto ticket = store.ticket(*row->current_ticket)) {
                entry["current"] = Json{{"number", ticket->number},
                                        {"status", proto::to_string(ticket->status)},
                                        {"since_s", ticket->called_at_ms ? (now_ms - *ticket->called_at_ms) / 1000 : 0}};
            }
        }
        counters.push_back(std::move(entry));
    }
    Json calls = Json::array();
    for (const auto& stored : store.recent_calls(day, 10)) {
        Json event = Json::parse(stored.body, nullptr, false);
        if (!event.is_object()) continue;
        const std::string counter_id = event.value("counter", "");
        const CounterConfig* counter = config.find_counter(counter_id);
        calls.push_back(Json{{"at", event.value("at", "")},
                             {"kind", event.value("kind", "")},
                             {"number", event.contains("ticket") ? event["ticket"].value("number", "") : ""},
                             {"counter", counter ? counter->name : counter_id}});
    }
    auto announce = store.db().prepare(
        "SELECT body FROM events WHERE service_day = ? AND kind = 'announcement' ORDER BY seq DESC LIMIT 1");
    announce.bind(1, day);
    Json announcement = nullptr;
    if (announce.step()) {
        Json body = Json::parse(announce.text(0), nullptr, false);
        if (body.is_object()) announcement = body.value("text", "");
    }
    return Json{{"service_day", day},   {"now", engine.clock().iso_local(engine.job_now())},
                {"services", services}, {"counters", counters},
                {"calls", calls},       {"announcement", announcement},
                {"hospital", config.hospital.name}};
}

Json history_view(Engine& engine, const std::string& from, const std::string& to) {
    if (!HospitalClock::valid_day(from) || !HospitalClock::valid_day(to))
        fail(ErrorCode::bad_request, "from, to: expected YYYY-MM-DD");
    if (from > to) fail(ErrorCode::bad_request, "from: after to");
    if (day_number(to) - day_number(from) + 1 > kMaxHistoryDays)
        fail(ErrorCode::bad_request, "at most " + std::to_string(kMaxHistoryDays) + " days at once");
    const Config& config = engine.config();
    const HospitalClock& clock = engine.clock();

    std::map<std::string, ServiceFigures> by_service;
    std::map<std::string, CounterFigures> by_counter;
    std::map<std::string, std::array<int, 24>> arrivals_by_hour, served_by_hour;
    auto rows = engine.store().db().prepare(
        "SELECT t.service, t.counter, t.status, t.issued_at_ms, t.first_called_at_ms, t.called_at_ms, "
        "t.finished_at_ms, s.score FROM tickets t LEFT JOIN satisfaction s ON s.ticket_id = t.id "
        "WHERE t.service_day BETWEEN ? AND ? AND t.status NOT IN ('booked', 'unclaimed')");
    rows.bind(1, from).bind(2, to);
    while (rows.step()) {
        const std::string service = rows.text(0);
        const auto counter = rows.optional_text(1);
        const std::string status = rows.text(2);
        const std::int64_t issued = rows.int64(3);
        const auto first_called = rows.optional_int64(4);
        const auto called = rows.optional_int64(5);
        const auto finished = rows.optional_int64(6);
        const auto score = rows.optional_int64(7);
        ServiceFigures& f = by_service[service];
        const ServiceConfig* config_service = config.find_service(service);
        ++f.arrivals;
        arrivals_by_hour[service][static_cast<std::size_t>(local_hour(clock, issued))]++;
        if (first_called) {
            ++f.called;
            const double wait_min = static_cast<double>(std::max<std::int64_t>(0, *first_called - issued)) / 60000.0;
            f.waits_min.push_back(wait_min);
            if (config_service && config_service->target_wait_min && wait_min <= *config_service->target_wait_min)
                ++f.within_target;
            if (status == "skipped" || status == "cancelled") ++f.no_shows;
        }
        if (status == "done") {
            ++f.served;
            if (finished) served_by_hour[service][static_cast<std::size_t>(local_hour(clock, *finished))]++;
            if (counter && called && finished) {
                CounterFigures& c = by_counter[*counter];
                ++c.served;
                c.service_s_total += static_cast<double>(std::max<std::int64_t>(0, *finished - *called)) / 1000.0;
            }
        }
        if (score) f.scores.push_back(static_cast<int>(*score));
    }

    Json services = Json::array();
    Json hours = Json::array();
    Json satisfaction = Json::array();
    for (const auto& service : config.services) {
        ServiceFigures& f = by_service[service.code];
        std::sort(f.waits_min.begin(), f.waits_min.end());
        double score_total = 0;
        std::array<int, 5> score_counts{};
        for (int s : f.scores) {
            score_total += s;
            score_counts[static_cast<std::size_t>(s - 1)]++;
        }
        Json entry{{"code", service.code},
                   {"name", service.name},
                   {"name_en", service.name_en.value_or(service.name)},
                   {"arrivals", f.arrivals},
                   {"served", f.served},
                   {"called", f.called},
                   {"no_shows", f.no_shows},
                   {"no_show_rate", f.called ? round1(100.0 * f.no_shows / f.called) : 0.0},
                   {"wait_p50_min", round1(percentile(f.waits_min, 0.5))},
                   {"wait_p90_min", round1(percentile(f.waits_min, 0.9))},
                   {"target_wait_min", service.target_wait_min ? Json(*service.target_wait_min) : Json()},
                   {"within_target_pct",
                    service.target_wait_min && f.called ? Json(round1(100.0 * f.within_target / f.called)) : Json()},
                   {"ratings", f.scores.size()},
                   {"rating_mean", f.scores.empty() ? 0.0 : std::round(score_total / f.scores.size() * 100) / 100}};
        services.push_back(std::move(entry));
        for (std::size_t h = 0; h < 24; ++h) {
            const int a = arrivals_by_hour[service.code][h];
            const int s = served_by_hour[service.code][h];
            if (a || s) hours.push_back(Json{{"service", service.code}, {"hour", h}, {"arrivals", a}, {"served", s}});
        }
        for (std::size_t s = 0; s < 5; ++s)
            satisfaction.push_back(Json{{"service", service.code}, {"score", s + 1}, {"count", score_counts[s]}});
    }
    Json counters = Json::array();
    for (const auto& counter : config.counters) {
        const CounterFigures& c = by_counter[counter.id];
        counters.push_back(Json{{"id", counter.id},
                                {"name", counter.name},
                                {"served", c.served},
                                {"avg_service_s", c.served ? std::llround(c.service_s_total / c.served) : 0}});
    }
    return Json{{"from", from},         {"to", to},
                {"services", services}, {"hours", hours},
                {"counters", counters}, {"satisfaction", satisfaction},
                {"hospital", config.hospital.name}};
}

namespace {

std::string csv_field(const Json& value) {
    std::string text;
    if (value.is_null()) return "";
    if (value.is_string()) text = value.get<std::string>();
    else text = value.dump();
    // Spreadsheets run cells starting with = + - @ as formulas.
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '@' || (text[0] == '-' && !value.is_number())))
        text = "'" + text;
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

std::string history_csv(const Json& history, const std::string& table) {
    static const std::map<std::string, std::vector<std::string>> columns = {
        {"services",
         {"code", "name", "arrivals", "served", "called", "no_shows", "no_show_rate", "wait_p50_min", "wait_p90_min",
          "target_wait_min", "within_target_pct", "ratings", "rating_mean"}},
        {"hours", {"service", "hour", "arrivals", "served"}},
        {"counters", {"id", "name", "served", "avg_service_s"}},
        {"satisfaction", {"service", "score", "count"}},
    };
    auto it = columns.find(table);
    if (it == columns.end() || !history.contains(table)) return {};
    std::string out;
    for (std::size_t i = 0; i < it->second.size(); ++i) out += (i ? "," : "") + it->second[i];
    out += "\r\n";
    for (const Json& row : history[table]) {
        for (std::size_t i = 0; i < it->second.size(); ++i)
            out += (i ? "," : "") + csv_field(row.value(it->second[i], Json()));
        out += "\r\n";
    }
    return out;
}

}  // namespace anoman::server::web
