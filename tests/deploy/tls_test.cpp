// TLS inside the protocol (docs/protocol.md "TLS"): a real queue-server with
// listen.tls on port 0, the client library and queuectl connecting with the
// certificate's pin, and every way it can go wrong failing clearly: a wrong
// pin, a plain client on the TLS port, a TLS client on the plain port, a
// stalled or garbage handshake, a key others can read.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "anoman/client.hpp"
#include "anoman/config.hpp"
#include "anoman/sync_connection.hpp"
#include "anoman/tls_cert.hpp"
#include "deploy_support.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

namespace {

struct TlsFiles {
    fs::path dir;
    std::string cert, key, pin;
};

// A certificate made the way INSTALL.md says: queuectl tls-cert.
TlsFiles make_certificate(const std::string& label) {
    TlsFiles files;
    files.dir = scratch_dir(label);
    files.cert = (files.dir / "cert.pem").string();
    files.key = (files.dir / "key.pem").string();
    const RunResult made = run_program({program("queuectl").string(), "tls-cert", "--cert", files.cert, "--key", files.key});
    INFO(made.output);
    REQUIRE(made.status == 0);
    files.pin = anoman::tls::certificate_fingerprint(files.cert);
    CHECK(made.output.find("pin:         " + files.pin) != std::string::npos);
    return files;
}

// The demo hospital with listen.tls: the demo devices connect with the pin.
ServerOptions tls_server(const TlsFiles& files) {
    Json config = anoman::demo_config_json();
    config["listen"]["tls"] = Json{{"cert_file", files.cert}, {"key_file", files.key}};
    ServerOptions options = in_dir(files.dir);
    options.config = config;
    return options;
}

anoman::ConnectOptions demo_options(const ServerProcess& server, anoman::proto::Role role, const std::string& pin) {
    anoman::ConnectOptions options;
    options.port = server.port();
    options.role = role;
    const DemoDevice device = demo_device(std::string(anoman::proto::to_string(role)));
    options.device = device.id;
    options.token = device.token;
    options.tls_pin = pin;
    return options;
}

std::string other_pin(std::string pin) {
    pin[0] = pin[0] == '0' ? '1' : '0';
    return pin;
}

}  // namespace

TEST_CASE("pins: normalised from the forms openssl and queuectl print") {
    const std::string pin(64, 'a');
    CHECK(anoman::tls::normalize_pin(pin) == pin);
    std::string colons;
    for (int i = 0; i < 32; ++i) colons += std::string(i ? ":" : "") + "AA";
    CHECK(anoman::tls::normalize_pin(colons) == pin);
    CHECK_THROWS_AS(anoman::tls::normalize_pin("abc"), std::invalid_argument);
    CHECK_THROWS_AS(anoman::tls::normalize_pin(std::string(64, 'g')), std::invalid_argument);
}

