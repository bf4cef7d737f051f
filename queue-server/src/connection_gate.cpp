#include "connection_gate.hpp"

namespace anoman::server {

ConnectionGate::Verdict ConnectionGate::admit(const Address& address) {
    if (total() >= max_) return Verdict::full;
    if (unauthenticated_ >= max_ / kUnauthenticatedShareDivisor) return Verdict::unauthenticated_full;
    int& count = unauthenticated_by_address_[address];
    if (count >= kMaxUnauthenticatedPerAddress) return Verdict::address_full;
    ++count;
    ++unauthenticated_;
    return Verdict::admit;
}

void ConnectionGate::forget_one(const Address& address) {
    auto it = unauthenticated_by_address_.find(address);
    if (it == unauthenticated_by_address_.end()) return;
    if (--it->second <= 0) unauthenticated_by_address_.erase(it);
    --unauthenticated_;
}

void ConnectionGate::authenticated(const Address& address) {
    forget_one(address);
    ++authenticated_;
}

void ConnectionGate::closed(const Address& address, bool authenticated) {
    if (authenticated) {
        if (authenticated_ > 0) --authenticated_;
    } else {
        forget_one(address);
    }
}

int ConnectionGate::unauthenticated_from(const Address& address) const {
    auto it = unauthenticated_by_address_.find(address);
    return it == unauthenticated_by_address_.end() ? 0 : it->second;
}

const char* to_string(ConnectionGate::Verdict verdict) {
    switch (verdict) {
        case ConnectionGate::Verdict::admit: return "admitted";
        case ConnectionGate::Verdict::address_full:
            return "too many connections from this address have not said hello";
        case ConnectionGate::Verdict::unauthenticated_full:
            return "too many connections have not said hello (half the connection cap)";
        case ConnectionGate::Verdict::full: return "the connection cap is reached";
    }
    return "?";
}

}  // namespace anoman::server
