#include "session.hpp"

#include <spdlog/spdlog.h>

#include "anoman/json_depth.hpp"
#include "server.hpp"

namespace anoman::server {

using proto::ErrorCode;

Session::Session(tcp::socket socket, Server& server, asio::ssl::context* tls)
    : socket_(std::move(socket)), server_(server), hello_timer_(socket_.get_executor()) {
    if (tls) {
        tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, *tls);
        tls_chunk_ = std::make_unique<char[]>(kTlsChunkBytes);
        handshake_done_ = false;
    }
    boost::system::error_code ec;
    auto endpoint = socket_.remote_endpoint(ec);
    remote_ = ec ? "?" : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    if (!ec) address_ = endpoint.address();
    socket_.set_option(tcp::no_delay(true), ec);
    // Reads wait for readability, then read into one buffer shared by all
    // connections (read_some below): no 16 KB buffer per idle connection.
    socket_.non_blocking(true, ec);
    // Keepalive finds peers that vanished (a display unplugged) without a FIN.
    socket_.set_option(asio::socket_base::keep_alive(true), ec);
}

void Session::start() {
    // A client has kHelloTimeoutSeconds to say hello.
    hello_timer_.expires_after(std::chrono::seconds(proto::kHelloTimeoutSeconds));
    // On a TLS port the handshake must also be done within that time: a slow or
    // garbage handshake holds its place in the connection gate no longer.
    hello_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        // A hello that arrived in time but waits for the engine is not a missing hello.
        if (ec || self->ready_ || self->hello_pending_ || self->stopped_) return;
        if (!self->handshake_done_) {
            self->server_.note_refusal(self->address_, "closed: no TLS handshake within " +
                                                           std::to_string(proto::kHelloTimeoutSeconds) + " s");
            self->stop();
            return;
        }
        const std::string why = "no hello within " + std::to_string(proto::kHelloTimeoutSeconds) + " s";
        self->server_.hello_refused(*self, "", false, "unauthorized", why);
        self->refuse(ErrorCode::unauthorized, why);
    });
    if (tls_) start_tls();
    else do_read();
}

void Session::stop() {
    if (stopped_) return;
    stopped_ = true;
    boost::system::error_code ec;
    hello_timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    source_->closed = true;  // its jobs still queued in the engine are dropped
    write_queue_.clear();
    queued_bytes_ = 0;
    server_.line_budget().update(line_bytes_, 0);
    server_.remove(this);
}

void Session::do_read() {
    if (!handshake_done_ || reading_ || read_closed_ || stopped_ || closing_ || server_.shutting_down()) return;
    if (in_flight_ >= kMaxInFlight || hello_pending_ || reference_pending_) return;  // resumes when answers come back
    reading_ = true;
    if (tls_) {
        tls_->async_read_some(asio::buffer(tls_chunk_.get(), kTlsChunkBytes),
                              [self = shared_from_this()](boost::system::error_code ec, std::size_t bytes) {
                                  self->reading_ = false;
                                  if (self->stopped_) return;
                                  self->on_bytes(ec, self->tls_chunk_.get(), bytes);
                              });
        return;
    }
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
        self->on_read(ec, 0);
    });
}

void Session::on_read(boost::system::error_code ec, std::size_t) {
    reading_ = false;
    if (stopped_) return;
    // One chunk at a time; the framer bounds what we keep. The network thread
    // runs one handler at a time, so one buffer serves every connection.
    static thread_local char chunk[16384];
    std::size_t bytes = 0;
    if (!ec) bytes = socket_.read_some(asio::buffer(chunk), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
        do_read();
        return;
    }
    on_bytes(ec, chunk, bytes);
}

