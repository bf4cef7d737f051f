// How the configuration files are read: the protocol's one path-aware reader
// (proto::find_field, require_string, string_list: "services[2]: expected
// string"), its errors thrown as ConfigError, plus what only a configuration
// needs: unknown keys refused by name and numbers held to a range. Shared by
// config.cpp, config_bpjs.cpp and config_jkn.cpp; not part of the library's
// interface.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "anoman/config.hpp"
#include "anoman/protocol.hpp"

namespace anoman::config_reader {

using proto::Json;

[[noreturn]] void fail(const std::string& path, const std::string& what);
// "path.key", or "key" at the top.
std::string at(const std::string& path, const std::string& key);
// Only these keys; any other is "path.key: unknown key". obj must be an object.
void only_keys(const Json& obj, const std::string& path, std::initializer_list<const char*> allowed);
// The field, or nullptr when absent or null.
const Json* find(const Json& obj, const std::string& path, const std::string& key);

// A string; fallback when absent (required: "missing").
std::string text(const Json& obj, const std::string& path, const std::string& key, bool required,
                 const std::string& fallback = {});
// A required string that is not empty.
std::string nonempty(const Json& obj, const std::string& path, const std::string& key);
// A list of strings (absent: empty, or "missing" when required).
std::vector<std::string> string_list(const Json& obj, const std::string& path, const std::string& key,
                                     bool required);
// A required array.
const Json& array(const Json& obj, const std::string& path, const std::string& key);
// A whole number from min to max, or nullopt when absent; what: the refusal's words.
std::optional<std::int64_t> whole_number(const Json& obj, const std::string& path, const std::string& key,
                                         std::int64_t min, std::int64_t max, const std::string& what);
// Any number from min to max, or nullopt when absent.
std::optional<double> number(const Json& obj, const std::string& path, const std::string& key, double min,
                             double max, const std::string& what);
// A listen block's port (0 to 65535), or nullopt when absent.
std::optional<std::uint16_t> port(const Json& obj, const std::string& path);

}  // namespace anoman::config_reader
