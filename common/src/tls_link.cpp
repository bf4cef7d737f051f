#include "tls_link.hpp"

#include <openssl/ssl.h>

namespace anoman::tls {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> client_context() {
    auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    context->set_options(ssl::context::no_compression);
    context->set_verify_mode(ssl::verify_peer);
    return context;
}

void pin_server_certificate(TlsStream& stream, const std::shared_ptr<PinCheck>& check) {
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback([check](bool, ssl::verify_context& context) {
        X509_STORE_CTX* store = context.native_handle();
        // No certificate authority: only the server's own certificate (depth 0)
        // is judged, by its pin, whatever signed it.
        if (X509_STORE_CTX_get_error_depth(store) > 0) return true;
        check->seen = certificate_fingerprint(X509_STORE_CTX_get_current_cert(store));
        return !check->seen.empty() && check->seen == check->pin;
    });
}

std::string handshake_failure(const boost::system::error_code& ec, const PinCheck& check) {
    if (!check.seen.empty() && check.seen != check.pin)
        return "TLS: the server's certificate has SHA-256 " + check.seen + ", not the pinned " + check.pin +
               "; refused (a wrong --tls-pin, or not our server)";
    if (ec.category() == boost::asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_WRONG_VERSION_NUMBER)
        return "TLS handshake failed: the server does not speak TLS on this port (plain TCP? drop --tls-pin)";
    if (is_end_of_stream(ec)) return "TLS handshake failed: the server closed the connection";
    return "TLS handshake failed: " + ec.message();
}

bool is_end_of_stream(const boost::system::error_code& ec) {
    return ec == boost::asio::error::eof || ec == ssl::error::stream_truncated;
}

}  // namespace anoman::tls
