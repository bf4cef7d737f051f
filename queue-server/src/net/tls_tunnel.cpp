// The tunnel (tls_tunnel.hpp): one Link per connection, relaying bytes
// between a plain TCP socket and a TLS stream, both directions at once.
#include "tls_tunnel.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/ssl.hpp>

namespace anoman::tls {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kHandshakeTimeout = std::chrono::seconds(10);

// One accepted connection and its partner on the other side.
class Link : public std::enable_shared_from_this<Link> {
public:
    // keep_alive: the tunnel's state (context, options) lives as long as its links.
    Link(tcp::socket accepted, ssl::context& context, const TunnelOptions& options, std::shared_ptr<const void> keep_alive)
        : keep_alive_(std::move(keep_alive)),
          options_(options),
          tls_(options.mode == TunnelOptions::Mode::server ? std::move(accepted) : tcp::socket(accepted.get_executor()),
               context),
          plain_(options.mode == TunnelOptions::Mode::server ? tcp::socket(tls_.get_executor()) : std::move(accepted)),
          timer_(tls_.get_executor()) {}

    void start() {
        // Nothing may hang: the TLS side has kHandshakeTimeout to connect and shake hands.
        timer_.expires_after(kHandshakeTimeout);
        timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (!ec && !self->relaying_) self->close("no TLS handshake within 10 s");
        });
        if (options_.mode == TunnelOptions::Mode::server) {
            tls_.async_handshake(ssl::stream_base::server, [self = shared_from_this()](boost::system::error_code ec) {
                if (ec) return self->close("TLS handshake failed: " + ec.message());
                self->connect_plain();
            });
        } else {
            connect_tls();
        }
    }

private:
    // Server end: the queue-server behind us.
    void connect_plain() {
        plain_.async_connect(tcp::endpoint(asio::ip::make_address(options_.target_host), options_.target_port),
                             [self = shared_from_this()](boost::system::error_code ec) {
                                 if (ec) return self->close("cannot reach the queue-server: " + ec.message());
                                 self->relay();
                             });
    }

    // Client end: the TLS server end, whose certificate must match the pin.
    void connect_tls() {
        auto resolver = std::make_shared<tcp::resolver>(tls_.get_executor());
        resolver->async_resolve(
            options_.target_host, std::to_string(options_.target_port),
            [self = shared_from_this(), resolver](boost::system::error_code ec, tcp::resolver::results_type results) {
                if (ec) return self->close("cannot resolve " + self->options_.target_host + ": " + ec.message());
                asio::async_connect(self->tls_.lowest_layer(), results,
                                    [self](boost::system::error_code connect_ec, const tcp::endpoint&) {
                                        if (connect_ec) return self->close("cannot connect: " + connect_ec.message());
                                        self->handshake_client();
                                    });
            });
    }

    void handshake_client() {
        const std::string pin = options_.pin;
        tls_.set_verify_mode(ssl::verify_peer);
        tls_.set_verify_callback([pin](bool, ssl::verify_context& context) {
            X509_STORE_CTX* store = context.native_handle();
            // No certificate authority: the pin on the server's own certificate decides.
            if (X509_STORE_CTX_get_error_depth(store) > 0) return true;
            X509* cert = X509_STORE_CTX_get_current_cert(store);
            unsigned char digest[EVP_MAX_MD_SIZE];
            unsigned length = 0;
            if (!cert || X509_digest(cert, EVP_sha256(), digest, &length) != 1) return false;
            static constexpr char kDigits[] = "0123456789abcdef";
            std::string seen;
            for (unsigned i = 0; i < length; ++i) {
                seen.push_back(kDigits[digest[i] >> 4]);
                seen.push_back(kDigits[digest[i] & 15]);
            }
            if (seen != pin) spdlog::error("the server's certificate {} does not match the pin; refused", seen);
            return seen == pin;
        });
        tls_.async_handshake(ssl::stream_base::client, [self = shared_from_this()](boost::system::error_code ec) {
            if (ec) return self->close("TLS handshake failed: " + ec.message());
            self->relay();
        });
    }

    void relay() {
        relaying_ = true;
        timer_.cancel();
        boost::system::error_code ignored;
        tls_.lowest_layer().set_option(tcp::no_delay(true), ignored);
        tls_.lowest_layer().set_option(asio::socket_base::keep_alive(true), ignored);
        plain_.set_option(tcp::no_delay(true), ignored);
        plain_.set_option(asio::socket_base::keep_alive(true), ignored);
        pump(tls_, plain_, from_tls_);
        pump(plain_, tls_, from_plain_);
    }

    // Reads from `from` and writes to `to` until either side ends; then both close.
    template <typename From, typename To>
    void pump(From& from, To& to, std::array<char, 16384>& buffer) {
        from.async_read_some(asio::buffer(buffer), [self = shared_from_this(), &from, &to,
                                                    &buffer](boost::system::error_code ec, std::size_t bytes) {
            if (ec) return self->close({});
            asio::async_write(to, asio::buffer(buffer.data(), bytes),
                              [self, &from, &to, &buffer](boost::system::error_code write_ec, std::size_t) {
                                  if (write_ec) return self->close({});
                                  self->pump(from, to, buffer);
                              });
        });
    }

    void close(const std::string& why) {
        if (closed_) return;
        closed_ = true;
        if (!why.empty()) spdlog::warn("tunnel connection closed: {}", why);
        boost::system::error_code ignored;
        timer_.cancel();
        tls_.lowest_layer().close(ignored);
        plain_.close(ignored);
    }

    std::shared_ptr<const void> keep_alive_;
    const TunnelOptions& options_;
    ssl::stream<tcp::socket> tls_;
    tcp::socket plain_;
    asio::steady_timer timer_;
    std::array<char, 16384> from_tls_{}, from_plain_{};
    bool relaying_ = false;
    bool closed_ = false;
};

}  // namespace

struct Tunnel::Impl : std::enable_shared_from_this<Tunnel::Impl> {
    Impl(asio::io_context& io, const TunnelOptions& tunnel_options)
        : options(tunnel_options), context(ssl::context::tls), acceptor(io) {}

    void accept() {
        acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
            if (!ec) std::make_shared<Link>(std::move(socket), self->context, self->options, self)->start();
            self->accept();
        });
    }

    TunnelOptions options;
    ssl::context context;
    tcp::acceptor acceptor;
};

Tunnel::Tunnel(asio::io_context& io, const TunnelOptions& options) : impl_(std::make_shared<Impl>(io, options)) {
    SSL_CTX_set_min_proto_version(impl_->context.native_handle(), TLS1_2_VERSION);
    if (options.mode == TunnelOptions::Mode::server) {
        boost::system::error_code ec;
        impl_->context.use_certificate_chain_file(options.cert_file, ec);
        if (ec) throw std::runtime_error("cannot use the certificate " + options.cert_file + ": " + ec.message());
        impl_->context.use_private_key_file(options.key_file, ssl::context::pem, ec);
        if (ec) throw std::runtime_error("cannot use the key " + options.key_file + ": " + ec.message());
    } else {
        impl_->options.pin = normalize_pin(options.pin);
    }
    tcp::endpoint endpoint(asio::ip::make_address(options.listen_host), options.listen_port);
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen();
}

Tunnel::~Tunnel() { stop(); }

tcp::endpoint Tunnel::local_endpoint() const { return impl_->acceptor.local_endpoint(); }

void Tunnel::start() { impl_->accept(); }

void Tunnel::stop() {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
}

}  // namespace anoman::tls
