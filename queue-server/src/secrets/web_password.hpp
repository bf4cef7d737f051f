// Dashboard passwords: Argon2id through libsodium's crypto_pwhash_str
// (interactive limits: about 0.1 s and 64 MiB per hash). queuectl hashes, the
// server only verifies, so a password never crosses the protocol's wire.
#pragma once

#include <string>

namespace anoman::secrets {

// The encoded hash ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"). Throws std::runtime_error.
std::string hash_password(const std::string& password);
// Constant work whatever the answer; false for a malformed hash too.
bool verify_password(const std::string& encoded_hash, const std::string& password);

}  // namespace anoman::secrets
