// Who may connect (network thread only). Before this gate, 8,300 idle
// connections from one machine filled the server's cap and every kiosk,
// counter and display was refused. Now a source address may hold only a few
// connections that have not said hello, and such connections together may
// use only part of the cap, so devices that did say hello always find room.
#pragma once

#include <cstddef>
#include <map>

#include <boost/asio/ip/address.hpp>

namespace anoman::server {

class ConnectionGate {
public:
    using Address = boost::asio::ip::address;
    // A device opens one connection (two while a reconnect overlaps the old
    // one's close) and says hello within milliseconds; a TLS tunnel or a NAT in
    // front of several devices needs a few more at the same moment. 16 covers
    // those; one machine holding hundreds is a flood.
    static constexpr int kMaxUnauthenticatedPerAddress = 16;
    // Connections without hello may use at most this share of the cap (1/2):
    // the other half stays for devices that said hello.
    static constexpr std::size_t kUnauthenticatedShareDivisor = 2;

    enum class Verdict { admit, address_full, unauthenticated_full, full };

    explicit ConnectionGate(std::size_t max_connections) : max_(max_connections) {}

    // A new connection: admit counts it as not having said hello.
    Verdict admit(const Address& address);
    // Its hello was accepted.
    void authenticated(const Address& address);
    // It closed (authenticated: whether its hello had been accepted).
    void closed(const Address& address, bool authenticated);

    std::size_t unauthenticated() const { return unauthenticated_; }
    std::size_t total() const { return unauthenticated_ + authenticated_; }
    int unauthenticated_from(const Address& address) const;

private:
    void forget_one(const Address& address);

    std::size_t max_;
    std::size_t unauthenticated_ = 0;
    std::size_t authenticated_ = 0;
    std::map<Address, int> unauthenticated_by_address_;  // only addresses with some
};

const char* to_string(ConnectionGate::Verdict verdict);

}  // namespace anoman::server
