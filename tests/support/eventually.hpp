// The one way tests wait: for a condition, never for a fixed time. A fixed
// sleep is either too short on a loaded CI machine (a flaky test) or too long
// everywhere else (a slow one); a polled condition is as fast as the system
// under test and only as slow as the timeout when something is really wrong.
#pragma once

#include <chrono>
#include <thread>
#include <utility>

namespace anoman::testing {

// Polls condition() every `poll` until it returns true (then true) or
// `timeout` has passed (then false, after one last look). The condition may
// do work between looks: pump a model's queue, take a screenshot, read a file.
template <typename Condition>
bool eventually(Condition&& condition, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                std::chrono::milliseconds poll = std::chrono::milliseconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (std::forward<Condition>(condition)()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(poll);
    }
}

}  // namespace anoman::testing
