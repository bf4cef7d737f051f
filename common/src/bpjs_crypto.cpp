#include "anoman/bpjs_crypto.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <memory>

#include "anoman/lz_string.hpp"

namespace anoman::bpjs {
namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

bool base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

std::string aes_run(const std::string& input, const std::array<unsigned char, 32>& key, bool encrypt) {
    CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) throw CryptoError("out of memory for a cipher context");
    const unsigned char* iv = key.data();  // the IV is the key's first 16 bytes (part 2 section 1)
    if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv, encrypt ? 1 : 0) != 1)
        throw CryptoError("AES-256-CBC could not start");
    std::string out(input.size() + 32, '\0');
    int written = 0;
    int final_written = 0;
    auto* out_bytes = reinterpret_cast<unsigned char*>(out.data());
    if (EVP_CipherUpdate(ctx.get(), out_bytes, &written, reinterpret_cast<const unsigned char*>(input.data()),
                         static_cast<int>(input.size())) != 1)
        throw CryptoError("AES-256-CBC failed");
    // EVP checks and strips the PKCS#7 padding (pitfall 7): bad padding is a wrong key.
    if (EVP_CipherFinal_ex(ctx.get(), out_bytes + written, &final_written) != 1)
        throw CryptoError(encrypt ? "AES-256-CBC failed"
                                  : "AES-256-CBC padding is wrong: the key (consId, secret or timestamp) does not match");
    out.resize(static_cast<std::size_t>(written) + static_cast<std::size_t>(final_written));
    return out;
}

}  // namespace

std::string base64_encode(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

std::optional<std::string> base64_decode(const std::string& text) {
    // EVP_DecodeBlock accepts sloppy input and keeps the padding's zero bytes: check first.
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=') {
            if (i + 2 < text.size()) return std::nullopt;  // '=' only in the last two places
            ++padding;
        } else if (padding > 0 || !base64_char(c)) {
            return std::nullopt;
        }
    }
    std::string out(text.size() / 4 * 3, '\0');
    if (text.empty()) return out;
    const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (length < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

std::array<unsigned char, 32> sha256(const std::string& bytes) {
    std::array<unsigned char, 32> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
    return digest;
}

std::string hmac_sha256(const std::string& key, const std::string& message) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
              message.size(), digest, &length))
        throw CryptoError("HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string signature(const std::string& cons_id, const std::string& secret, std::int64_t timestamp) {
    return base64_encode(hmac_sha256(secret, cons_id + "&" + std::to_string(timestamp)));
}

std::string aes256_cbc_encrypt(const std::string& plain, const std::array<unsigned char, 32>& key) {
    return aes_run(plain, key, true);
}

std::string aes256_cbc_decrypt(const std::string& cipher, const std::array<unsigned char, 32>& key) {
    if (cipher.empty() || cipher.size() % 16 != 0)
        throw CryptoError("the encrypted response is " + std::to_string(cipher.size()) +
                          " bytes, not a whole number of AES blocks");
    return aes_run(cipher, key, false);
}

std::array<unsigned char, 32> response_key(const std::string& cons_id, const std::string& secret, std::int64_t timestamp) {
    return sha256(cons_id + secret + std::to_string(timestamp));
}

std::string decrypt_response(const std::string& cons_id, const std::string& secret, std::int64_t timestamp,
                             const std::string& response) {
    auto cipher = base64_decode(response);
    if (!cipher) throw CryptoError("the encrypted response is not base64");
    const std::string compressed = aes256_cbc_decrypt(*cipher, response_key(cons_id, secret, timestamp));
    auto plain = lz::decompress_from_encoded_uri_component(compressed);
    if (!plain)
        throw CryptoError("the decrypted response is not LZ-string text: the key (consId, secret or timestamp) does not match");
    return *plain;
}

std::string encrypt_response(const std::string& cons_id, const std::string& secret, std::int64_t timestamp,
                             const std::string& plain) {
    return base64_encode(
        aes256_cbc_encrypt(lz::compress_to_encoded_uri_component(plain), response_key(cons_id, secret, timestamp)));
}

}  // namespace anoman::bpjs
