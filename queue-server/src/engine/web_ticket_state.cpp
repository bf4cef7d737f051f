#include "web_ticket_state.hpp"

#include <cctype>

#include "device_token.hpp"
#include "web_store.hpp"

namespace anoman::server::web {

using proto::TicketStatus;

bool plausible_code(const std::string& code) {
    if (code.size() != static_cast<std::size_t>(secrets::kPageCodeChars)) return false;
    for (char c : code)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    return true;
}

std::optional<TicketRow> ticket_for_code(Engine& engine, const std::string& code) {
    // Looked up whatever its shape: the same work for every wrong code.
    auto id = WebStore(engine.store().db()).ticket_of(code.substr(0, 64));
    std::optional<TicketRow> row = id ? engine.store().ticket(*id) : std::nullopt;
    if (!row || !plausible_code(code) || row->service_day != engine.service_day()) return std::nullopt;
    return row;
}

namespace {

void set_counter(const Config& config, Json& state, const std::optional<std::string>& counter) {
    if (!counter) {
        state["counter"] = nullptr;
        state["counter_name"] = nullptr;
        return;
    }
    state["counter"] = *counter;
    const CounterConfig* found = config.find_counter(*counter);
    state["counter_name"] = found ? found->name : *counter;
}

}  // namespace

Json ticket_state(Engine& engine, const TicketRow& row) {
    const Config& config = engine.config();
    const ServiceConfig* service = config.find_service(row.service);
    const bool waiting = row.status == TicketStatus::waiting;
    const int ahead = waiting ? engine.store().ahead_of(row) : 0;
    Json state{{"number", row.number},
               {"service", row.service},
               {"service_name", service ? service->name : row.service},
               {"service_name_en", service && service->name_en ? *service->name_en : (service ? service->name : row.service)},
               {"status", proto::to_string(row.status)},
               {"ahead", ahead},
               {"est_wait_s", waiting ? engine.estimate_wait(row.service, ahead) : 0},
               {"calls", row.calls},
               {"hospital", config.hospital.name},
               {"rated", WebStore(engine.store().db()).satisfaction_of(row.id).has_value()}};
    set_counter(config, state, row.counter);
    return state;
}

Json state_after_event(const Config& config, const Json& last_state, const Json& event_ticket) {
    Json state = last_state;
    state["status"] = event_ticket.value("status", "waiting");
    state["calls"] = event_ticket.value("calls", 0);
    if (event_ticket.contains("service") && event_ticket["service"].is_string()) {
        const std::string code = event_ticket["service"].get<std::string>();
        if (code != state.value("service", "")) {
            const ServiceConfig* service = config.find_service(code);
            state["service"] = code;
            state["service_name"] = service ? service->name : code;
            state["service_name_en"] = service && service->name_en ? Json(*service->name_en) : state["service_name"];
        }
    }
    std::optional<std::string> counter;
    if (event_ticket.contains("counter") && event_ticket["counter"].is_string())
        counter = event_ticket["counter"].get<std::string>();
    set_counter(config, state, counter);
    if (state["status"] != "waiting") {
        state["ahead"] = 0;
        state["est_wait_s"] = 0;
    }
    return state;
}

}  // namespace anoman::server::web