void Session::on_bytes(boost::system::error_code ec, const char* data, std::size_t bytes) {
    if (ec) {
        // EOF: the client is done sending; answers still in flight are sent, then we close.
        read_closed_ = true;
        if (in_flight_ == 0 && !hello_pending_ && write_queue_.empty()) stop();
        else closing_ = true;
        return;
    }
    if (!first_bytes_seen_ && bytes > 0) {
        first_bytes_seen_ = true;
        // A TLS client on the plain port (its record type 0x16 can never start
        // a hello line): told at once, not after the hello timeout.
        if (!tls_ && static_cast<unsigned char>(data[0]) == 0x16) {
            const std::string why = "this port speaks plain TCP, not TLS: connect without --tls-pin";
            server_.hello_refused(*this, "", false, "unauthorized", why);
            refuse(ErrorCode::unauthorized, why);
            return;
        }
    }
    framer_.append(data, bytes);
    process_lines();
    account_unfinished_line();
    do_read();
}

void Session::account_unfinished_line() {
    if (stopped_) return;
    framer_.release_spare();
    if (server_.line_budget().update(line_bytes_, framer_.buffered())) return;
    // Past the server's budget for unfinished lines (line_budget.hpp): this
    // connection goes, the others keep theirs.
    server_.note_refusal(address_, "closed: its unfinished line is past the server's budget for unfinished lines");
    refuse(ErrorCode::rate_limited, "the server holds too many unfinished lines; send whole lines");
}

void Session::process_lines() {
    std::string line;
    while (!stopped_ && !closing_ && !hello_pending_ && !reference_pending_ && in_flight_ < kMaxInFlight) {
        auto result = framer_.next(line);
        if (result == LineFramer::Result::need_more) return;
        if (result == LineFramer::Result::too_long) {
            refuse(ErrorCode::line_too_long,
                   "a line may be at most " + std::to_string(proto::kMaxLineBytes) + " bytes, newline included");
            return;
        }
        handle_line(line);
    }
}

void Session::handle_line(const std::string& line) {
    Json message = Json::value_t::discarded;
    if (proto::nesting_within(line, kMaxJsonDepth)) message = Json::parse(line, nullptr, false);

    if (!ready_) {
        // Before the handshake only a hello is accepted; the engine judges it.
        if (message.is_discarded() || !message.is_object()) {
            server_.hello_refused(*this, "", false, "unauthorized", "the first line must be a valid hello");
            refuse(ErrorCode::unauthorized, "the first line must be a valid hello");
            return;
        }
        const auto device = message.find("device");
        hello_device_ = device != message.end() && device->is_string() ? device->get<std::string>().substr(0, 64) : "";
        try {
            hello_is_guess_ = message.value("type", Json()) == proto::Hello::kType && (message.get<proto::Hello>(), true);
        } catch (const std::exception&) {
            hello_is_guess_ = false;
        }
        // An address that guessed wrong too often is answered without its hello being judged.
        if (const auto delay = server_.hello_penalty(address_); delay > delay.zero()) {
            refuse_slowly(delay);
            return;
        }
        hello_pending_ = true;
        server_.submit(shared_from_this(), Job{Job::Kind::hello, {}, std::move(message)}, true);
        return;
    }
    if (message.is_discarded() || !message.is_object()) {
        const std::string why = message.is_discarded() ? (proto::nesting_within(line, kMaxJsonDepth)
                                                              ? "the line is not valid JSON"
                                                              : "the JSON nests too deeply")
                                                       : "a request must be a JSON object";
        send_in_order(proto::error_line({ErrorCode::bad_request, why}));
        return;
    }
    if (message.value("type", Json()) == proto::BpjsRefRequest::kType) {
        start_reference(message);
        return;
    }
    ++in_flight_;
    server_.submit(shared_from_this(), Job{Job::Kind::request, caller_, std::move(message)}, false);
}

void Session::on_outcome(Outcome&& outcome, bool was_hello) {
    if (was_hello) hello_pending_ = false;
    else --in_flight_;
    if (stopped_) return;
    if (!outcome.line.is_null()) deliver(outcome.line);
    if (was_hello) {
        if (outcome.close_after || !outcome.caller) {
            const std::string code = outcome.line.value("code", "?");
            server_.hello_refused(*this, hello_device_, hello_is_guess_ && code == "unauthorized", code,
                                  outcome.line.value("message", ""));
            closing_ = true;
            if (write_queue_.empty() && !writing_) stop();
            return;
        }
        ready_ = true;
        caller_ = *outcome.caller;
        hello_timer_.cancel();
        server_.hello_accepted(*this);
    }
    if (outcome.snapshot) {
        deliver(*outcome.snapshot);
        last_seq_sent_ = outcome.subscribed_seq;
        if (!subscribed_) {
            subscribed_ = true;
            server_.add_subscriber(shared_from_this());
        }
    }
    if (closing_ && in_flight_ == 0 && write_queue_.empty() && !writing_) {
        stop();
        return;
    }
    process_lines();
    do_read();
}