TEST_CASE("queuectl tls-cert: an owner-only key and a certificate whose pin tls-pin prints") {
    const TlsFiles files = make_certificate("tls-cert");
    CHECK((fs::status(files.key).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    const RunResult pin = run_program({program("queuectl").string(), "tls-pin", files.cert});
    CHECK(pin.status == 0);
    CHECK(pin.output == files.pin + "\n");
    CHECK(run_program({program("queuectl").string(), "tls-pin", (files.dir / "missing.pem").string()}).status == 1);
}

TEST_CASE("the protocol over TLS: hello, a ticket and its event; queuectl with --tls-pin and ANOMAN_TLS_PIN") {
    const TlsFiles files = make_certificate("tls-protocol");
    ServerProcess server(tls_server(files));
    CHECK(server.output().find(files.pin) != std::string::npos);  // the log says which pin clients need

    anoman::SyncConnection display(demo_options(server, anoman::proto::Role::display, files.pin));
    REQUIRE(display.connect().device == demo_device("display").id);
    REQUIRE(display.request(Json{{"type", "subscribe"}})["ok"] == true);
    anoman::SyncConnection kiosk(demo_options(server, anoman::proto::Role::kiosk, files.pin));
    kiosk.connect();
    const Json issued =
        kiosk.request(Json{{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "tls-1"}});
    REQUIRE(issued["ok"] == true);
    std::optional<Json> line;
    while ((line = display.read_line(5s)) && (*line)["type"] != "event") {
    }
    REQUIRE(line);
    CHECK((*line)["ticket"]["number"] == issued["ticket"]["number"]);
    // A line of many bytes crosses whole (an announcement of 500 two-byte characters).
    anoman::SyncConnection admin(demo_options(server, anoman::proto::Role::admin, files.pin));
    admin.connect();
    std::string text;
    for (int i = 0; i < 500; ++i) text += "é";
    CHECK(admin.request(Json{{"type", "announce"}, {"text", text}})["ok"] == true);

    const RunResult status =
        run_program({program("queuectl").string(), "--server", server.address(), "--tls-pin", files.pin, "list"});
    INFO(status.output);
    CHECK(status.status == 0);
    const RunResult by_env = run_program({program("queuectl").string(), "--server", server.address(), "status"}, 30s,
                                         {{"ANOMAN_TLS_PIN", files.pin}});
    INFO(by_env.output);
    CHECK(by_env.status == 0);
    const RunResult bad_pin =
        run_program({program("queuectl").string(), "--server", server.address(), "--tls-pin", "12", "status"});
    CHECK(bad_pin.status == 2);
    CHECK(bad_pin.output.find("--tls-pin") != std::string::npos);
}

TEST_CASE("TLS refusals: a wrong pin, a plain client on the TLS port, a TLS client on the plain port") {
    const TlsFiles files = make_certificate("tls-refusals");
    ServerProcess server(tls_server(files));

    SUBCASE("a wrong pin: refused, naming both fingerprints; queuectl exits 3 like an unreachable server") {
        anoman::SyncConnection impostor(demo_options(server, anoman::proto::Role::admin, other_pin(files.pin)));
        try {
            impostor.connect();
            FAIL("connected despite a wrong pin");
        } catch (const anoman::SyncError& e) {
            CHECK(e.kind() == anoman::SyncError::Kind::unreachable);
            CHECK(std::string(e.what()).find(files.pin) != std::string::npos);
            CHECK(std::string(e.what()).find("not the pinned") != std::string::npos);
        }
        const RunResult status = run_program(
            {program("queuectl").string(), "--server", server.address(), "--tls-pin", other_pin(files.pin), "status"});
        CHECK(status.status == 3);
        CHECK(status.output.find("not the pinned") != std::string::npos);
    }

    SUBCASE("a plain client on the TLS port: told in plain text, then closed") {
        LineClient plain(server.port());
        const Json answer = plain.hello_demo("admin");
        CHECK(answer["type"] == "error");
        CHECK(answer["code"] == "unauthorized");
        CHECK(answer["message"].get<std::string>().find("TLS") != std::string::npos);
        CHECK(plain.wait_closed());
    }

    SUBCASE("garbage for a handshake: closed at once; a stalled handshake: closed by the hello timeout") {
        LineClient garbage(server.port());
        garbage.send_raw(std::string("\x16\x03\x01\x00\x05hello", 10));
        CHECK(garbage.wait_closed());
        CHECK(eventually([&] { return server.output().find("TLS handshake failed") != std::string::npos; }, 5s));
        LineClient stalled(server.port());
        stalled.send_raw(std::string("\x16\x03\x01", 3));
        CHECK(stalled.wait_closed(15s));
        CHECK(eventually([&] { return server.output().find("no TLS handshake within 10 s") != std::string::npos; }, 5s));
        // The server still serves: a pinned client gets in.
        anoman::SyncConnection admin(demo_options(server, anoman::proto::Role::admin, files.pin));
        CHECK(admin.connect().role == anoman::proto::Role::admin);
    }

    SUBCASE("a TLS client on the plain port: a clear error at once, not a hang") {
        ServerProcess plain_server(in_dir(scratch_dir("tls-plain-port")));
        anoman::SyncConnection client(demo_options(plain_server, anoman::proto::Role::admin, files.pin),
                                      std::chrono::seconds(8));
        const auto started = std::chrono::steady_clock::now();
        try {
            client.connect();
            FAIL("a TLS handshake succeeded with a plain server");
        } catch (const anoman::SyncError& e) {
            CHECK(std::string(e.what()).find("does not speak TLS") != std::string::npos);
        }
        CHECK(std::chrono::steady_clock::now() - started < 5s);  // answered at once, not at a timeout
        // The plain port still serves plain clients.
        LineClient plain(plain_server.port());
        CHECK(plain.hello_demo("admin")["type"] == "welcome");
    }
}

TEST_CASE("the reconnecting client: online over TLS; a wrong pin is retried like a server that is down") {
    const TlsFiles files = make_certificate("tls-client");
    ServerProcess server(tls_server(files));

    std::mutex mutex;
    std::vector<std::string> details;
    std::atomic<bool> online{false};
    anoman::ClientCallbacks callbacks;
    callbacks.on_link = [&](anoman::LinkState state, const std::string& detail) {
        std::lock_guard lock(mutex);
        details.push_back(detail);
        if (state == anoman::LinkState::online) online = true;
    };
    anoman::Client::Settings settings;
    settings.subscribe = true;
    settings.max_backoff = std::chrono::milliseconds(200);

    SUBCASE("the right pin: online, subscribed") {
        settings.connect = demo_options(server, anoman::proto::Role::display, files.pin);
        anoman::Client client(settings, callbacks);
        client.start();
        CHECK(eventually([&] { return online.load(); }, 10s));
    }
    SUBCASE("a wrong pin: never online, retried with the reason each time") {
        settings.connect = demo_options(server, anoman::proto::Role::display, other_pin(files.pin));
        anoman::Client client(settings, callbacks);
        client.start();
        const auto refusals = [&] {
            std::lock_guard lock(mutex);
            return std::count_if(details.begin(), details.end(), [](const std::string& detail) {
                return detail.find("not the pinned") != std::string::npos &&
                       detail.find("reconnecting in") != std::string::npos;
            });
        };
        CHECK(eventually([&] { return refusals() >= 3; }, 10s));
        CHECK_FALSE(online.load());
    }
}

// queue-server on the demo configuration with listen.tls = files' certificate and this key.
RunResult start_with_tls(const TlsFiles& files, const std::string& key_file) {
    Json config = anoman::demo_config_json();
    config["listen"]["tls"] = Json{{"cert_file", files.cert}, {"key_file", key_file}};
    const fs::path config_file = files.dir / "server.json";
    std::ofstream(config_file) << config.dump();
    return run_program({program("queue-server").string(), "--config", config_file.string(), "--port", "0", "--db",
                        (files.dir / "q.db").string()},
                       10s);
}

TEST_CASE("listen.tls: a key others can read, or a key of another certificate, stops the start (exit 2)") {
    const TlsFiles files = make_certificate("tls-key-mode");
    SUBCASE("group-readable key") {
        REQUIRE(::chmod(files.key.c_str(), 0640) == 0);
        const RunResult run = start_with_tls(files, files.key);
        CHECK(run.status == 2);
        CHECK(run.output.find("listen.tls.key_file " + files.key) != std::string::npos);
        CHECK(run.output.find("readable by group or others") != std::string::npos);
        CHECK_FALSE(fs::exists(files.dir / "q.db"));
    }
    SUBCASE("a key that does not belong to the certificate") {
        const TlsFiles other = make_certificate("tls-key-other");
        const RunResult run = start_with_tls(files, other.key);
        CHECK(run.status == 2);
        CHECK(run.output.find("does not belong to the certificate") != std::string::npos);
    }
}
