// SHA-256 through OpenSSL's libcrypto (EVP): the server keeps only the hashes
// of device tokens, and queuectl prints the hash of a token it generates. The
// test checks it against the NIST vectors.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace anoman::secrets {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view data);
// Lower-case hexadecimal of sha256(data): 64 characters.
std::string sha256_hex(std::string_view data);

// True for exactly 64 hexadecimal digits (either case).
bool is_sha256_hex(std::string_view text);
// Compares without an early exit, so the time taken does not tell an
// attacker how much of a guessed token matched.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace anoman::secrets
