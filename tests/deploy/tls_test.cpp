// The optional TLS tunnel: queue-server <- si-anoman-tls server ==TLS==
// si-anoman-tls client <- a client speaking the plain protocol. The client
// end refuses a server whose certificate does not match its pin, and the
// server end speaks nothing but TLS.
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "deploy_support.hpp"
#include "tls_tunnel.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

namespace {

// A program that prints "listening on ADDR:PORT" first (si-anoman-tls server/client).
class ListeningProcess {
public:
    ListeningProcess(const std::vector<std::string>& argv, const fs::path& log) : child_(argv, log) {
        const auto start = child_.wait_for_output_after("listening on ", 0, 10s);
        const auto end = start == std::string::npos ? start : child_.wait_for_output_after("\n", start, 10s);
        if (end == std::string::npos) FAIL("no 'listening on' from " << argv[0] << ":\n" << output());
        const std::string address = output().substr(start, end - 1 - start);
        port_ = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
    }
    std::uint16_t port() const { return port_; }
    std::string output() const { return child_.output(); }

private:
    ChildProcess child_;
    std::uint16_t port_ = 0;
};

std::string tls_program() { return program("si-anoman-tls").string(); }

}  // namespace

TEST_CASE("pins: normalised from the forms openssl and si-anoman-tls print") {
    const std::string pin(64, 'a');
    CHECK(anoman::tls::normalize_pin(pin) == pin);
    std::string colons;
    for (int i = 0; i < 32; ++i) colons += std::string(i ? ":" : "") + "AA";
    CHECK(anoman::tls::normalize_pin(colons) == pin);
    CHECK_THROWS_AS(anoman::tls::normalize_pin("abc"), std::invalid_argument);
    CHECK_THROWS_AS(anoman::tls::normalize_pin(std::string(64, 'g')), std::invalid_argument);
}

TEST_CASE("the protocol through the TLS tunnel; a wrong pin is refused") {
    const fs::path dir = scratch_dir("tls");
    const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    const RunResult made = run_program({tls_program(), "cert", "--cert", cert, "--key", key});
    INFO(made.output);
    REQUIRE(made.status == 0);
    const std::string pin = anoman::tls::certificate_fingerprint(cert);
    CHECK(made.output.find(pin) != std::string::npos);
    CHECK((fs::status(key).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    CHECK(run_program({tls_program(), "fingerprint", cert}).output.find(pin) != std::string::npos);

    ServerProcess server(in_dir(dir));
    ListeningProcess server_end({tls_program(), "server", "--listen", "127.0.0.1:0", "--forward", server.address(),
                                 "--cert", cert, "--key", key},
                                dir / "tls-server.log");
    const std::string tls_address = "127.0.0.1:" + std::to_string(server_end.port());
    ListeningProcess client_end({tls_program(), "client", "--listen", "127.0.0.1:0", "--connect", tls_address, "--pin", pin},
                                dir / "tls-client.log");

    // Both directions, events included: a display subscribes, a kiosk issues.
    LineClient display(client_end.port());
    REQUIRE(display.hello_demo("display")["type"] == "welcome");
    REQUIRE(display.request(Json{{"type", "subscribe"}})["ok"] == true);
    LineClient kiosk(client_end.port());
    REQUIRE(kiosk.hello_demo("kiosk")["type"] == "welcome");
    const Json issued = issue(kiosk, "A", "tls-1");
    REQUIRE(issued["ok"] == true);
    std::optional<Json> event;
    while ((event = display.next_push()) && (*event)["type"] != "event") {
    }
    REQUIRE(event);
    CHECK((*event)["ticket"]["number"] == issued["ticket"]["number"]);
    // A long line (an announcement near the 500-character limit, many bytes each) crosses whole.
    LineClient admin(client_end.port());
    REQUIRE(admin.hello_demo("admin")["type"] == "welcome");
    std::string text;
    for (int i = 0; i < 500; ++i) text += "é";
    CHECK(admin.request(Json{{"type", "announce"}, {"text", text}})["ok"] == true);

    // queuectl works through it too.
    const RunResult status = run_program({program("queuectl").string(), "--server",
                                          "127.0.0.1:" + std::to_string(client_end.port()), "status"});
    CHECK(status.status == 0);

    // The server end speaks only TLS: a plain hello gets no welcome.
    LineClient plain(server_end.port());
    plain.send_json(Json{{"type", "hello"}, {"proto", 1}, {"role", "admin"}, {"device", "admin"}, {"token", "demo-admin"}});
    const auto answer = plain.read_json(std::chrono::seconds(3));
    CHECK((!answer || (*answer)["type"] != "welcome"));

    // A client end with another pin refuses the server: nothing gets through.
    std::string wrong_pin = pin;
    wrong_pin[0] = wrong_pin[0] == '0' ? '1' : '0';
    ListeningProcess impostor_check({tls_program(), "client", "--listen", "127.0.0.1:0", "--connect", tls_address,
                                     "--pin", wrong_pin},
                                    dir / "tls-wrong-pin.log");
    LineClient refused(impostor_check.port());
    refused.send_json(Json{{"type", "hello"}, {"proto", 1}, {"role", "admin"}, {"device", "admin"}, {"token", "demo-admin"}});
    CHECK_FALSE(refused.read_json(std::chrono::seconds(3)));
    CHECK(refused.wait_closed());
    CHECK(eventually([&] { return impostor_check.output().find("does not match the pin") != std::string::npos; },
                     std::chrono::seconds(5)));

    CHECK(run_program({tls_program(), "client", "--listen", "127.0.0.1:0", "--connect", tls_address, "--pin", "12"})
              .status == 2);
}
