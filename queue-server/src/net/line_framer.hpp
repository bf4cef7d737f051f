// Splits a TCP byte stream into '\n'-terminated lines with a hard maximum
// (PROTOCOL.md: a line longer than 65,536 bytes, newline included, is refused),
// so no client can make the server buffer without bound.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace anoman::server {

class LineFramer {
public:
    enum class Result { line, need_more, too_long };

    explicit LineFramer(std::size_t max_line_bytes) : max_(max_line_bytes) {}

    void append(const char* data, std::size_t size) { buffer_.append(data, size); }

    // Takes the next complete line (without "\n" or "\r\n") into line.
    Result next(std::string& line) {
        const std::size_t newline = buffer_.find('\n', scanned_);
        if (newline == std::string::npos) {
            scanned_ = buffer_.size();
            // Even if the newline came next, the line would be max_ + 1 bytes.
            return buffer_.size() >= max_ ? Result::too_long : Result::need_more;
        }
        if (newline + 1 > max_) return Result::too_long;
        line.assign(buffer_, 0, newline);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        buffer_.erase(0, newline + 1);
        scanned_ = 0;
        return Result::line;
    }

    std::size_t buffered() const { return buffer_.size(); }
    // After a long line has gone: give its memory back rather than keep up to
    // 128 KiB of capacity per connection for as long as the connection lives.
    void release_spare() {
        if (buffer_.capacity() > kKeepCapacity && buffer_.size() <= kKeepCapacity / 2) {
            std::string fitted = buffer_;  // a copy allocates only what it holds
            buffer_.swap(fitted);
        }
    }
    std::size_t capacity() const { return buffer_.capacity(); }

private:
    static constexpr std::size_t kKeepCapacity = 4096;
    std::size_t max_;
    std::string buffer_;
    std::size_t scanned_ = 0;  // bytes already known to hold no newline
};

}  // namespace anoman::server