void Session::refuse(ErrorCode code, const std::string& message) {
    send_in_order(proto::error_line({code, message}));
    closing_ = true;
    // deliver() may have sent the line at once (nothing queued): nothing is
    // left to write, so nothing else would close the connection.
    if (in_flight_ == 0 && !hello_pending_ && write_queue_.empty() && !writing_) stop();
}

void Session::refuse_slowly(std::chrono::steady_clock::duration delay) {
    // Reading pauses and the hello timer is replaced: the answer comes after the delay.
    hello_pending_ = true;
    hello_timer_.expires_after(delay);
    hello_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->stopped_) return;
        self->hello_pending_ = false;
        const std::string message = "too many refused hellos from " + self->address_.to_string() + "; try again later";
        self->server_.hello_refused(*self, self->hello_device_, false, "rate_limited", message);
        self->refuse(ErrorCode::rate_limited, message);
    });
}

void Session::send_in_order(Json line) {
    // Replies come in request order: with requests still in the engine, this
    // line queues behind them instead of overtaking them.
    if (in_flight_ == 0 && !hello_pending_) {
        deliver(line);
        return;
    }
    ++in_flight_;
    server_.submit(shared_from_this(), Job{Job::Kind::echo, {}, std::move(line)}, false);
}

void Session::deliver(const Json& message) {
    deliver(std::make_shared<const std::string>(message.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"));
}

void Session::deliver(std::shared_ptr<const std::string> line) {
    if (stopped_) return;
    if (!tls_ && !writing_ && write_queue_.empty()) {
        // Nothing queued (plain TCP; TLS goes through its stream below): send now, on the caller's turn, with no asynchronous
        // operation (no handler allocated, posted and run). A call's events go
        // to 1,000 displays in one pass of Server::broadcast, one send each
        // (bench-fanout). The socket is non-blocking: what does not fit now
        // is queued below. An error is left to the asynchronous write, which
        // meets it again and closes the session there, as before.
        boost::system::error_code ec;
        const std::size_t sent = socket_.write_some(asio::buffer(*line), ec);
        if (!ec && sent == line->size()) {
            last_write_ = std::chrono::steady_clock::now();
            return;
        }
        if (!ec) front_sent_ = sent;
    }
    if (queued_bytes_ + line->size() > kMaxQueuedBytes) {
        // A client that does not read its output is cut off, never waited for.
        spdlog::warn("{} ({}) is not reading its output; disconnected", remote_, caller_.device);
        stop();
        return;
    }
    queued_bytes_ += line->size();
    write_queue_.push_back(std::move(line));
    if (!writing_) do_write();
}

template <typename Handler>
// Writes the front line to the TLS stream or the socket.
void Session::write_front(Handler&& handler) {
    if (tls_) asio::async_write(*tls_, asio::buffer(*write_queue_.front()), std::forward<Handler>(handler));
    else asio::async_write(socket_, asio::buffer(*write_queue_.front()) + front_sent_, std::forward<Handler>(handler));
}

void Session::do_write() {
    if (stopped_) return;
    if (write_queue_.empty()) {
        writing_ = false;
        if (closing_ && in_flight_ == 0 && !hello_pending_) stop();
        return;
    }
    writing_ = true;
    // Write: one line at a time from the front; deliver() only appends.
    write_front([self = shared_from_this()](boost::system::error_code ec, std::size_t) {
        if (self->stopped_) return;
        if (ec) {
            self->stop();
            return;
        }
        self->front_sent_ = 0;  // past a partial direct send in deliver()
        self->queued_bytes_ -= self->write_queue_.front()->size();
        self->write_queue_.pop_front();
        self->last_write_ = std::chrono::steady_clock::now();
        self->do_write();
    });
}

}  // namespace anoman::server
