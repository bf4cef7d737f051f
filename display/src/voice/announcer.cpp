#include "announcer.hpp"

#include <memory>
#include <utility>

#include <spdlog/spdlog.h>

#include "espeak_voice.hpp"

namespace anoman::display {

Announcer::Announcer(Render render, Play play) : render_(std::move(render)), play_(std::move(play)) {
    worker_ = std::thread([this] { work(); });
}

Announcer::~Announcer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    changed_.notify_all();
    worker_.join();
}

void Announcer::announce(std::string text) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= kMaxPending) {
            spdlog::warn("voice: {} announcements waiting; dropping the oldest \"{}\"", queue_.size(), queue_.front());
            queue_.pop_front();
        }
        queue_.push_back(std::move(text));
    }
    changed_.notify_all();
}

void Announcer::wait_idle() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return (queue_.empty() && !busy_) || stopping_; });
}

std::size_t Announcer::pending() const {
    std::lock_guard lock(mutex_);
    return queue_.size() + (busy_ ? 1 : 0);
}

void Announcer::work() {
    for (;;) {
        std::string text;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return !queue_.empty() || stopping_; });
            if (stopping_) return;
            text = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
        }
        try {
            spdlog::info("voice: \"{}\"", text);
            play_(render_(text));
        } catch (const std::exception& error) {
            spdlog::warn("voice: could not announce \"{}\": {}", text, error.what());
        }
        {
            std::lock_guard lock(mutex_);
            busy_ = false;
        }
        changed_.notify_all();
    }
}

Announcer::Render indonesian_voice() {
    auto voice = std::make_shared<std::unique_ptr<EspeakVoice>>();
    return [voice](const std::string& text) {
        if (!*voice) *voice = std::make_unique<EspeakVoice>("id");
        Pcm sound = make_chime((*voice)->sample_rate());
        sound.append((*voice)->speak(text));
        sound.append_silence(0.4);  // a breath between two calls
        return sound;
    };
}

}  // namespace anoman::display
