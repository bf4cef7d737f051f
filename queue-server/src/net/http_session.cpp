#include "http_session.hpp"

namespace anoman::server::http {

namespace {

// The few answers the door itself gives: short, plain, no internals.
const char* reason_text(unsigned status) {
    switch (status) {
        case 400: return "Permintaan tidak valid / Bad request\n";
        case 413: return "Isi permintaan terlalu besar / Request body too large\n";
        case 429: return "Terlalu banyak permintaan, coba lagi sebentar / Too many requests\n";
        case 431: return "Kepala permintaan terlalu besar / Request headers too large\n";
        case 503: return "Layanan sibuk, coba lagi sebentar / Service busy\n";
        default: return "Kesalahan / Error\n";
    }
}

}  // namespace

Session::Session(tcp::socket socket, Server& server) : stream_(std::move(socket)), server_(server) {
    boost::system::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    address_ = ec ? "?" : endpoint.address().to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
}

void Session::start() {
    if (!server_.take_request_token(address_)) {
        // Over the per-address bound (or its rate): one short answer, then close.
        // take_request_token also counts this connection's first request.
        parser_.emplace();
        method_ = "-";
        target_ = "-";
        started_ = std::chrono::steady_clock::now();
        server_.warn(*this, "too many connections or requests from this address");
        answer_error(503, true);
        return;
    }
    do_read();
}

void Session::do_read() {
    if (closed_) return;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.limits().header_bytes));
    parser_->body_limit(server_.limits().body_bytes);
    // One deadline for the whole request: a client sending a byte a second
    // (slowloris) is cut off like one sending nothing.
    stream_.expires_after(served_ == 0 ? server_.limits().request_timeout : server_.limits().idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->on_read(ec);
    });
}

void Session::on_read(beast::error_code ec) {
    if (closed_) return;
    started_ = std::chrono::steady_clock::now();
    if (ec) {
        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset) {
            close();
            return;
        }
        method_ = "-";
        target_ = "-";
        if (ec == beast::error::timeout) {
            // The stream closed the socket at the deadline: nothing can be answered.
            if (parser_->got_some()) server_.warn(*this, "request not complete within the time limit; closed");
            close();
            return;
        } else if (ec == bhttp::error::header_limit) {
            server_.warn(*this, "request headers over the limit");
            answer_error(431, true);
        } else if (ec == bhttp::error::body_limit) {
            server_.warn(*this, "request body over the limit");
            answer_error(413, true);
        } else {
            answer_error(400, true);
        }
        return;
    }
    Request request = parser_->release();
    method_ = std::string(request.method_string());
    target_ = std::string(request.target());
    keep_alive_ = request.keep_alive() && served_ + 1 < server_.limits().requests_per_connection;
    ++served_;
    if (served_ > 1 && !server_.take_request_token(address_)) {
        answer_error(429, true);
        return;
    }
    // Nothing is read while the handler works (the engine may take a while).
    stream_.expires_never();
    waiting_for_answer_ = true;
    try {
        server_.handle(shared_from_this(), std::move(request));
    } catch (const std::exception& e) {
        // Never a message from inside in an answer; the log says what it was.
        server_.warn(*this, std::string("handler failed: ") + e.what());
        if (waiting_for_answer_ && !streaming_) answer_error(500, true);
    }
}

void Session::answer_error(unsigned status, bool close_after) {
    Response response{static_cast<bhttp::status>(status), 11};
    response.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    response.set(bhttp::field::cache_control, "no-store");
    if (status == 429 || status == 503) response.set(bhttp::field::retry_after, "2");
    response.body() = reason_text(status);
    if (close_after) keep_alive_ = false;
    waiting_for_answer_ = true;
    respond(std::move(response));
}

void Session::respond(Response response) {
    if (closed_ || !waiting_for_answer_ || streaming_) return;
    waiting_for_answer_ = false;
    response.keep_alive(keep_alive_);
    response.prepare_payload();
    const unsigned status = response.result_int();
    const std::size_t bytes = response.body().size();
    server_.access_log(*this, method_, target_, status, bytes, std::chrono::steady_clock::now() - started_);
    auto message = std::make_shared<Response>(std::move(response));
    stream_.expires_after(server_.limits().write_timeout);
    bhttp::async_write(stream_, *message, [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
        if (self->closed_) return;
        if (ec || !self->keep_alive_) {
            self->close();
            return;
        }
        self->do_read();
    });
}

void Session::begin_stream(std::string head) {
    if (closed_ || !waiting_for_answer_ || streaming_) return;
    waiting_for_answer_ = false;
    streaming_ = true;
    server_.access_log(*this, method_, target_, 200, 0, std::chrono::steady_clock::now() - started_);
    send(std::make_shared<const std::string>(std::move(head)));
    watch_for_close();
}

void Session::watch_for_close() {
    // A stream's client sends nothing more; reading tells when it goes away.
    // On the bare socket: the stream's deadlines are for its writes.
    stream_.socket().async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec,
                                                                                        std::size_t) {
        if (self->closed_) return;
        if (ec) {
            self->close();
            return;
        }
        self->watch_for_close();
    });
}

void Session::send(std::shared_ptr<const std::string> data) {
    if (closed_ || !streaming_) return;
    if (queued_bytes_ + data->size() > server_.limits().stream_queue_bytes) {
        server_.warn(*this, "not reading its stream; disconnected");
        close();
        return;
    }
    queued_bytes_ += data->size();
    queue_.push_back(std::move(data));
    if (!writing_) do_write();
}

void Session::do_write() {
    if (closed_) return;
    if (queue_.empty()) {
        writing_ = false;
        return;
    }
    writing_ = true;
    stream_.expires_after(server_.limits().write_timeout);
    asio::async_write(stream_, asio::buffer(*queue_.front()), [self = shared_from_this()](beast::error_code ec,
                                                                                         std::size_t) {
        if (self->closed_) return;
        if (ec) {
            self->close();
            return;
        }
        self->queued_bytes_ -= self->queue_.front()->size();
        self->queue_.pop_front();
        self->last_write_ = std::chrono::steady_clock::now();
        // A deadline left armed with nothing pending would fail the next write at once.
        self->stream_.expires_never();
        self->do_write();
    });
}

void Session::close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    queue_.clear();
    queued_bytes_ = 0;
    server_.closed(this);
}

}  // namespace anoman::server::http
