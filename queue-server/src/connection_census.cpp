#include "connection_census.hpp"

#include "session.hpp"

namespace anoman::server {

void ConnectionCensus::publish(const std::set<std::shared_ptr<Session>>& sessions) {
    CensusCounts counts;
    for (proto::Role role : {proto::Role::kiosk, proto::Role::display, proto::Role::counter, proto::Role::admin})
        counts.by_role[std::string(proto::to_string(role))] = 0;
    for (const auto& session : sessions) {
        const Caller* caller = session->caller();
        if (!caller) {
            ++counts.unauthenticated;
            continue;
        }
        ++counts.by_role[std::string(proto::to_string(caller->role))];
        ++counts.by_device[caller->device];
    }
    std::lock_guard lock(mutex_);
    counts_ = std::move(counts);
}

CensusCounts ConnectionCensus::counts() {
    std::lock_guard lock(mutex_);
    return counts_;
}

}  // namespace anoman::server
