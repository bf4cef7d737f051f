#include "sha256.hpp"

#include <openssl/evp.h>

#include <cctype>
#include <stdexcept>

namespace anoman::secrets {

Sha256Digest sha256(std::string_view data) {
    Sha256Digest digest{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
        length != digest.size())
        throw std::runtime_error("SHA-256 failed (libcrypto)");
    return digest;
}

std::string sha256_hex(std::string_view data) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    text.reserve(64);
    for (std::uint8_t byte : sha256(data)) {
        text.push_back(kDigits[byte >> 4]);
        text.push_back(kDigits[byte & 15]);
    }
    return text;
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (const char c : text)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
    // The length of a token hash is public (always 64); only the content is compared in constant time.
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace anoman::secrets
