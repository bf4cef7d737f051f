// A real browser for the web door's tests: Debian's chromium, headless, with
// a fresh profile, driven over its DevTools protocol (a WebSocket on a local
// port; Boost.Beast's client). Enough to open pages at a given size, run
// script in them, wait for conditions and save screenshots.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "test_support.hpp"

namespace anoman::testing::web {

class Browser {
public:
    // Starts chromium (skips nothing: throws when it cannot start).
    explicit Browser(const std::filesystem::path& dir);
    ~Browser();
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    static bool available();  // /usr/bin/chromium exists

    void set_size(int width, int height, bool mobile);
    void navigate(const std::string& url);
    // The value of a JavaScript expression (returned by value).
    Json evaluate(const std::string& expression);
    // Polls the expression until it is true; false on timeout.
    bool wait_for(const std::string& expression, std::chrono::milliseconds timeout = 15s);
    // A PNG of the viewport, written to path.
    void screenshot(const std::filesystem::path& path);
    std::string log() const;

private:
    Json call(const std::string& method, const Json& params = Json::object());
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::unique_ptr<ChildProcess> process_;
    int next_id_ = 1;
};

}  // namespace anoman::testing::web
