#include "jkn_token.hpp"

#include "device_token.hpp"

namespace anoman::server::jkn {

std::string TokenBook::issue(const std::string& username, Clock::time_point now, WallClock::time_point wall) {
    while (tokens_.size() >= kMaxTokens && !order_.empty()) {
        tokens_.erase(order_.front());
        order_.pop_front();
    }
    // Forget expired ones first in issue order (they expire in that order too).
    while (!order_.empty()) {
        auto it = tokens_.find(order_.front());
        if (it != tokens_.end() && it->second.expires > now) break;
        if (it != tokens_.end()) tokens_.erase(it);
        order_.pop_front();
    }
    std::string token = secrets::generate_token();
    tokens_[token] = Entry{username, now + lifetime_, wall + lifetime_};
    order_.push_back(token);
    return token;
}

TokenBook::Check TokenBook::check(const std::string& token, const std::string& username, Clock::time_point now,
                                  WallClock::time_point wall) {
    auto it = tokens_.find(token);
    if (it == tokens_.end() || !same_secret(username, it->second.username)) return Check::unknown;
    if (now >= it->second.expires || wall >= it->second.wall_expires) return Check::expired;
    return Check::ok;
}

bool LoginGuard::locked(const std::string& subject, Clock::time_point now) {
    auto it = failures_.find(subject);
    if (it == failures_.end()) return false;
    while (!it->second.empty() && now - it->second.front() > kWindow) it->second.pop_front();
    if (it->second.empty()) {
        failures_.erase(it);
        return false;
    }
    return it->second.size() >= static_cast<std::size_t>(kMaxFailures);
}

void LoginGuard::failed(const std::string& subject, Clock::time_point now) {
    if (failures_.size() >= kMaxSubjects && !failures_.count(subject)) failures_.erase(failures_.begin());
    auto& times = failures_[subject];
    times.push_back(now);
    while (times.size() > static_cast<std::size_t>(kMaxFailures)) times.pop_front();
}

bool same_secret(const std::string& given, const std::string& expected) {
    unsigned char diff = given.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < given.size(); ++i)
        diff = static_cast<unsigned char>(diff | (given[i] ^ expected[i % (expected.empty() ? 1 : expected.size())]));
    return diff == 0 && !expected.empty();
}

}  // namespace anoman::server::jkn
