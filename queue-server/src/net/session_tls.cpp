// A session on the TLS port (listen.tls, docs/protocol.md "TLS"): the first
// byte tells a TLS client (a handshake record, 0x16) from a plain one (a JSON
// hello). A TLS client shakes hands, then speaks the protocol inside TLS; a
// plain client gets the protocol's error line in plain text, so it says why
// instead of hanging. Either way the connection holds its place in the gate
// as one without hello, under the same hello timeout (session.cpp).
#include <spdlog/spdlog.h>

#include "server.hpp"
#include "session.hpp"

namespace anoman::server {

namespace {
constexpr unsigned char kTlsHandshakeRecord = 0x16;
}  // namespace

void Session::start_tls() {
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
        if (self->stopped_) return;
        if (ec) {
            self->stop();
            return;
        }
        self->on_first_byte();
    });
}

void Session::on_first_byte() {
    unsigned char first = 0;
    boost::system::error_code ec;
    const std::size_t peeked = socket_.receive(asio::buffer(&first, 1), tcp::socket::message_peek, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
        start_tls();
        return;
    }
    if (ec || peeked == 0) {  // closed before a byte
        stop();
        return;
    }
    if (first == kTlsHandshakeRecord) {
        start_handshake();
        return;
    }
    // A plain client: this one connection speaks plain text for its refusal.
    // What it sent (its hello) is read and dropped first: closing a socket
    // with unread bytes resets it, and the client might lose the error line.
    // (Bounded: a client that keeps sending is not read forever.)
    char discard[4096];
    for (int i = 0; i < 16 && socket_.read_some(asio::buffer(discard), ec) > 0 && !ec; ++i) {
    }
    tls_.reset();
    handshake_done_ = true;
    const std::string why = "this port speaks TLS: connect with --tls-pin (the server certificate's SHA-256)";
    server_.hello_refused(*this, "", false, "unauthorized", why);
    refuse(proto::ErrorCode::unauthorized, why);
}

void Session::start_handshake() {
    tls_->async_handshake(asio::ssl::stream_base::server, [self = shared_from_this()](boost::system::error_code ec) {
        if (self->stopped_) return;
        if (ec) {
            self->server_.note_refusal(self->address_, "closed: TLS handshake failed: " + ec.message());
            self->stop();
            return;
        }
        self->handshake_done_ = true;
        self->do_read();
    });
}

}  // namespace anoman::server
