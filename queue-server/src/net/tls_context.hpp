// The protocol port's optional TLS (docs/protocol.md "TLS"): the server's
// context from the configuration's listen.tls, checked at start like every
// secret. Clients pin the certificate's SHA-256, so a self-signed one is fine
// (`queuectl tls-cert` makes one).
#pragma once

#include <memory>

#include <boost/asio/ssl/context.hpp>

#include "anoman/config.hpp"

namespace anoman::server {

// TLS 1.2 or later, no renegotiation, no session cache (a device reconnects
// rarely; a flood must not fill a cache). Throws ConfigError naming the file
// when the key is readable by group or others, a file cannot be read, or the
// key does not belong to the certificate.
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const ListenTlsConfig& tls);

}  // namespace anoman::server
