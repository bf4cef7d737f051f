// Optional TLS for the queue protocol, as a tunnel on each end (the manner of
// stunnel, with certificate pinning built in), so that no program changes:
//
//   kiosk PC                                        server PC
//   kiosk -> 127.0.0.1:7700 [si-anoman-tls client] ==TLS==> [si-anoman-tls server] :7701 -> queue-server 127.0.0.1:7700
//
// The server end holds a certificate (self-signed is fine: `si-anoman-tls cert`
// makes one); the client end pins its SHA-256 fingerprint and refuses any
// other certificate, so no certificate authority is involved. TLS 1.2 at
// least. Bytes are relayed unchanged in both directions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio.hpp>

namespace anoman::tls {

struct TunnelOptions {
    enum class Mode { server, client };
    Mode mode = Mode::server;
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 0;
    std::string target_host = "127.0.0.1";  // server: the queue-server; client: the TLS server end
    std::uint16_t target_port = 7700;
    std::string cert_file;  // server mode
    std::string key_file;   // server mode
    std::string pin;        // client mode: SHA-256 of the server certificate (hex, colons allowed)
};

class Tunnel {
public:
    // Binds and listens; throws std::runtime_error (unreadable certificate, bad pin, address in use).
    Tunnel(boost::asio::io_context& io, const TunnelOptions& options);
    ~Tunnel();
    boost::asio::ip::tcp::endpoint local_endpoint() const;
    void start();
    void stop();

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

// "ab:CD:..." or "abcd..." -> 64 lower-case hex digits; throws std::invalid_argument.
std::string normalize_pin(const std::string& text);
// SHA-256 of the certificate's DER encoding, as 64 lower-case hex digits.
std::string certificate_fingerprint(const std::string& pem_file);
// A new P-256 key (mode 0600) and a self-signed certificate for it; returns the fingerprint.
std::string make_self_signed(const std::string& cert_file, const std::string& key_file, const std::string& common_name,
                             int days);

}  // namespace anoman::tls
