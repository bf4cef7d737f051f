// The whole kiosk minus its window: model, controller, the real reconnecting
// client, the real queue-server (port 0, scratch directory), the fake printer
// on 127.0.0.1, and a lossy proxy where the network has to misbehave.
#include <thread>

#include <doctest/doctest.h>

#include "anoman/client.hpp"
#include "anoman/config.hpp"
#include "escpos_reader.hpp"
#include "fake_printer.hpp"
#include "kiosk_controller.hpp"
#include "kiosk_options.hpp"
#include "lossy_proxy.hpp"
#include "test_support.hpp"

using namespace anoman;
using namespace anoman::kiosk;
using namespace anoman::kiosk::testing;
using namespace std::chrono_literals;
using anoman::testing::LineClient;
using anoman::testing::ServerProcess;

namespace {

// One kiosk, wired as main.cpp wires it, driven by a loop instead of a window.
struct HeadlessKiosk {
    RunQueue ui;
    std::unique_ptr<KioskModel> model;
    std::unique_ptr<PrinterWorker> printer;
    std::unique_ptr<PendingStore> pending;
    std::unique_ptr<KioskController> controller;
    std::unique_ptr<Client> client;

    HeadlessKiosk(std::uint16_t port, const std::string& printer_spec, const std::filesystem::path& state_dir,
                  KioskSettings settings = {}) {
        const auto device = anoman::testing::demo_device("kiosk");
        settings.printer_enabled = printer_spec != "none";
        settings.retry_delays = {200ms, 300ms};
        model = std::make_unique<KioskModel>(settings, [id = device.id] { return random_request_id(id); }, Clock::now());
        if (auto made = make_printer(parse_printer_spec(printer_spec))) printer = std::make_unique<PrinterWorker>(std::move(made));
        pending = std::make_unique<PendingStore>(state_dir / "pending-ticket.json");
        KioskController::Hooks hooks;
        hooks.printer = printer.get();
        hooks.pending = pending.get();
        hooks.request = [this](proto::Json request, KioskController::ReplyHandler handler) {
            client->request(std::move(request), std::move(handler));
        };
        controller = std::make_unique<KioskController>(*model, ui, hooks);
        Client::Settings client_settings;
        client_settings.connect.port = port;
        client_settings.connect.role = proto::Role::kiosk;
        client_settings.connect.device = device.id;
        client_settings.connect.token = device.token;
        client_settings.request_timeout = 1500ms;
        client_settings.max_backoff = 500ms;
        ClientCallbacks callbacks;
        callbacks.on_link = [this](LinkState state, const std::string&) {
            ui.post([this, state] {
                model->on_link(state == LinkState::online);
                controller->pump();
            });
        };
        callbacks.on_welcome = [this](const proto::Welcome& welcome) { ui.post([this, welcome] { model->on_welcome(welcome); }); };
        client = std::make_unique<Client>(client_settings, callbacks);
        client->start();
    }
    ~HeadlessKiosk() {
        client->stop();  // no more callbacks into the queue
        ui.drain();
    }

    void step() {
        ui.drain();
        model->tick(Clock::now());
        controller->pump();
    }
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
        return anoman::testing::eventually(
            [&] {
                step();
                return done();
            },
            timeout);
    }
    bool ready() {
        return run_until([&] { return model->online() && model->services_known() && !model->hospital_name().empty(); });
    }
    void choose(Lane lane, const std::string& service) {
        model->touch_welcome();
        model->choose_lane(lane);
        REQUIRE(model->screen() == Screen::service);
        model->choose_service(service);
        controller->pump();
    }
    bool at_ticket_printed() {
        return run_until([&] { return model->screen() == Screen::ticket && model->print_state() != PrintState::printing; });
    }
};

// Tickets issued today for a service, as the server counts them.
int issued_count(std::uint16_t port, const std::string& service) {
    LineClient admin(port);
    admin.hello_demo("admin");
    const auto reply = admin.request({{"type", "services.list"}});
    for (const auto& s : reply.at("services"))
        if (s.at("code") == service) return s.value("issued", -1);
    return -1;
}

}  // namespace

