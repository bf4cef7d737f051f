// The memory of all unfinished lines together (network thread only). Each
// connection may hold a line of up to 64 KiB until its newline comes; 8,192
// connections doing so took the server to 684 MB. Real lines are under a few
// KB and usually arrive whole, so only a flood comes near the budget; a
// connection that would take it past the budget is refused and closed.
#pragma once

#include <cstddef>

namespace anoman::server {

class LineBudget {
public:
    // 256 lines of the largest size at once.
    static constexpr std::size_t kDefaultBytes = std::size_t{16} * 1024 * 1024;

    explicit LineBudget(std::size_t bytes = kDefaultBytes) : limit_(bytes) {}

    // A connection's unfinished bytes go from held to wanted. False (and nothing
    // changes) if that would take the total past the budget.
    bool update(std::size_t& held, std::size_t wanted) {
        if (wanted > held && used_ + (wanted - held) > limit_) return false;
        used_ = used_ - held + wanted;
        if (used_ > peak_) peak_ = used_;
        held = wanted;
        return true;
    }
    std::size_t used() const { return used_; }
    // The most used since the last take_peak() (for giving memory back after a flood).
    std::size_t take_peak() {
        const std::size_t peak = peak_;
        peak_ = used_;
        return peak;
    }

private:
    std::size_t limit_;
    std::size_t used_ = 0;
    std::size_t peak_ = 0;
};

}  // namespace anoman::server
