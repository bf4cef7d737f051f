#include "kiosk_services.hpp"

#include <algorithm>

namespace anoman::kiosk {

std::string_view to_string(Lane lane) {
    switch (lane) {
        case Lane::bpjs: return "bpjs";
        case Lane::umum: return "umum";
        case Lane::priority: return "priority";
    }
    return "?";
}

Availability KioskService::availability() const {
    if (!state.open) return Availability::closed;
    if (state.daily_quota && state.issued >= *state.daily_quota) return Availability::full;
    return Availability::open;
}

bool KioskService::in_lane(Lane lane) const {
    if (lane == Lane::priority) return state.priority;
    if (state.priority) return false;
    if (state.patients.empty()) return true;
    const std::string_view kind = to_string(lane);
    return std::find(state.patients.begin(), state.patients.end(), kind) != state.patients.end();
}

std::vector<KioskService> parse_services(const proto::Json& reply_body) {
    const proto::Json& list = proto::require(reply_body, "services");
    if (!list.is_array()) throw proto::ProtocolError("services: expected array");
    std::vector<KioskService> services;
    for (const auto& entry : list) {
        KioskService service;
        service.state = entry.get<proto::ServiceState>();
        service.name_en = proto::optional_string(entry, "name_en", "services[]");
        services.push_back(std::move(service));
    }
    return services;
}

}  // namespace anoman::kiosk