TEST_CASE("a patient takes a number: issued once, printed with a QR code the server recognises") {
    ServerProcess server;
    FakePrinter printer;
    HeadlessKiosk kiosk(server.port(), printer.spec(), anoman::testing::scratch_dir("kiosk-flow-happy"));
    REQUIRE(kiosk.ready());
    CHECK(kiosk.model->hospital_name() == "RSUD Ngudi Waluyo Wlingi");
    kiosk.choose(Lane::bpjs, "PA");
    REQUIRE(kiosk.at_ticket_printed());
    CHECK(kiosk.model->print_state() == PrintState::printed);
    const auto& issued = *kiosk.model->issued();
    CHECK(issued.ticket.number == "N001");
    CHECK_FALSE(issued.replayed);

    REQUIRE(printer.wait_for_jobs(1, 3s));
    const auto decoded = decode_escpos(printer.jobs()[0]);
    CHECK(decoded.problems.empty());
    REQUIRE(decoded.tickets.size() == 1);
    const auto& ticket = decoded.tickets[0];
    CHECK(ticket.cut);
    CHECK(ticket.text().find("RSUD Ngudi Waluyo Wlingi") != std::string::npos);
    CHECK(ticket.text().find("Poli Anak") != std::string::npos);
    CHECK(ticket.text().find("N001") != std::string::npos);
    REQUIRE(ticket.qr_codes.size() == 1);
    const std::string qr = ticket.qr_codes[0].data;
    CHECK(qr == "ANOMAN:" + issued.ticket.service_day + ":N001:" + std::to_string(issued.ticket.id));
    // The counter's scanner reads the id back from the QR code.
    LineClient admin(server.port());
    admin.hello_demo("admin");
    const auto got = admin.request({{"type", "ticket.get"}, {"ticket", std::stoll(qr.substr(qr.rfind(':') + 1))}});
    CHECK(got.at("ticket").at("number") == "N001");
    CHECK(issued_count(server.port(), "PA") == 1);
    CHECK_FALSE(std::filesystem::exists(kiosk.pending->file()));
}

TEST_CASE("with the web door the printed QR is the ticket's page, and the page knows the ticket") {
    anoman::testing::ServerOptions options;
    auto config = anoman::demo_config_json();
    config["web"] = {{"listen", {{"host", "127.0.0.1"}, {"port", 0}}}, {"public_url", "http://antrian.rsud.local:8080"}};
    options.config = config;
    ServerProcess server(options);
    FakePrinter printer;
    HeadlessKiosk kiosk(server.port(), printer.spec(), anoman::testing::scratch_dir("kiosk-flow-web"));
    REQUIRE(kiosk.ready());
    kiosk.choose(Lane::bpjs, "PA");
    REQUIRE(kiosk.at_ticket_printed());
    REQUIRE(printer.wait_for_jobs(1, 3s));
    const auto decoded = decode_escpos(printer.jobs()[0]);
    REQUIRE(decoded.tickets.size() == 1);
    REQUIRE(decoded.tickets[0].qr_codes.size() == 1);
    const std::string qr = decoded.tickets[0].qr_codes[0].data;
    CHECK(qr.rfind("http://antrian.rsud.local:8080/t/", 0) == 0);
    // The code in the QR names the printed ticket (what the counter's scanner asks).
    LineClient admin(server.port());
    admin.hello_demo("admin");
    const auto got = admin.request({{"type", "ticket.get"}, {"code", qr.substr(qr.rfind('/') + 1)}});
    CHECK(got.at("ticket").at("number") == "N001");
    CHECK(got.at("page_url") == qr);
}

TEST_CASE("no paper: the kiosk says so and the server issues nothing; with paper it goes on") {
    ServerProcess server;
    FakePrinter printer;
    printer.set_mode(FakePrinter::Mode::paper_out);
    HeadlessKiosk kiosk(server.port(), printer.spec(), anoman::testing::scratch_dir("kiosk-flow-paper"));
    REQUIRE(kiosk.ready());
    kiosk.choose(Lane::umum, "B");
    REQUIRE(kiosk.run_until([&] { return kiosk.model->screen() == Screen::printer_problem; }));
    CHECK(kiosk.model->printer_status().state == PrinterState::paper_out);
    CHECK(issued_count(server.port(), "B") == 0);
    printer.set_mode(FakePrinter::Mode::ok);
    kiosk.model->retry_printer();
    REQUIRE(kiosk.at_ticket_printed());
    CHECK(kiosk.model->print_state() == PrintState::printed);
    CHECK(kiosk.model->issued()->ticket.number == "B001");
    CHECK(issued_count(server.port(), "B") == 1);
}

TEST_CASE("printing fails after issuing: reprint the same ticket, no new number") {
    ServerProcess server;
    FakePrinter printer;
    // The status check finds paper; by the print job it has run out.
    printer.script({FakePrinter::Mode::ok, FakePrinter::Mode::paper_out});
    HeadlessKiosk kiosk(server.port(), printer.spec(), anoman::testing::scratch_dir("kiosk-flow-reprint"));
    REQUIRE(kiosk.ready());
    kiosk.choose(Lane::bpjs, "A");
    REQUIRE(kiosk.at_ticket_printed());
    CHECK(kiosk.model->print_state() == PrintState::failed);
    CHECK(printer.jobs().empty());
    CHECK(std::filesystem::exists(kiosk.pending->file()));  // a restart now would reprint, not reissue
    kiosk.model->reprint();
    REQUIRE(kiosk.at_ticket_printed());
    CHECK(kiosk.model->print_state() == PrintState::printed);
    REQUIRE(printer.wait_for_jobs(1, 3s));
    CHECK(decode_escpos(printer.jobs()[0]).tickets.at(0).text().find("A001") != std::string::npos);
    CHECK(issued_count(server.port(), "A") == 1);
}

