#include "kiosk_text.hpp"

#include <sstream>

extern const char kiosk_lang_id[];
extern const char kiosk_lang_en[];

namespace anoman::kiosk {

const Catalog& strings() {
    static const Catalog catalog(kiosk_lang_id, kiosk_lang_en);
    return catalog;
}

std::string wait_text(std::int64_t est_wait_s, Language language) {
    if (est_wait_s < 60) return tr("wait.under_minute", language);
    const std::int64_t minutes = (est_wait_s + 30) / 60;
    if (minutes < 60) return strings().format("wait.minutes", language, {{"m", std::to_string(minutes)}});
    const std::int64_t hours = minutes / 60;
    const std::int64_t rest = minutes % 60;
    if (rest == 0) return strings().format("wait.hours", language, {{"h", std::to_string(hours)}});
    return strings().format("wait.hours_minutes", language,
                            {{"h", std::to_string(hours)}, {"m", std::to_string(rest)}});
}

std::string ticket_time_text(const std::string& iso) {
    // YYYY-MM-DDTHH:MM:SS+HH:MM (the server's form); fractions of seconds are not used.
    if (iso.size() < 25 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':') return iso;
    const std::string offset = iso.substr(iso.size() - 6);
    std::string zone;
    if (offset == "+07:00") {
        zone = "WIB";
    } else if (offset == "+08:00") {
        zone = "WITA";
    } else if (offset == "+09:00") {
        zone = "WIT";
    } else {
        zone = "UTC" + offset;
    }
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " + iso.substr(11, 5) + " " + zone;
}

std::vector<std::string> wrap_words(const std::string& text, std::size_t width) {
    std::vector<std::string> lines;
    if (width == 0) return lines;
    std::istringstream words(text);
    std::string word;
    std::string current;
    while (words >> word) {
        while (word.size() > width) {  // a word longer than a line: cut it
            if (!current.empty()) {
                lines.push_back(current);
                current.clear();
            }
            lines.push_back(word.substr(0, width));
            word.erase(0, width);
        }
        if (current.empty()) {
            current = word;
        } else if (current.size() + 1 + word.size() <= width) {
            current += ' ' + word;
        } else {
            lines.push_back(current);
            current = word;
        }
    }
    if (!current.empty()) lines.push_back(current);
    return lines;
}

}  // namespace anoman::kiosk
