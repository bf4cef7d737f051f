// The web door's pages in a real browser (Debian's chromium, headless, over
// DevTools): the ticket page at phone size follows a call made with queuectl,
// the dashboard logs in and draws its charts. Screenshots land in the build
// tree (test-scratch/web-browser-*/) for a person to look at.
#include <doctest/doctest.h>

#include <ctime>
#include <random>

#include "../deploy/deploy_support.hpp"
#include "devtools.hpp"
#include "web_client.hpp"

using namespace anoman::testing;
using namespace anoman::testing::web;

namespace {

// A morning of finished visits, written into the database of a stopped server,
// so the charts have something to draw: 120 tickets between 07:00 and 12:00
// local time, waits of 2 to 45 minutes, some no-shows, satisfaction answers.
void seed_morning(const std::filesystem::path& db, const std::string& day) {
    std::tm midnight{};
    midnight.tm_year = std::stoi(day.substr(0, 4)) - 1900;
    midnight.tm_mon = std::stoi(day.substr(5, 2)) - 1;
    midnight.tm_mday = std::stoi(day.substr(8, 2));
    const std::int64_t day_ms = (std::int64_t{timegm(&midnight)} - 7 * 3600) * 1000;  // Asia/Jakarta
    std::mt19937 random(7);
    const char* services[] = {"A", "A", "A", "B", "B", "P"};
    const char* counters[] = {"L1", "L2", "L4", "L3", "L3", "L1"};
    std::string sql = "BEGIN;";
    for (int i = 0; i < 120; ++i) {
        const int kind = static_cast<int>(random() % 6);
        const std::string service = services[kind];
        const std::int64_t issued = day_ms + (7 * 60 + static_cast<std::int64_t>(random() % 300)) * 60000;
        const std::int64_t called = issued + (2 + static_cast<std::int64_t>(random() % (service == "P" ? 10 : 44))) * 60000;
        const std::int64_t finished = called + (3 + static_cast<std::int64_t>(random() % 8)) * 60000;
        const bool no_show = random() % 10 == 0;
        const std::string seq = std::to_string(1000 + i);
        sql += "INSERT INTO tickets (service_day, issued_service, service, daily_seq, number, priority, status, counter,"
               " calls, issued_at_ms, queued_at_ms, called_at_ms, first_called_at_ms, finished_at_ms) VALUES ('" + day +
               "','" + service + "','" + service + "'," + seq + ",'" + service + seq + "',0,'" +
               (no_show ? "skipped" : "done") + "','" + counters[kind] + "',1," + std::to_string(issued) + "," +
               std::to_string(issued) + "," + std::to_string(called) + "," + std::to_string(called) + "," +
               std::to_string(finished) + ");";
        if (!no_show && random() % 3 == 0)
            sql += "INSERT INTO satisfaction (ticket_id, score, at_ms) VALUES (last_insert_rowid(), " +
                   std::to_string(3 + random() % 3) + "," + std::to_string(finished) + ");";
    }
    sql_exec(db, sql + "COMMIT;");
}

}  // namespace

TEST_CASE("a phone follows its ticket: waiting, called to Loket 1 with queuectl, done, rated") {
    REQUIRE_MESSAGE(Browser::available(), "chromium is missing (deploy/install-deps.sh installs it)");
    const auto dir = scratch_dir("web-browser-ticket");
    ServerProcess server(with_config(web_config()));
    const std::uint16_t port = web_port(server);
    LineClient admin(server.port());
    admin.hello_demo("admin");
    for (const char* key : {"k1", "k2"})
        REQUIRE(admin.request({{"type", "ticket.issue"}, {"service", "A"}, {"request_id", key}})["ok"] == true);
    Json mine = admin.request({{"type", "ticket.issue"}, {"service", "A"}, {"request_id", "mine"}});
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/t/" + code_of(mine["page_url"]);

    Browser browser(dir);
    browser.set_size(390, 844, true);
    browser.navigate(url);
    REQUIRE_MESSAGE(browser.wait_for("document.body.dataset.connected === '1'"), browser.log());
    CHECK(browser.evaluate("document.getElementById('number').textContent") == "A003");
    CHECK(browser.evaluate("document.getElementById('ahead').textContent") == "2");
    browser.screenshot(dir / "ticket-waiting.png");

    REQUIRE(queuectl(server, {"call", "--counter", "L1"}).status == 0);
    CHECK(browser.wait_for("document.getElementById('ahead').textContent === '1'"));
    REQUIRE(queuectl(server, {"call", "--counter", "L2"}).status == 0);
    REQUIRE(queuectl(server, {"call", "--counter", "L1"}).status == 0);  // finishes A001, calls A003
    REQUIRE(browser.wait_for("document.body.dataset.status === 'called'"));
    CHECK(browser.evaluate("document.getElementById('called_text').textContent") ==
          "Nomor Anda dipanggil: silakan menuju Loket 1");
    CHECK(browser.evaluate("document.body.classList.contains('called')") == true);
    browser.screenshot(dir / "ticket-called.png");

    // The English switch.
    browser.evaluate("document.getElementById('lang').click()");
    CHECK(browser.evaluate("document.getElementById('called_text').textContent") ==
          "Your number is called: please go to Loket 1");
    browser.evaluate("document.getElementById('lang').click()");

    REQUIRE(queuectl(server, {"finish", "--counter", "L1"}).status == 0);
    REQUIRE(browser.wait_for("document.body.dataset.status === 'done'"));
    CHECK(browser.evaluate("getComputedStyle(document.getElementById('rating')).display") == "block");
    browser.screenshot(dir / "ticket-done.png");
    browser.evaluate("document.querySelector('[data-score=\"5\"]').click()");
    CHECK(browser.wait_for("getComputedStyle(document.getElementById('rating')).display === 'none'"));
    CHECK(Json::parse(get(port, "/t/" + code_of(mine["page_url"]) + "/state").body)["rated"] == true);

    // The server goes away: the page says so.
    server.terminate();
    server.wait();
    CHECK(browser.wait_for("document.body.dataset.connected === '0'", 20s));
    browser.screenshot(dir / "ticket-offline.png");
}

