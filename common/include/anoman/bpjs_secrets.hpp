// The BPJS consumer secret and user key, read from their files at start.
// A file readable by group or others is refused: the secret signs every call
// the hospital makes to BPJS. Nothing here ever puts a secret in a message.
#pragma once

#include <string>

#include "anoman/config.hpp"

namespace anoman {

struct BpjsCredentials {
    std::string cons_id;
    std::string secret;
    std::string user_key;
};

// One line; a trailing "\n" (or "\r\n") is ignored. Throws ConfigError naming
// the file (never its content) when it cannot be read, is empty, holds more
// than one line, or is readable by group or others.
std::string read_secret_file(const std::string& path, const std::string& what);
// The permission check alone, for secrets that are not one line (the TLS
// key): throws ConfigError naming what and path unless it is a regular file
// with no group or other permission bits.
void check_owner_only(const std::string& path, const std::string& what);
BpjsCredentials load_bpjs_credentials(const BpjsConfig& config);

}  // namespace anoman
