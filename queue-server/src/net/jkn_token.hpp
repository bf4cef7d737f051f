// The tokens of the Mobile JKN door (docs/mobile-jkn.md): GET /jkn/auth with
// the right x-username / x-password gives a random token (256 bits, 64 hex
// digits) valid for mobile_jkn.token_minutes (default 60); every other call
// carries it in x-token. A token ends when its lifetime has passed on either
// clock, the monotonic one or the wall clock (a clock stepped forward ends it
// early, one stepped back never makes it last longer). Kept in memory only: after a restart Mobile JKN is
// told "Token Expired" and asks again, as it does every hour anyway.
// Also the guard against guessing the password: failures are counted per
// caller address and per username, and past the bound auth answers no for a while.
// Network thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>

namespace anoman::server::jkn {

using Clock = std::chrono::steady_clock;
using WallClock = std::chrono::system_clock;

class TokenBook {
public:
    static constexpr std::size_t kMaxTokens = 1000;  // the oldest goes first past it

    explicit TokenBook(std::chrono::minutes lifetime) : lifetime_(lifetime) {}
    std::string issue(const std::string& username, Clock::time_point now, WallClock::time_point wall = WallClock::now());
    enum class Check { ok, expired, unknown };
    // A token is bound to the username it was given to.
    Check check(const std::string& token, const std::string& username, Clock::time_point now,
                WallClock::time_point wall = WallClock::now());
    std::chrono::minutes lifetime() const { return lifetime_; }

private:
    struct Entry {
        std::string username;
        Clock::time_point expires;
        WallClock::time_point wall_expires;
    };
    std::chrono::minutes lifetime_;
    std::unordered_map<std::string, Entry> tokens_;
    std::deque<std::string> order_;  // issue order, for the bound
};

// Failed logins: at most kMaxFailures per subject ("address:IP", "user:NAME")
// within kWindow; past it the subject is refused until its failures age out.
class LoginGuard {
public:
    static constexpr int kMaxFailures = 5;
    static constexpr auto kWindow = std::chrono::minutes(10);
    static constexpr std::size_t kMaxSubjects = 10000;

    bool locked(const std::string& subject, Clock::time_point now);
    void failed(const std::string& subject, Clock::time_point now);
    void succeeded(const std::string& subject) { failures_.erase(subject); }

private:
    std::map<std::string, std::deque<Clock::time_point>> failures_;
};

// Compares without leaking where the first difference is.
bool same_secret(const std::string& given, const std::string& expected);

}  // namespace anoman::server::jkn
