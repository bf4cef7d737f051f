#include "owner_thread.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace anoman::server {

namespace {

std::atomic<OwnerViolationHandler> violation_handler{nullptr};

}  // namespace

OwnerViolationHandler set_owner_violation_handler(OwnerViolationHandler handler) {
    return violation_handler.exchange(handler);
}

#ifndef NDEBUG
void OwnerThread::check(const char* entry_point) const {
    const std::thread::id me = std::this_thread::get_id();
    std::thread::id owner{};
    // Unowned: the first caller becomes the owner.
    if (owner_.compare_exchange_strong(owner, me) || owner == me) return;
    if (OwnerViolationHandler handler = violation_handler.load()) {
        handler(entry_point);
        return;
    }
    std::ostringstream threads;
    threads << "thread " << me << ", owner " << owner;
    std::fprintf(stderr, "owner thread violated: %s called from %s (owner_thread.hpp)\n", entry_point,
                 threads.str().c_str());
    std::abort();
}
#endif

}  // namespace anoman::server
