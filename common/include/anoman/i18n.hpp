// Screen strings by key, Bahasa Indonesia first, English second (ImHex's habit:
// strings live in per-language JSON files, embedded into the program at build
// time with anoman_embed_text()). A missing key shows the key itself, so a
// forgotten translation is visible on screen and caught by tests.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace anoman {

enum class Language { id, en };

class Catalog {
public:
    Catalog() = default;
    // Each text is a JSON object {"key": "text", ...}. Throws std::runtime_error when malformed.
    Catalog(std::string_view indonesian_json, std::string_view english_json);

    const std::string& get(std::string_view key, Language language) const;
    // get() with "{name}" placeholders replaced by values.
    std::string format(std::string_view key, Language language,
                       std::initializer_list<std::pair<std::string_view, std::string>> values) const;
    bool has(std::string_view key, Language language) const;
    // Keys present in one language and missing in the other (for tests).
    std::vector<std::string> missing_keys() const;

private:
    std::unordered_map<std::string, std::string> id_;
    std::unordered_map<std::string, std::string> en_;
    mutable std::unordered_map<std::string, std::string> fallback_;
};

}  // namespace anoman
