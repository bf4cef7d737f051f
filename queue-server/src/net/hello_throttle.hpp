// Slows down token guessing (network thread only). Before it, one machine
// could try about 5,000 wrong tokens a second. Now an address that had
// kFreeFailures refused hellos within kQuiet is answered rate_limited without
// its hello being judged at all, after a delay that doubles with every further
// attempt (up to kMaxDelay); kQuiet without a failure forgets it. Other
// addresses are never affected.
#pragma once

#include <chrono>
#include <map>

#include <boost/asio/ip/address.hpp>

namespace anoman::server {

class HelloThrottle {
public:
    using Address = boost::asio::ip::address;
    using Clock = std::chrono::steady_clock;
    // A clerk mistyping a token a few times, or a device left with an old token
    // retrying a few times before someone notices, is not an attack.
    static constexpr int kFreeFailures = 10;
    static constexpr auto kQuiet = std::chrono::seconds(60);
    static constexpr auto kFirstDelay = std::chrono::milliseconds(250);
    // Below the 10 s hello timeout, so the answer still comes.
    static constexpr auto kMaxDelay = std::chrono::seconds(8);
    // Bounds the table when very many addresses fail (only failing ones are kept).
    static constexpr std::size_t kMaxAddresses = 4096;

    // Zero: judge this hello. Otherwise answer rate_limited after this delay
    // (which counts as one more failure: a persistent guesser never gets quiet).
    Clock::duration penalty(const Address& address, Clock::time_point now);
    // A hello from address was refused (unauthorized).
    void failed(const Address& address, Clock::time_point now);

private:
    struct Entry {
        int failures = 0;
        Clock::time_point last{};
    };
    std::map<Address, Entry> entries_;
};

}  // namespace anoman::server
