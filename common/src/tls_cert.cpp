// Certificates for the protocol's TLS (anoman/tls_cert.hpp): fingerprints
// (what clients pin) and a self-signed certificate for the server, with OpenSSL 3.
#include "anoman/tls_cert.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace anoman::tls {
namespace {

struct FileCloser {
    void operator()(std::FILE* file) const {
        if (file) std::fclose(file);
    }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string hex(const unsigned char* data, unsigned length) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    for (unsigned i = 0; i < length; ++i) {
        text.push_back(kDigits[data[i] >> 4]);
        text.push_back(kDigits[data[i] & 15]);
    }
    return text;
}

}  // namespace

std::string normalize_pin(const std::string& text) {
    std::string pin;
    for (char c : text) {
        if (c == ':') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            throw std::invalid_argument("the pin must be the SHA-256 fingerprint: 64 hexadecimal digits, colons allowed");
        pin.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (pin.size() != 64)
        throw std::invalid_argument("the pin must be the SHA-256 fingerprint: 64 hexadecimal digits, colons allowed");
    return pin;
}

std::string certificate_fingerprint(X509* cert) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (!cert || X509_digest(cert, EVP_sha256(), digest, &length) != 1) return {};
    return hex(digest, length);
}

std::string certificate_fingerprint(const std::string& pem_file) {
    File file(std::fopen(pem_file.c_str(), "r"));
    if (!file) throw std::runtime_error("cannot read the certificate " + pem_file);
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
    if (!cert) throw std::runtime_error(pem_file + " holds no PEM certificate");
    std::string pin = certificate_fingerprint(cert.get());
    if (pin.empty()) throw std::runtime_error("cannot hash " + pem_file);
    return pin;
}

std::string make_self_signed(const std::string& cert_file, const std::string& key_file, const std::string& common_name,
                             int days) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
    if (!key) throw std::runtime_error("cannot generate a key");
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;  // a positive serial number
    std::unique_ptr<BIGNUM, decltype(&BN_free)> number(BN_bin2bn(serial, sizeof serial, nullptr), &BN_free);
    X509_set_version(cert.get(), 2);
    BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("cannot sign the certificate");

    // The key is created 0600 from the start, never readable by others even
    // briefly; an existing file (a renewal) is made 0600 before it is written.
    const int key_fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (key_fd < 0 || ::fchmod(key_fd, 0600) != 0) {
        if (key_fd >= 0) ::close(key_fd);
        throw std::runtime_error("cannot write the key " + key_file);
    }
    File key_out(::fdopen(key_fd, "w"));
    if (!key_out) ::close(key_fd);
    if (!key_out || PEM_write_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw std::runtime_error("cannot write the key " + key_file);
    File cert_out(std::fopen(cert_file.c_str(), "w"));
    if (!cert_out || PEM_write_X509(cert_out.get(), cert.get()) != 1)
        throw std::runtime_error("cannot write the certificate " + cert_file);
    key_out.reset();
    cert_out.reset();
    return certificate_fingerprint(cert_file);
}

}  // namespace anoman::tls
