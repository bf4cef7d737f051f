// Who may connect (network thread only). Before this gate, 8,300 idle
// connections from one machine filled the server's cap and every kiosk,
// counter and display was refused. Now a source address holds at most a few
// connections that have not said hello (a new one closes its oldest), and
// such connections together may use only half of the cap, so devices that
// did say hello always find room.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <utility>

#include <boost/asio/ip/address.hpp>

namespace anoman::server {

class ConnectionGate {
public:
    using Address = boost::asio::ip::address;
    // A device opens one connection (two while a reconnect overlaps the old
    // one's close) and says hello within milliseconds (a TLS handshake first on
    // a TLS port, under the same timeout); a NAT or a proxy puts several devices
    // behind one address, and they may all reconnect at once after a network cut. 64
    // covers those; one machine holding thousands is a flood. Past it the
    // address's oldest connection without hello is closed rather than the new
    // one refused: a device behind the same address as a flood still gets in.
    static constexpr std::size_t kMaxUnauthenticatedPerAddress = 64;
    // Connections without hello may use at most this share of the cap (1/2):
    // the other half stays for devices that said hello.
    static constexpr std::size_t kUnauthenticatedShareDivisor = 2;

    enum class Verdict { admit, admit_closing_oldest, unauthenticated_full, full };
    struct Admission {
        Verdict verdict = Verdict::admit;
        std::weak_ptr<void> close;  // admit_closing_oldest: the connection to close
    };

    explicit ConnectionGate(std::size_t max_connections) : max_(max_connections) {}

    // A new connection (connection: its session), counted as not having said hello if admitted.
    Admission admit(const Address& address, const std::shared_ptr<void>& connection);
    // Its hello was accepted.
    void authenticated(const Address& address, const void* connection);
    // It closed (authenticated: whether its hello had been accepted).
    void closed(const Address& address, const void* connection, bool authenticated);

    std::size_t unauthenticated() const { return unauthenticated_; }
    std::size_t total() const { return unauthenticated_ + authenticated_; }
    std::size_t unauthenticated_from(const Address& address) const;

private:
    bool forget(const Address& address, const void* connection);

    std::size_t max_;
    std::size_t unauthenticated_ = 0;
    std::size_t authenticated_ = 0;
    // Connections without hello by address, oldest first (only addresses with some).
    std::map<Address, std::deque<std::pair<const void*, std::weak_ptr<void>>>> waiting_;
};

const char* to_string(ConnectionGate::Verdict verdict);

}  // namespace anoman::server
