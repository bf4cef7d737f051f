#include "devtools.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>

#include "web_client.hpp"

namespace anoman::testing::web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

std::string base64_decode(const std::string& text) {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const auto at = alphabet.find(c);
        if (at == std::string::npos) continue;  // '=' and line breaks
        buffer = (buffer << 6) | static_cast<std::uint32_t>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

}  // namespace

struct Browser::Impl {
    asio::io_context io;
    websocket::stream<tcp::socket> ws{io};
};

bool Browser::available() { return std::filesystem::exists("/usr/bin/chromium"); }

Browser::Browser(const std::filesystem::path& dir) : impl_(std::make_unique<Impl>()) {
    std::filesystem::create_directories(dir / "profile");
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                 "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                                 "--user-data-dir=" + (dir / "profile").string(), "--remote-debugging-port=0",
                                 "--window-size=1366,768", "about:blank"},
        dir / "chromium.log");
    if (!process_->wait_for_output("DevTools listening on ws://", 1, 60s))
        throw std::runtime_error("chromium did not start: " + process_->output());
    std::smatch match;
    const std::string output = process_->output();
    if (!std::regex_search(output, match, std::regex("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/")))
        throw std::runtime_error("no DevTools port in: " + output);
    const auto port = static_cast<std::uint16_t>(std::stoi(match[1]));
    // The page's own WebSocket, from the list of targets.
    std::string page_path;
    for (int i = 0; i < 100 && page_path.empty(); ++i) {
        Reply list = get(port, "/json/list");
        for (const Json& target : Json::parse(list.body))
            if (target.value("type", "") == "page") page_path = target.value("webSocketDebuggerUrl", "");
        if (page_path.empty()) std::this_thread::sleep_for(100ms);
    }
    if (page_path.empty()) throw std::runtime_error("chromium has no page target");
    page_path = page_path.substr(page_path.find('/', std::string("ws://").size()));
    tcp::resolver resolver(impl_->io);
    asio::connect(impl_->ws.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
    impl_->ws.handshake("127.0.0.1:" + std::to_string(port), page_path);
    impl_->ws.read_message_max(64 * 1024 * 1024);
    call("Page.enable");
    call("Runtime.enable");
}

Browser::~Browser() {
    boost::system::error_code ec;
    impl_->ws.next_layer().close(ec);
    if (process_) process_->stop(3s);
}

std::string Browser::log() const { return process_ ? process_->output() : ""; }

Json Browser::call(const std::string& method, const Json& params) {
    const int id = next_id_++;
    impl_->ws.write(asio::buffer(Json{{"id", id}, {"method", method}, {"params", params}}.dump()));
    for (;;) {
        beast::flat_buffer buffer;
        impl_->ws.read(buffer);
        Json message = Json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
        if (!message.is_object() || message.value("id", -1) != id) continue;  // events
        if (message.contains("error")) throw std::runtime_error(method + ": " + message["error"].dump());
        return message.value("result", Json::object());
    }
}

void Browser::set_size(int width, int height, bool mobile) {
    call("Emulation.setDeviceMetricsOverride",
         {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", mobile}});
}

void Browser::navigate(const std::string& url) { call("Page.navigate", {{"url", url}}); }

Json Browser::evaluate(const std::string& expression) {
    Json result = call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
    return result.value("result", Json::object()).value("value", Json());
}

bool Browser::wait_for(const std::string& expression, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (evaluate("!!(" + expression + ")") == true) return true;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

void Browser::screenshot(const std::filesystem::path& path) {
    Json shot = call("Page.captureScreenshot", {{"format", "png"}});
    std::ofstream(path, std::ios::binary) << base64_decode(shot.value("data", ""));
}

}  // namespace anoman::testing::web
