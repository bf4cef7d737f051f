// The client end of the protocol's TLS (docs/protocol.md "TLS"), shared by
// Client and SyncConnection: a context that trusts no certificate authority,
// and a stream that accepts only the server certificate whose SHA-256 is the
// pin. Private to common/src; GUI code never sees Asio or OpenSSL.
#pragma once

#include <openssl/x509.h>

#include <memory>
#include <string>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp needs std::exchange

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

namespace anoman::tls {

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>;

// SHA-256 of cert's DER encoding as 64 lower-case hex digits ("" if none) (tls_cert.cpp).
std::string certificate_fingerprint(X509* cert);

// TLS 1.2 or later; the pin, not a certificate authority, decides.
std::unique_ptr<boost::asio::ssl::context> client_context();

// The pin a connection checks against, and what the server showed (for the error).
struct PinCheck {
    std::string pin;   // normalised (normalize_pin)
    std::string seen;  // the server certificate's fingerprint, once the handshake saw it
};

// Makes stream refuse any server certificate whose fingerprint is not check->pin.
void pin_server_certificate(TlsStream& stream, const std::shared_ptr<PinCheck>& check);

// Words for a failed handshake a technician can act on: a wrong certificate
// names both fingerprints; a server that answers in plain text says so.
std::string handshake_failure(const boost::system::error_code& ec, const PinCheck& check);

// The peer closed without a TLS close_notify (a server closes that way after
// its error line): the same as a plain end of stream.
bool is_end_of_stream(const boost::system::error_code& ec);

// Runs f on the connection's stream: the TLS stream when there is one, else the socket.
template <typename F>
void with_stream(boost::asio::ip::tcp::socket& socket, const std::unique_ptr<TlsStream>& tls, F&& f) {
    if (tls) f(*tls);
    else f(socket);
}

}  // namespace anoman::tls