TEST_CASE("the reply is lost after the server committed: the retry gets the same ticket back") {
    ServerProcess server;
    FakePrinter printer;
    LossyProxy proxy(server.port());
    proxy.set_mode(LossyProxy::Mode::swallow_issue_reply);
    HeadlessKiosk kiosk(proxy.port(), printer.spec(), anoman::testing::scratch_dir("kiosk-flow-lost"));
    REQUIRE(kiosk.ready());
    kiosk.choose(Lane::bpjs, "PU");
    REQUIRE(kiosk.run_until([&] { return proxy.swallowed() >= 1; }));
    REQUIRE(kiosk.run_until([&] { return kiosk.model->trouble(); }));  // the calm message, not a frozen screen
    CHECK(issued_count(server.port(), "PU") == 1);  // committed, but the kiosk does not know
    proxy.set_mode(LossyProxy::Mode::pass);
    REQUIRE(kiosk.at_ticket_printed());
    CHECK(kiosk.model->issued()->replayed);
    CHECK(kiosk.model->issued()->ticket.number == "U001");
    CHECK(proxy.issue_requests() >= 2);
    CHECK(issued_count(server.port(), "PU") == 1);
}

TEST_CASE("the server is down, then back on the same port: one ticket") {
    const auto dir = anoman::testing::scratch_dir("kiosk-flow-restart-server");
    anoman::testing::ServerOptions options;
    options.dir = dir;
    auto server = std::make_unique<ServerProcess>(options);
    const auto port = server->port();
    FakePrinter printer;
    HeadlessKiosk kiosk(port, printer.spec(), dir);
    REQUIRE(kiosk.ready());
    server->terminate();
    server->wait();
    server.reset();
    kiosk.choose(Lane::umum, "PA");
    REQUIRE(kiosk.run_until([&] { return kiosk.model->trouble(); }));
    CHECK(kiosk.model->screen() == Screen::working);
    options.port = port;
    server = std::make_unique<ServerProcess>(options);
    REQUIRE(kiosk.at_ticket_printed());
    CHECK(kiosk.model->issued()->ticket.number == "N001");
    CHECK(issued_count(port, "PA") == 1);
}

TEST_CASE("a kiosk restarted mid-retry resumes with the same request_id: one ticket, printed") {
    ServerProcess server;
    FakePrinter printer;
    LossyProxy proxy(server.port());
    const auto state = anoman::testing::scratch_dir("kiosk-flow-resume");
    std::string request_id;
    {
        proxy.set_mode(LossyProxy::Mode::swallow_issue_reply);
        HeadlessKiosk first(proxy.port(), printer.spec(), state);
        REQUIRE(first.ready());
        first.choose(Lane::bpjs, "PD");
        REQUIRE(first.run_until([&] { return proxy.swallowed() >= 1; }));
        request_id = first.model->request_id();
        // The kiosk dies here (power cut): its pending record stays on disk.
    }
    CHECK(issued_count(server.port(), "PD") == 1);
    proxy.set_mode(LossyProxy::Mode::pass);
    HeadlessKiosk second(proxy.port(), printer.spec(), state);
    second.controller->resume_pending();
    CHECK(second.model->request_id() == request_id);
    REQUIRE(second.at_ticket_printed());
    CHECK(second.model->issued()->replayed);
    CHECK(second.model->issued()->ticket.number == "D001");
    CHECK(second.model->print_state() == PrintState::printed);
    CHECK(issued_count(server.port(), "PD") == 1);
    CHECK_FALSE(std::filesystem::exists(second.pending->file()));
}

TEST_CASE("quota reached: a calm refusal, and the service shows as full") {
    auto config = demo_config_json();
    for (auto& service : config["services"])
        if (service["code"] == "B") service["daily_quota"] = 1;
    anoman::testing::ServerOptions options;
    options.config = config;
    ServerProcess server(options);
    HeadlessKiosk kiosk(server.port(), "none", anoman::testing::scratch_dir("kiosk-flow-quota"));
    REQUIRE(kiosk.ready());
    // Another kiosk takes the last number while this one still shows the service open.
    LineClient other(server.port());
    other.hello("kiosk", "kiosk-2", "demo-kiosk-2");
    REQUIRE(other.request({{"type", "ticket.issue"}, {"service", "B"}, {"request_id", "kiosk-2:1"}}).at("ok") == true);
    CHECK(kiosk.model->find_service("B")->availability() == Availability::open);
    kiosk.choose(Lane::umum, "B");
    REQUIRE(kiosk.run_until([&] { return kiosk.model->screen() == Screen::refused; }));
    CHECK(kiosk.model->refusal() == Refusal::quota_full);
    REQUIRE(kiosk.run_until([&] { return kiosk.model->find_service("B")->availability() == Availability::full; }));
}
