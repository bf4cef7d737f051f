// Which thread owns an object that is not thread-safe: the store's SQLite
// connection (opened NOMUTEX) and the engine over it. The rule used to be
// written only in comments, and a read from the main thread while the engine
// thread wrote once corrupted WAL frames; debug builds now check it on every
// entry point and abort naming the entry point, release builds (NDEBUG) compile
// it to nothing. Chromium's SequenceChecker in miniature: the owner is the
// first thread that checks after construction or after hand_over(); the thread
// that hands the object to another (the engine to its worker thread, and back
// after the join) calls hand_over() first.
#pragma once

#ifndef NDEBUG
#include <atomic>
#include <thread>
#endif

namespace anoman::server {

// What a violation does in debug builds: print and abort, unless a test set a
// handler of its own (which then runs instead, and the call goes on).
using OwnerViolationHandler = void (*)(const char* entry_point);
OwnerViolationHandler set_owner_violation_handler(OwnerViolationHandler handler);  // returns the previous one
constexpr bool kOwnerChecks =
#ifndef NDEBUG
    true;
#else
    false;
#endif

class OwnerThread {
public:
#ifndef NDEBUG
    // Binds to the calling thread if nobody owns it; otherwise the caller must be the owner.
    void check(const char* entry_point) const;
    void hand_over() { owner_.store(std::thread::id{}); }

private:
    mutable std::atomic<std::thread::id> owner_{};
#else
    void check(const char*) const {}
    void hand_over() {}
#endif
};

}  // namespace anoman::server