TEST_CASE("the director logs in and sees today's queues and the history's charts") {
    REQUIRE(Browser::available());
    const auto dir = scratch_dir("web-browser-admin");
    Json config = web_config();
    config["services"][0]["target_wait_min"] = 20;
    config["services"][1]["target_wait_min"] = 30;
    std::filesystem::path server_dir;
    {
        ServerProcess first(with_config(config));  // creates the database
        server_dir = first.dir();
        first.terminate();
        REQUIRE(first.wait() == 0);
        seed_morning(first.db(), hospital_today());
    }
    ServerProcess server(with_config(config, server_dir));
    const std::uint16_t port = web_port(server);
    LineClient admin(server.port());
    admin.hello_demo("admin");
    int key = 0;
    for (const char* service : {"A", "A", "B", "A", "P", "B", "A"})
        admin.request({{"type", "ticket.issue"}, {"service", service}, {"request_id", "r" + std::to_string(key++)}});
    for (const char* counter : {"L1", "L3", "L1", "L2"}) admin.request({{"type", "counter.call_next"}, {"counter", counter}});
    admin.request({{"type", "counter.finish"}, {"counter", "L1"}});
    admin.request({{"type", "counter.close"}, {"counter", "L4"}, {"reason", "istirahat"}});
    RunResult added = run_program({"/bin/sh", "-c", "printf 'kata-sandi-rahasia\\n' | " + program("queuectl").string() +
                                                        " --server " + server.address() + " web user add direktur"});
    REQUIRE(added.status == 0);

    Browser browser(dir);
    browser.set_size(1366, 768, false);
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    browser.navigate(base + "/admin");
    REQUIRE(browser.wait_for("location.pathname === '/admin/login' && document.readyState === 'complete'"));
    browser.screenshot(dir / "admin-login.png");
    browser.evaluate("document.getElementById('name').value = 'direktur';"
                     "document.getElementById('password').value = 'kata-sandi-rahasia';"
                     "document.getElementById('form').submit()");
    REQUIRE_MESSAGE(browser.wait_for("location.pathname === '/admin' && document.querySelectorAll('#services .card').length > 0"),
                    browser.evaluate("location.href + ' ' + document.body.innerText.slice(0, 300)").dump() << server.output());
    CHECK(browser.evaluate("document.getElementById('counters').textContent.indexOf('Tutup') >= 0") == true);
    browser.screenshot(dir / "admin-today.png");
    browser.evaluate("window.errors = []; window.addEventListener('error', function (e) { window.errors.push(e.message); });"
                     "document.querySelector('[data-tab=hist]').click()");
    REQUIRE_MESSAGE(browser.wait_for("document.body.dataset.charts === '5'"),
                    browser.evaluate("typeof Chart + ' ' + document.body.dataset.charts + ' ' + window.errors.join('; ')").dump() << server.output());
    // Chart.js drew into the canvases (a blank canvas has no coloured pixel).
    CHECK(browser.evaluate("(function(){var c=document.getElementById('c_wait');var d=c.getContext('2d').getImageData(0,0,c.width,c.height).data;"
                           "for(var i=0;i<d.length;i+=4){if(d[i+3]>0&&(d[i]!==d[i+1]||d[i+1]!==d[i+2]))return true;}return false;})()") == true);
    browser.screenshot(dir / "admin-history.png");
    browser.navigate(base + "/admin/report");
    REQUIRE(browser.wait_for("document.body.dataset.charts === '5'"));
    browser.screenshot(dir / "admin-report.png");
}
