// Certificates for the protocol's optional TLS (docs/protocol.md "TLS"): the
// server holds a certificate (self-signed is fine), every client pins its
// SHA-256 fingerprint and refuses any other, so no certificate authority is
// involved. `queuectl tls-cert` makes one and prints its pin.
#pragma once

#include <string>

namespace anoman::tls {

// "ab:CD:..." or "abcd..." -> 64 lower-case hex digits; throws std::invalid_argument.
std::string normalize_pin(const std::string& text);
// SHA-256 of the certificate's DER encoding, as 64 lower-case hex digits.
// Throws std::runtime_error when the file holds no PEM certificate.
std::string certificate_fingerprint(const std::string& pem_file);
// A new P-256 key (created mode 0600) and a self-signed certificate for it;
// returns the certificate's fingerprint (its pin). Throws std::runtime_error.
std::string make_self_signed(const std::string& cert_file, const std::string& key_file, const std::string& common_name,
                             int days);

}  // namespace anoman::tls
