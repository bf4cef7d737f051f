#include "anoman/i18n.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace anoman {
namespace {

std::unordered_map<std::string, std::string> load_table(std::string_view text, const char* which) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_object()) throw std::runtime_error(std::string(which) + " strings: expected a JSON object");
    std::unordered_map<std::string, std::string> table;
    for (auto& [key, value] : doc.items()) {
        if (!value.is_string()) throw std::runtime_error(std::string(which) + " strings: " + key + ": expected string");
        table.emplace(key, value.get<std::string>());
    }
    return table;
}

}  // namespace

Catalog::Catalog(std::string_view indonesian_json, std::string_view english_json)
    : id_(load_table(indonesian_json, "id")), en_(load_table(english_json, "en")) {}

const std::string& Catalog::get(std::string_view key, Language language) const {
    const auto& table = language == Language::id ? id_ : en_;
    if (auto it = table.find(std::string(key)); it != table.end()) return it->second;
    // English missing falls back to Indonesian; Indonesian missing shows the key.
    if (language == Language::en) {
        if (auto it = id_.find(std::string(key)); it != id_.end()) return it->second;
    }
    auto [it, inserted] = fallback_.try_emplace(std::string(key), std::string(key));
    return it->second;
}

std::string Catalog::format(std::string_view key, Language language,
                            std::initializer_list<std::pair<std::string_view, std::string>> values) const {
    std::string text = get(key, language);
    for (const auto& [name, value] : values) {
        const std::string placeholder = "{" + std::string(name) + "}";
        for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size()))
            text.replace(pos, placeholder.size(), value);
    }
    return text;
}

bool Catalog::has(std::string_view key, Language language) const {
    const auto& table = language == Language::id ? id_ : en_;
    return table.count(std::string(key)) != 0;
}

std::vector<std::string> Catalog::missing_keys() const {
    std::vector<std::string> missing;
    for (const auto& [key, text] : id_)
        if (!en_.count(key)) missing.push_back("en:" + key);
    for (const auto& [key, text] : en_)
        if (!id_.count(key)) missing.push_back("id:" + key);
    return missing;
}

}  // namespace anoman
