// The hall's voice queue: calls are spoken one after another, in the order
// they came, never two at once. A worker thread renders each announcement
// (chime + speech) and plays it to the output; announce() never blocks the
// frame loop.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "pcm.hpp"

namespace anoman::display {

class Announcer {
public:
    // Runs on the worker thread. render: text -> sound (may throw: the
    // announcement is skipped with a warning). play: blocks until played.
    using Render = std::function<Pcm(const std::string& text)>;
    using Play = std::function<void(const Pcm& sound)>;

    // More waiting than this means something is badly wrong (a burst of
    // hundreds of calls): the oldest waiting ones are dropped, with a warning.
    static constexpr std::size_t kMaxPending = 32;

    Announcer(Render render, Play play);
    ~Announcer();  // finishes the announcement being played, drops the rest
    Announcer(const Announcer&) = delete;
    Announcer& operator=(const Announcer&) = delete;

    void announce(std::string text);
    // Blocks until nothing is waiting or playing (tests, and a clean exit).
    void wait_idle();
    std::size_t pending() const;

private:
    void work();

    Render render_;
    Play play_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    std::thread worker_;
};

// The hall's render function: the chime, then the text spoken by espeak-ng's
// Indonesian voice. espeak-ng starts lazily on the first call (on the calling
// thread, the announcer's). Throws if espeak-ng cannot speak.
Announcer::Render indonesian_voice();

}  // namespace anoman::display
