// The cryptography of BPJS's web services (BPJS-ANTREAN.md part 2 section 1),
// on OpenSSL's libcrypto: the X-signature of every request, and the
// decryption of encrypted responses (AES-256-CBC with a key from SHA-256 of
// consId + secret + the request's own timestamp, then LZ-string).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace anoman::bpjs {

// A response that cannot be decrypted or decoded. The message says what went
// wrong (bad base64, wrong padding: a wrong key or timestamp) and never holds
// a key or the secret.
class CryptoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string base64_encode(const std::string& bytes);
// Standard alphabet with padding; nullopt for anything else.
std::optional<std::string> base64_decode(const std::string& text);

std::array<unsigned char, 32> sha256(const std::string& bytes);
std::string hmac_sha256(const std::string& key, const std::string& message);  // raw 32 bytes

// X-signature: Base64(HMAC-SHA256(key = secret, message = consId + "&" + timestamp)).
std::string signature(const std::string& cons_id, const std::string& secret, std::int64_t timestamp);

// AES-256-CBC with PKCS#7 padding; the key is 32 bytes, the IV its first 16.
std::string aes256_cbc_encrypt(const std::string& plain, const std::array<unsigned char, 32>& key);
std::string aes256_cbc_decrypt(const std::string& cipher, const std::array<unsigned char, 32>& key);  // CryptoError

// The key for one request: SHA-256(consId + secret + timestamp).
std::array<unsigned char, 32> response_key(const std::string& cons_id, const std::string& secret, std::int64_t timestamp);

// base64 -> AES-256-CBC -> LZ-string decompressFromEncodedURIComponent.
std::string decrypt_response(const std::string& cons_id, const std::string& secret, std::int64_t timestamp,
                             const std::string& response);  // CryptoError
// The reverse, for the test stub: LZ-string -> AES-256-CBC -> base64.
std::string encrypt_response(const std::string& cons_id, const std::string& secret, std::int64_t timestamp,
                             const std::string& plain);

}  // namespace anoman::bpjs
