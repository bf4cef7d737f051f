#include "anoman/counter/iso_time.hpp"

#include <chrono>

namespace anoman::counter {
namespace {

// Reads exactly `width` digits at text[pos]; false if any is not a digit.
bool read_digits(std::string_view text, std::size_t pos, std::size_t width, int& out) {
    if (pos + width > text.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

}  // namespace

std::optional<SysMillis> parse_iso_time(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (text.size() < 20) return std::nullopt;
    if (!read_digits(text, 0, 4, year) || text[4] != '-' || !read_digits(text, 5, 2, month) || text[7] != '-' ||
        !read_digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') || !read_digits(text, 11, 2, hour) ||
        text[13] != ':' || !read_digits(text, 14, 2, minute) || text[16] != ':' || !read_digits(text, 17, 2, second))
        return std::nullopt;
    std::size_t pos = 19;
    int millis = 0;
    if (text[pos] == '.') {
        ++pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    int offset_minutes = 0;
    if (pos >= text.size()) return std::nullopt;
    if (text[pos] == 'Z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        int oh = 0, om = 0;
        if (!read_digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !read_digits(text, pos + 4, 2, om))
            return std::nullopt;
        offset_minutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;

    using namespace std::chrono;
    const year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                             std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    const auto local = sys_days{ymd} + hours{hour} + minutes{minute} + seconds{second} + milliseconds{millis};
    return time_point_cast<milliseconds>(local - minutes{offset_minutes});
}

std::int64_t seconds_since(SysMillis since, SysMillis now) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - since).count();
    return elapsed < 0 ? 0 : elapsed;
}

}  // namespace anoman::counter
