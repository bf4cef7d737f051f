// Blocking protocol client with deadlines. Each operation starts an async
// Asio operation and runs the io_context for at most the time left; on
// expiry it cancels the socket and reports a timeout. Nothing here blocks
// forever, whatever the server does.
#include "anoman/sync_connection.hpp"

#include <deque>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp needs std::exchange

#include <boost/asio.hpp>

#include "tls_link.hpp"

namespace anoman {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

namespace {
// A field as a string, or "" when absent or not a string (never throws).
std::string string_field(const proto::Json& line, const char* key) {
    if (!line.is_object()) return {};
    auto it = line.find(key);
    return it != line.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

struct SyncConnection::Impl {
    ConnectOptions options;
    std::chrono::milliseconds timeout;
    std::unique_ptr<asio::ssl::context> tls_context;  // with a tls_pin only; outlives the stream
    asio::io_context io;
    tcp::socket socket{io};
    std::unique_ptr<tls::TlsStream> tls;  // over socket, once connected with a tls_pin
    std::string read_buffer;
    std::deque<proto::Json> kept;  // lines read while waiting for a reply
    std::optional<proto::Welcome> welcome;
    std::int64_t next_id = 1;

    std::string where() const { return options.host + ":" + std::to_string(options.port); }

    // Runs io until done is set or the deadline passes (then cancels and drains).
    bool run_until(const bool& done, Clock::time_point deadline) {
        io.restart();
        while (!done && Clock::now() < deadline) {
            io.run_one_until(deadline);
            if (io.stopped()) io.restart();
        }
        if (done) return true;
        error_code ignored;
        socket.cancel(ignored);
        io.restart();
        io.run();  // lets the cancelled operation finish
        return false;
    }

    void write_line(std::string line, Clock::time_point deadline) {
        line.push_back('\n');
        bool done = false;
        error_code result;
        tls::with_stream(socket, tls, [&](auto& stream) {
            asio::async_write(stream, asio::buffer(line), [&](error_code ec, std::size_t) {
                result = ec;
                done = true;
            });
        });
        if (!run_until(done, deadline)) throw SyncError(SyncError::Kind::timeout, "sending to " + where() + " timed out");
        if (result) throw SyncError(SyncError::Kind::closed, "connection to " + where() + " lost: " + result.message());
    }

    // Reads one raw line; nullopt on timeout.
    std::optional<std::string> read_raw(Clock::time_point deadline) {
        bool done = false;
        error_code result;
        std::size_t length = 0;
        tls::with_stream(socket, tls, [&](auto& stream) {
            asio::async_read_until(stream, asio::dynamic_buffer(read_buffer, proto::kMaxLineBytes), '\n',
                                   [&](error_code ec, std::size_t n) {
                                       result = ec;
                                       length = n;
                                       done = true;
                                   });
        });
        if (!run_until(done, deadline)) return std::nullopt;
        if (result == asio::error::not_found)
            throw SyncError(SyncError::Kind::protocol, where() + " sent a line longer than 65536 bytes");
        if (tls::is_end_of_stream(result)) throw SyncError(SyncError::Kind::closed, where() + " closed the connection");
        if (result) throw SyncError(SyncError::Kind::closed, "connection to " + where() + " lost: " + result.message());
        std::string line = read_buffer.substr(0, length - 1);
        read_buffer.erase(0, length);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }

    // TLS over the connected socket; the server certificate must match the pin.
    void handshake(Clock::time_point deadline) {
        tls_context = tls::client_context();
        tls = std::make_unique<tls::TlsStream>(socket, *tls_context);
        auto check = std::make_shared<tls::PinCheck>();
        check->pin = options.tls_pin;
        tls::pin_server_certificate(*tls, check);
        bool done = false;
        error_code result;
        tls->async_handshake(asio::ssl::stream_base::client, [&](error_code ec) {
            result = ec;
            done = true;
        });
        if (!run_until(done, deadline))
            throw SyncError(SyncError::Kind::unreachable, "no TLS handshake with " + where() + " in time");
        if (result) throw SyncError(SyncError::Kind::unreachable, where() + ": " + tls::handshake_failure(result, *check));
    }

    std::optional<proto::Json> read_json(Clock::time_point deadline) {
        auto line = read_raw(deadline);
        if (!line) return std::nullopt;
        proto::Json parsed = proto::Json::parse(*line, nullptr, false);
        if (parsed.is_discarded()) return proto::Json{{"_raw", *line}};
        return parsed;
    }
};

SyncConnection::SyncConnection(ConnectOptions options, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->timeout = timeout;
}

SyncConnection::~SyncConnection() { close(); }

bool SyncConnection::connected() const { return impl_->welcome.has_value() && impl_->socket.is_open(); }

const proto::Welcome& SyncConnection::welcome() const {
    if (!impl_->welcome) throw std::logic_error("SyncConnection::welcome() before connect()");
    return *impl_->welcome;
}

proto::Welcome SyncConnection::connect() {
    Impl& d = *impl_;
    const auto deadline = Clock::now() + d.timeout;

    tcp::resolver resolver(d.io);
    bool done = false;
    error_code result;
    tcp::resolver::results_type endpoints;
    resolver.async_resolve(d.options.host, std::to_string(d.options.port),
                           [&](error_code ec, tcp::resolver::results_type found) {
                               result = ec;
                               endpoints = std::move(found);
                               done = true;
                           });
    if (!d.run_until(done, deadline)) {
        resolver.cancel();
        throw SyncError(SyncError::Kind::unreachable, "cannot resolve " + d.options.host + ": timed out");
    }
    if (result) throw SyncError(SyncError::Kind::unreachable, "cannot resolve " + d.options.host + ": " + result.message());

    done = false;
    asio::async_connect(d.socket, endpoints, [&](error_code ec, const tcp::endpoint&) {
        result = ec;
        done = true;
    });
    if (!d.run_until(done, deadline))
        throw SyncError(SyncError::Kind::unreachable, "cannot connect to " + d.where() + ": timed out");
    if (result) throw SyncError(SyncError::Kind::unreachable, "cannot connect to " + d.where() + ": " + result.message());
    error_code ignored;
    d.socket.set_option(tcp::no_delay(true), ignored);
    if (!d.options.tls_pin.empty()) d.handshake(deadline);

    proto::Hello hello;
    hello.role = d.options.role;
    hello.device = d.options.device;
    hello.token = d.options.token;
    d.write_line(proto::Json(hello).dump(), deadline);
    auto answer = d.read_json(deadline);
    if (!answer) throw SyncError(SyncError::Kind::timeout, "no welcome from " + d.where() + " in time");
    const std::string type = string_field(*answer, "type");
    if (type == "error") {
        proto::Error error;
        const std::string code = string_field(*answer, "code");
        error.code = proto::error_code_from_string(code).value_or(proto::ErrorCode::internal);
        error.message = string_field(*answer, "message");
        throw SyncError(SyncError::Kind::refused, "the server refused this device: " + code + ": " + error.message,
                        error);
    }
    if (type != "welcome") throw SyncError(SyncError::Kind::protocol, "expected welcome, got: " + answer->dump());
    try {
        d.welcome = answer->get<proto::Welcome>();
    } catch (const std::exception& e) {
        throw SyncError(SyncError::Kind::protocol, std::string("malformed welcome: ") + e.what());
    }
    return *d.welcome;
}

proto::Json SyncConnection::request(proto::Json request) {
    Impl& d = *impl_;
    if (!request.is_object()) throw std::invalid_argument("a request must be a JSON object");
    if (!request.contains("id")) request["id"] = d.next_id++;
    const proto::Json id = request["id"];
    const auto deadline = Clock::now() + d.timeout;
    d.write_line(request.dump(-1, ' ', false, proto::Json::error_handler_t::replace), deadline);
    while (true) {
        auto line = d.read_json(deadline);
        if (!line) throw SyncError(SyncError::Kind::timeout, "no reply from " + d.where() + " in time");
        const std::string type = string_field(*line, "type");
        if (type == "reply" && line->contains("id") && (*line)["id"] == id) return *line;
        if (type == "error") return *line;
        d.kept.push_back(std::move(*line));
    }
}

void SyncConnection::send_line(const std::string& line) {
    impl_->write_line(line, Clock::now() + impl_->timeout);
}

std::optional<proto::Json> SyncConnection::read_line(std::chrono::milliseconds timeout) {
    Impl& d = *impl_;
    if (!d.kept.empty()) {
        proto::Json first = std::move(d.kept.front());
        d.kept.pop_front();
        return first;
    }
    return d.read_json(Clock::now() + timeout);
}

void SyncConnection::close() {
    error_code ignored;
    impl_->socket.shutdown(tcp::socket::shutdown_both, ignored);
    impl_->socket.close(ignored);
}

}  // namespace anoman
