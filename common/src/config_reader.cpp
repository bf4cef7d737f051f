#include "config_reader.hpp"

namespace anoman::config_reader {
namespace {

// The protocol reader's refusal ("path.key: expected string") as the configuration's.
template <typename Read>
auto as_config(Read&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const proto::ProtocolError& e) {
        throw ConfigError(e.what());
    }
}

}  // namespace

void fail(const std::string& path, const std::string& what) { throw ConfigError(path + ": " + what); }

std::string at(const std::string& path, const std::string& key) { return proto::join_path(path, key); }

void only_keys(const Json& obj, const std::string& path, std::initializer_list<const char*> allowed) {
    if (!obj.is_object()) fail(path.empty() ? "configuration" : path, "expected object");
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        bool known = false;
        for (const char* key : allowed) known = known || it.key() == key;
        if (!known) fail(at(path, it.key()), "unknown key");
    }
}

const Json* find(const Json& obj, const std::string& path, const std::string& key) {
    return as_config([&] { return proto::find_field(obj, key, path); });
}

std::string text(const Json& obj, const std::string& path, const std::string& key, bool required,
                 const std::string& fallback) {
    return as_config([&] {
        if (!required && !proto::find_field(obj, key, path)) return fallback;
        return proto::require_string(obj, key, path);
    });
}

std::string nonempty(const Json& obj, const std::string& path, const std::string& key) {
    std::string value = text(obj, path, key, true);
    if (value.empty()) fail(at(path, key), "must not be empty");
    return value;
}

std::vector<std::string> string_list(const Json& obj, const std::string& path, const std::string& key,
                                     bool required) {
    if (required) array(obj, path, key);
    return as_config([&] { return proto::string_list(obj, key, path); });
}

const Json& array(const Json& obj, const std::string& path, const std::string& key) {
    const Json& value = as_config([&]() -> const Json& { return proto::require(obj, key, path); });
    if (!value.is_array()) fail(at(path, key), "expected array");
    return value;
}

std::optional<std::int64_t> whole_number(const Json& obj, const std::string& path, const std::string& key,
                                         std::int64_t min, std::int64_t max, const std::string& what) {
    const Json* value = find(obj, path, key);
    if (!value) return std::nullopt;
    if (!value->is_number_integer()) fail(at(path, key), what);
    if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
        fail(at(path, key), what);
    const auto number = value->get<std::int64_t>();
    if (number < min || number > max) fail(at(path, key), what);
    return number;
}

std::optional<double> number(const Json& obj, const std::string& path, const std::string& key, double min,
                             double max, const std::string& what) {
    const Json* value = find(obj, path, key);
    if (!value) return std::nullopt;
    if (!value->is_number() || value->get<double>() < min || value->get<double>() > max) fail(at(path, key), what);
    return value->get<double>();
}

std::optional<std::uint16_t> port(const Json& obj, const std::string& path) {
    auto value = whole_number(obj, path, "port", 0, 65535, "expected a port number from 0 to 65535");
    if (!value) return std::nullopt;
    return static_cast<std::uint16_t>(*value);
}

}  // namespace anoman::config_reader
