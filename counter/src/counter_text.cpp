#include "anoman/counter/counter_text.hpp"

#include <cstdio>

extern const char counter_lang_id[];
extern const char counter_lang_en[];

namespace anoman::counter {

CounterText::CounterText() : catalog_(counter_lang_id, counter_lang_en) {}

std::string CounterText::format(std::string_view key, Language language,
                                const std::vector<std::pair<std::string, std::string>>& params) const {
    std::string text = catalog_.get(key, language);
    for (const auto& [raw_name, raw_value] : params) {
        std::string name = raw_name;
        std::string value = raw_value;
        if (!name.empty() && name.back() == '@') {
            name.pop_back();
            value = catalog_.get(raw_value, language);
        }
        const std::string placeholder = "{" + name + "}";
        for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size()))
            text.replace(pos, placeholder.size(), value);
    }
    return text;
}

std::string CounterText::render(const Notice& notice, Language language) const {
    return format(notice.key, language, notice.params);
}

std::string CounterText::reason_label(const std::string& wire, Language language) const {
    for (const auto& reason : close_reasons())
        if (wire == reason.wire) return catalog_.get(reason.key, language);
    return wire;
}

std::string CounterText::wait_text(std::int64_t seconds, Language language) const {
    const std::int64_t minutes = seconds / 60;
    if (minutes < 1) return catalog_.get("time.less_minute", language);
    if (minutes < 60) return catalog_.format("time.minutes", language, {{"m", std::to_string(minutes)}});
    char two[8];
    std::snprintf(two, sizeof two, "%02lld", static_cast<long long>(minutes % 60));
    return catalog_.format("time.hours", language, {{"h", std::to_string(minutes / 60)}, {"m", two}});
}

std::string CounterText::duration_text(std::int64_t seconds, Language language) const {
    if (seconds < 60) return catalog_.format("time.seconds", language, {{"s", std::to_string(seconds)}});
    return catalog_.format("time.min_sec", language,
                           {{"m", std::to_string(seconds / 60)}, {"s", std::to_string(seconds % 60)}});
}

std::string clock_text(std::int64_t seconds) {
    if (seconds < 0) seconds = 0;
    char text[32];
    if (seconds >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                      static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(seconds / 60),
                      static_cast<long long>(seconds % 60));
    return text;
}

}  // namespace anoman::counter
