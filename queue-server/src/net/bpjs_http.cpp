#include "bpjs_http.hpp"

#include <openssl/ssl.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <optional>

namespace anoman::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr std::size_t kMaxResponseBytes = std::size_t{16} * 1024 * 1024;  // reference lists are big, never this big

}  // namespace

struct BpjsHttp::Impl {
    ssl::context tls{ssl::context::tls_client};
    asio::io_context io;
    std::atomic<bool> aborted{false};
};

BpjsHttp::BpjsHttp(BpjsUrl url, std::chrono::milliseconds step_timeout)
    : url_(std::move(url)), step_timeout_(step_timeout), impl_(std::make_unique<Impl>()) {
    if (url_.tls) {
        impl_->tls.set_default_verify_paths();  // the system CA store
        impl_->tls.set_verify_mode(ssl::verify_peer);
        impl_->tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                               ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    }
}

BpjsHttp::~BpjsHttp() = default;

void BpjsHttp::abort() {
    impl_->aborted = true;
    impl_->io.stop();
}

namespace {

// One asynchronous step run on a private io_context for at most `timeout`:
// blocking for the calling thread, bounded in time. On timeout `cancel` runs
// (it closes the socket) and the step's handler is drained before returning.
template <class Start, class Cancel>
error_code run_step(asio::io_context& io, const std::atomic<bool>& aborted, std::chrono::milliseconds timeout,
                    Start start, Cancel cancel) {
    std::optional<error_code> result;
    start([&result](error_code ec) { result = ec; });
    if (!aborted) {
        io.restart();
        io.run_for(timeout);
    }
    if (!result) {
        cancel();
        io.restart();
        io.run();
        return aborted ? asio::error::operation_aborted : asio::error::timed_out;
    }
    return *result;
}

template <class Stream>
HttpReply exchange(asio::io_context& io, const std::atomic<bool>& aborted, Stream& stream,
                   std::chrono::milliseconds timeout, http::request<http::string_body>& request, auto close) {
    HttpReply reply;
    error_code ec = run_step(
        io, aborted, timeout, [&](auto done) { http::async_write(stream, request, [done](error_code e, std::size_t) { done(e); }); },
        close);
    if (ec) {
        reply.error = "sending the request: " + ec.message();
        return reply;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBytes);
    ec = run_step(
        io, aborted, timeout,
        [&](auto done) { http::async_read(stream, buffer, parser, [done](error_code e, std::size_t) { done(e); }); },
        close);
    if (ec) {
        reply.error = "reading the answer: " + ec.message();
        return reply;
    }
    reply.transport_ok = true;
    reply.status = parser.get().result_int();
    reply.body = std::move(parser.get().body());
    return reply;
}

}  // namespace

HttpReply BpjsHttp::request(const std::string& method, const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
    asio::io_context& io = impl_->io;
    const std::atomic<bool>& aborted = impl_->aborted;
    HttpReply reply;
    tcp::resolver resolver(io);
    tcp::resolver::results_type endpoints;
    error_code ec = run_step(
        io, aborted, step_timeout_,
        [&](auto done) {
            resolver.async_resolve(url_.host, std::to_string(url_.port),
                                   [&endpoints, done](error_code e, tcp::resolver::results_type results) {
                                       endpoints = std::move(results);
                                       done(e);
                                   });
        },
        [&] { resolver.cancel(); });
    if (ec) {
        reply.error = "resolving " + url_.host + ": " + ec.message();
        return reply;
    }
    tcp::socket socket(io);
    auto close_socket = [&] {
        error_code ignored;
        socket.close(ignored);
    };
    ec = run_step(
        io, aborted, step_timeout_,
        [&](auto done) { asio::async_connect(socket, endpoints, [done](error_code e, const tcp::endpoint&) { done(e); }); },
        close_socket);
    if (ec) {
        reply.error = "connecting to " + url_.origin() + ": " + ec.message();
        return reply;
    }

    http::request<http::string_body> request{http::string_to_verb(method), url_.path_prefix + path, 11};
    request.set(http::field::host, url_.host);
    request.set(http::field::user_agent, std::string("si-anoman/") + ANOMAN_VERSION);
    request.set(http::field::connection, "close");
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || request.method() == http::verb::post) {
        request.body() = body;
        request.prepare_payload();
    }

    if (!url_.tls) return exchange(io, aborted, socket, step_timeout_, request, close_socket);

    ssl::stream<tcp::socket&> tls(socket, impl_->tls);
    // SNI, and the certificate must name the host we asked for.
    if (!SSL_set_tlsext_host_name(tls.native_handle(), url_.host.c_str())) {
        reply.error = "TLS: cannot set the server name";
        return reply;
    }
    tls.set_verify_callback(ssl::host_name_verification(url_.host));
    ec = run_step(
        io, aborted, step_timeout_,
        [&](auto done) { tls.async_handshake(ssl::stream_base::client, [done](error_code e) { done(e); }); },
        close_socket);
    if (ec) {
        reply.error = "TLS handshake with " + url_.origin() + ": " + ec.message();
        return reply;
    }
    reply = exchange(io, aborted, tls, step_timeout_, request, close_socket);
    // The server closes after the answer (Connection: close); no TLS shutdown wait.
    close_socket();
    return reply;
}

}  // namespace anoman::server
