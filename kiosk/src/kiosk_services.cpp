#include "kiosk_services.hpp"

#include <algorithm>

#include "anoman/protocol_replies.hpp"

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
    std::vector<KioskService> services;
    for (auto& state : reply_body.get<proto::ServicesListReply>().services) {
        KioskService service;
        service.name_en = state.name_en;
        service.state = std::move(state);
        services.push_back(std::move(service));
    }
    return services;
}

}  // namespace anoman::kiosk
