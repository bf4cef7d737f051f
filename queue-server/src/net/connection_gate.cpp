#include "connection_gate.hpp"

#include <algorithm>

namespace anoman::server {

ConnectionGate::Admission ConnectionGate::admit(const Address& address, const std::shared_ptr<void>& connection) {
    auto& waiting = waiting_[address];
    Admission admission;
    if (waiting.size() >= kMaxUnauthenticatedPerAddress) {
        // The address's oldest connection without hello makes room (the server closes it).
        admission = {Verdict::admit_closing_oldest, waiting.front().second};
        waiting.pop_front();
        --unauthenticated_;
    } else if (total() >= max_ || unauthenticated_ >= max_ / kUnauthenticatedShareDivisor) {
        if (waiting.empty()) waiting_.erase(address);
        return {total() >= max_ ? Verdict::full : Verdict::unauthenticated_full, {}};
    }
    waiting.emplace_back(connection.get(), connection);
    ++unauthenticated_;
    return admission;
}

bool ConnectionGate::forget(const Address& address, const void* connection) {
    auto it = waiting_.find(address);
    if (it == waiting_.end()) return false;
    auto& waiting = it->second;
    auto found = std::find_if(waiting.begin(), waiting.end(), [&](const auto& entry) { return entry.first == connection; });
    if (found == waiting.end()) return false;
    waiting.erase(found);
    if (waiting.empty()) waiting_.erase(it);
    --unauthenticated_;
    return true;
}

void ConnectionGate::authenticated(const Address& address, const void* connection) {
    if (forget(address, connection)) ++authenticated_;
}

void ConnectionGate::closed(const Address& address, const void* connection, bool authenticated) {
    if (authenticated) {
        if (authenticated_ > 0) --authenticated_;
    } else {
        forget(address, connection);  // not found: it was the oldest closed to make room
    }
}

std::size_t ConnectionGate::unauthenticated_from(const Address& address) const {
    auto it = waiting_.find(address);
    return it == waiting_.end() ? 0 : it->second.size();
}

const char* to_string(ConnectionGate::Verdict verdict) {
    switch (verdict) {
        case ConnectionGate::Verdict::admit: return "admitted";
        case ConnectionGate::Verdict::admit_closing_oldest:
            return "its oldest connection without hello was closed: more than 64 from this address have not said hello";
        case ConnectionGate::Verdict::unauthenticated_full:
            return "refused: too many connections have not said hello (half the connection cap)";
        case ConnectionGate::Verdict::full: return "refused: the connection cap is reached";
    }
    return "?";
}

}  // namespace anoman::server
