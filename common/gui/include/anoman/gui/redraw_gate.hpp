// Redraw only when something shown changed. Each model exposes a revision
// counter that grows with every change it makes; the gate remembers the
// revisions the last frame drew and says whether a new frame is due. This
// replaces hand-kept hashes of "what the screen shows" in each main, which
// miss the next field added to a model.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace anoman::gui {

class RedrawGate {
public:
    using Revision = std::function<std::uint64_t()>;

    // Each source is read on the UI thread: a model's revision(), or any
    // counter a view keeps (a language switch, a clock's minute).
    explicit RedrawGate(std::vector<Revision> sources) : sources_(std::move(sources)) {}

    // True until the first frame, then whenever a source moved since drawn().
    bool changed() const {
        if (!drawn_) return true;
        for (std::size_t i = 0; i < sources_.size(); ++i)
            if (sources_[i]() != (*drawn_)[i]) return true;
        return false;
    }
    // Call at the end of a frame: what it drew is now on screen.
    void drawn() {
        std::vector<std::uint64_t> now;
        now.reserve(sources_.size());
        for (const auto& source : sources_) now.push_back(source());
        drawn_ = std::move(now);
    }
    // Forget what was drawn: the next frame is due whatever the revisions.
    void invalidate() { drawn_.reset(); }

private:
    std::vector<Revision> sources_;
    std::optional<std::vector<std::uint64_t>> drawn_;
};

}  // namespace anoman::gui
