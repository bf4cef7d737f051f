#include "tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "anoman/bpjs_secrets.hpp"

namespace anoman::server {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_server_tls_context(const ListenTlsConfig& tls) {
    // The key decides who can pose as this server: owner-only, like the BPJS secret.
    check_owner_only(tls.key_file, "listen.tls.key_file");
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    SSL_CTX* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
    boost::system::error_code ec;
    context->use_certificate_chain_file(tls.cert_file, ec);
    if (ec) throw ConfigError("listen.tls.cert_file " + tls.cert_file + ": not a readable PEM certificate (" + ec.message() + ")");
    context->use_private_key_file(tls.key_file, ssl::context::pem, ec);
    // OpenSSL 3 already compares the key with the certificate while loading it.
    if (ec && ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH)
        throw ConfigError("listen.tls.key_file " + tls.key_file + ": does not belong to the certificate " + tls.cert_file);
    if (ec) throw ConfigError("listen.tls.key_file " + tls.key_file + ": not a readable PEM private key (" + ec.message() + ")");
    if (SSL_CTX_check_private_key(native) != 1)
        throw ConfigError("listen.tls.key_file " + tls.key_file + ": does not belong to the certificate " + tls.cert_file);
    return context;
}

}  // namespace anoman::server
