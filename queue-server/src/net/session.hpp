// One client connection (the Asio examples' session): start(), a read loop
// that frames lines, a bounded write queue, one stop() safe to call twice.
// Lives on the network thread only.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <string>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include "engine.hpp"
#include "engine_worker.hpp"
#include "line_framer.hpp"

namespace anoman::server {

class Server;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
public:
    // Unsent output beyond this disconnects the client (a subscriber that stopped reading).
    static constexpr std::size_t kMaxQueuedBytes = std::size_t{4} * 1024 * 1024;
    // Requests a connection may have in the engine at once; past it, reading pauses.
    static constexpr int kMaxInFlight = 64;
    static constexpr int kMaxJsonDepth = 32;
    // A TLS connection's own read buffer (a TLS record holds at most 16 KB).
    static constexpr std::size_t kTlsChunkBytes = 16384;

    // tls: the server's TLS context when the port speaks TLS (listen.tls), else null.
    Session(tcp::socket socket, Server& server, asio::ssl::context* tls);
    void start();
    void stop();

    // Sends a line (already with its '\n'); used for replies, events and heartbeats.
    void deliver(std::shared_ptr<const std::string> line);
    void deliver(const Json& message);

    // The engine's answer to this session's hello or request (network thread).
    void deliver_outcome(Outcome&& outcome, bool was_hello) { on_outcome(std::move(outcome), was_hello); }
    // Nothing in flight and nothing left to write (for a clean shutdown).
    bool idle() const { return in_flight_ == 0 && !hello_pending_ && write_queue_.empty() && !writing_; }
    bool subscribed() const { return subscribed_; }
    std::int64_t last_seq_sent() const { return last_seq_sent_; }
    void note_seq_sent(std::int64_t seq) { last_seq_sent_ = seq; }
    std::chrono::steady_clock::time_point last_write() const { return last_write_; }
    const Caller* caller() const { return ready_ ? &caller_ : nullptr; }
    std::string remote() const { return remote_; }
    const asio::ip::address& address() const { return address_; }
    bool authenticated() const { return ready_; }
    // Marks the connection's jobs in the engine queue: closed ones are dropped there.
    const std::shared_ptr<JobSource>& job_source() const { return source_; }
    // Sends an error line, then closes once it is written (a revoked device).
    void refuse_and_close(proto::ErrorCode code, const std::string& message) { refuse(code, message); }

private:
    void do_read();
    void on_read(boost::system::error_code ec, std::size_t bytes);
    void on_bytes(boost::system::error_code ec, const char* data, std::size_t bytes);
    // TLS port: a TLS client shakes hands, a plain one is told in plain text (tls_session.cpp).
    void start_tls();
    void on_first_byte();
    void start_handshake();
    template <typename Handler>
    void write_front(Handler&& handler);
    void process_lines();
    void handle_line(const std::string& line);
    void on_outcome(Outcome&& outcome, bool was_hello);
    void do_write();
    void refuse(proto::ErrorCode code, const std::string& message);
    void send_in_order(Json line);
    void refuse_slowly(std::chrono::steady_clock::duration delay);
    void account_unfinished_line();
    // bpjs.ref (session_bpjs.cpp): answered by the BPJS sender's thread, never the engine.
    void start_reference(const Json& request);
    void finish_reference(const Json& id, Json result);

    tcp::socket socket_;
    // TLS port only: the stream over socket_ and where its decrypted bytes land
    // (a plain connection reads into a buffer shared by all, see on_read).
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls_;
    std::unique_ptr<char[]> tls_chunk_;
    bool handshake_done_ = true;   // false on a TLS port until the handshake succeeded
    bool first_bytes_seen_ = false;  // plain port: a TLS hello as the first bytes is refused at once
    Server& server_;
    std::string remote_;
    asio::ip::address address_;
    std::shared_ptr<JobSource> source_ = std::make_shared<JobSource>();
    asio::steady_timer hello_timer_;
    LineFramer framer_{proto::kMaxLineBytes};
    std::size_t line_bytes_ = 0;  // unfinished-line bytes held against the server's LineBudget
    std::string hello_device_;    // the device the hello named (for the log)
    bool hello_is_guess_ = false; // a well-formed hello: its refusal is a failed guess
    bool reading_ = false;
    bool read_closed_ = false;
    bool stopped_ = false;
    bool ready_ = false;          // hello accepted
    bool hello_pending_ = false;  // hello sent to the engine, answer not back yet
    bool reference_pending_ = false;  // bpjs.ref at BPJS: later lines wait, so replies keep their order
    bool closing_ = false;        // close once the write queue is empty
    int in_flight_ = 0;
    Caller caller_;
    bool subscribed_ = false;
    std::int64_t last_seq_sent_ = 0;
    std::deque<std::shared_ptr<const std::string>> write_queue_;
    std::size_t queued_bytes_ = 0;
    std::size_t front_sent_ = 0;  // bytes of the front line already sent (a partial direct send)
    bool writing_ = false;
    std::chrono::steady_clock::time_point last_write_ = std::chrono::steady_clock::now();
};

}  // namespace anoman::server
