// The Debian packages: CPack builds them from this build tree, dpkg-deb
// unpacks them into a scratch root, and the test checks what a hospital's
// machine would get: files, control metadata and dependencies, maintainer
// scripts, units that systemd accepts, a configuration template that the
// server accepts, and programs that run from the unpacked tree.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "anoman/config.hpp"
#include "package_support.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

namespace {

void check_maintainer_scripts(Packages& packages, const std::string& package) {
    for (const char* script : {"postinst", "prerm", "postrm"}) {
        const fs::path path = packages.control_dir(package) / script;
        INFO(package << " " << script);
        CHECK(executable(path));
        CHECK(run_program({"sh", "-n", path.string()}).status == 0);  // syntax
        CHECK(read_file(path).find("@COMPONENT@") == std::string::npos);
    }
    // Every file postinst hands to systemd-sysusers or copies from the package is in it.
    const std::string postinst = read_file(packages.control_dir(package) / "postinst");
    const fs::path root = packages.unpack(package);
    for (const std::string& line : split(postinst, '\n')) {
        const auto sysusers = line.find("systemd-sysusers ");
        if (sysusers != std::string::npos && line.find(".conf") != std::string::npos) {
            const std::string name = split(line.substr(sysusers + 17), ' ').front();
            CHECK_MESSAGE(fs::is_regular_file(root / "usr/lib/sysusers.d" / name), package << " postinst uses " << name);
        }
        const auto shared = line.find("/usr/share/si-anoman/");
        if (shared != std::string::npos) {
            std::string name = line.substr(shared + 1);
            name = name.substr(0, name.find_first_of(" \t\""));
            CHECK_MESSAGE(fs::is_regular_file(root / name), package << " postinst uses /" << name);
        }
    }
}

// systemd's own check of a unit file; only "binary not installed on this
// machine" complaints are expected (the package is unpacked, not installed).
void check_unit_with_systemd(const fs::path& unit) {
    if (run_program({"sh", "-c", "command -v systemd-analyze"}).status != 0) {
        MESSAGE("systemd-analyze not installed: unit syntax not checked by systemd");
        return;
    }
    const RunResult verify = run_program({"systemd-analyze", "verify", "--man=no", unit.string()});
    for (const std::string& line : split(verify.output, '\n')) {
        INFO(unit.filename().string() << ": " << line);
        CHECK(line.find("is not executable: No such file or directory") != std::string::npos);
    }
}

}  // namespace

TEST_CASE("cpack builds one package per component") {
    Packages& packages = Packages::get();
    INFO(packages.cpack_output);
    REQUIRE(packages.cpack_status == 0);
    CHECK(packages.debs.count("si-anoman-server") == 1);
    for (const std::string& component : split(ANOMAN_SCREEN_COMPONENTS, ','))
        CHECK(packages.debs.count("si-anoman-" + component) == 1);
    for (const auto& [name, file] : packages.debs) {
        const std::string expected = name + "_" + ANOMAN_VERSION_TEXT + "-1_";
        CHECK(file.filename().string().rfind(expected, 0) == 0);
    }
}

TEST_CASE("si-anoman-server: metadata, files, scripts, units") {
    Packages& packages = Packages::get();
    REQUIRE(packages.debs.count("si-anoman-server"));
    const std::string info = packages.info("si-anoman-server");
    INFO(info);
    CHECK(field(info, "Package") == "si-anoman-server");
    CHECK(field(info, "Version") == std::string(ANOMAN_VERSION_TEXT) + "-1");
    const std::string depends = field(info, "Depends");
    // libcrypto (token hashes) is in libssl3.
    for (const char* needed : {"libsqlite3-0", "libstdc++6", "libc6", "systemd (>= ", "tzdata", "libssl3"})
        CHECK_MESSAGE(depends.find(needed) != std::string::npos, "Depends lacks " << needed);
    // sd_notify is spoken directly (queue-server/src/ops/sd_notify.hpp): no libsystemd in the server.
    CHECK(depends.find("libsystemd0") == std::string::npos);
    CHECK(depends.find("libglfw") == std::string::npos);  // the server needs no screen

    const fs::path root = packages.unpack("si-anoman-server");
    for (const char* program : {"usr/bin/queue-server", "usr/bin/queuectl", "usr/bin/si-anoman-backup"})
        CHECK_MESSAGE(executable(root / program), program);
    for (const char* file : {"usr/lib/systemd/system/si-anoman-server.service",
                             "usr/lib/systemd/system/si-anoman-backup.service",
                             "usr/lib/systemd/system/si-anoman-backup.timer", "usr/lib/sysusers.d/si-anoman-server.conf",
                             "usr/share/si-anoman/server.json.in", "etc/default/si-anoman",
                             "usr/share/doc/si-anoman-server/install-guide.md",
                             "usr/share/doc/si-anoman-server/examples/server.json"})
        CHECK_MESSAGE(fs::is_regular_file(root / file), file);
    if (fs::exists(fs::path(ANOMAN_BUILD_DIR) / "man" / "queue-server.1.gz")) {
        // Compressed, as Debian wants them (lintian checks it too).
        const std::string page =
            run_program({"gzip", "-dc", (root / "usr/share/man/man1/queue-server.1.gz").string()}).output;
        CHECK(page.find("backup\\-dir") != std::string::npos);  // man escapes "-"
        CHECK(fs::is_regular_file(root / "usr/share/man/man1/queuectl.1.gz"));
        CHECK(fs::is_regular_file(root / "usr/share/man/man1/si-anoman-backup.1.gz"));
    }
    // INSTALL.md section 3 points to the protocol reference: it is shipped.
    CHECK(fs::is_regular_file(root / "usr/share/doc/si-anoman-server/protocol.md"));
    // The guides INSTALL.md points to, and the examples and nginx site it copies from.
    for (const char* shipped : {"bpjs.md", "web.md", "mobile-jkn.md", "network-guards.md",
                                "examples/bpjs.example.json", "examples/mobile-jkn.example.json",
                                "examples/si-anoman-mobile-jkn.conf"})
        CHECK_MESSAGE(fs::is_regular_file(root / "usr/share/doc/si-anoman-server" / shipped), shipped);
    CHECK(read_file(packages.control_dir("si-anoman-server") / "conffiles").find("/etc/default/si-anoman") !=
          std::string::npos);
    check_maintainer_scripts(packages, "si-anoman-server");

    const std::string unit = read_file(root / "usr/lib/systemd/system/si-anoman-server.service");
    for (const char* line : {"Type=notify", "WatchdogSec=", "User=si-anoman", "StateDirectory=si-anoman",
                             "ConfigurationDirectory=si-anoman", "Restart=on-failure", "ProtectSystem=strict",
                             "NoNewPrivileges=true", "ProtectHome=true", "PrivateTmp=true", "PrivateDevices=true",
                             "CapabilityBoundingSet=", "ExecStart=/usr/bin/queue-server --config /etc/si-anoman/server.json"})
        CHECK_MESSAGE(unit.find(line) != std::string::npos, "unit lacks " << line);
    for (const char* name : {"si-anoman-server.service", "si-anoman-backup.service", "si-anoman-backup.timer"})
        check_unit_with_systemd(root / "usr/lib/systemd/system" / name);
    // The nightly backup runs at 02:35 WIB whatever the machine's timezone: a
    // calendar with a timezone that systemd accepts, landing at 19:35 UTC.
    const std::string timer = read_file(root / "usr/lib/systemd/system/si-anoman-backup.timer");
    const std::string calendar = "*-*-* 02:35:00 Asia/Jakarta";
    CHECK(timer.find("OnCalendar=" + calendar + "\n") != std::string::npos);
    if (run_program({"sh", "-c", "command -v systemd-analyze"}).status == 0) {
        const RunResult next = run_program({"systemd-analyze", "calendar", calendar}, std::chrono::seconds(30),
                                           {{"TZ", "UTC"}});
        INFO(next.output);
        CHECK(next.status == 0);
        CHECK(next.output.find("19:35:00 UTC") != std::string::npos);
    }
}

TEST_CASE("si-anoman-server: the unpacked programs run; the configuration template is valid") {
    Packages& packages = Packages::get();
    REQUIRE(packages.debs.count("si-anoman-server"));
    const fs::path root = packages.unpack("si-anoman-server");

    const RunResult help = run_program({(root / "usr/bin/queue-server").string(), "--help"});
    CHECK(help.status == 0);
    CHECK(help.output.find("--config") != std::string::npos);
    CHECK(help.output.find("--backup-dir") != std::string::npos);
    const RunResult version = run_program({(root / "usr/bin/queue-server").string(), "--version"});
    CHECK(version.output.find(std::string("queue-server ") + ANOMAN_VERSION_TEXT) != std::string::npos);
    const RunResult queuectl = run_program({(root / "usr/bin/queuectl").string(), "--help"});
    CHECK(queuectl.status == 0);
    for (const char* command : {"device", "backup", "status", "token"}) CHECK(queuectl.output.find(command) != std::string::npos);
    CHECK(run_program({(root / "usr/bin/si-anoman-backup").string(), "--help"}).status == 0);

    // What postinst does on a first install: the template with the hash of a fresh admin token.
    std::string config = read_file(root / "usr/share/si-anoman/server.json.in");
    const std::string marker = "@ADMIN_TOKEN_SHA256@";
    const auto at = config.find(marker);
    REQUIRE(at != std::string::npos);
    config.replace(at, marker.size(), std::string(64, 'a'));
    const anoman::Config parsed = anoman::parse_config(Json::parse(config));
    CHECK(parsed.database == "/var/lib/si-anoman/queue.db");
    CHECK(parsed.listen_port == 7700);
    REQUIRE(parsed.find_device("admin"));
    CHECK(parsed.find_device("admin")->token_sha256 == std::string(64, 'a'));
    CHECK(read_file(packages.control_dir("si-anoman-server") / "postinst").find(marker) != std::string::npos);
}

TEST_CASE("screen packages: kiosk, display, counter full screen on tty1") {
    Packages& packages = Packages::get();
    for (const std::string& component : split(ANOMAN_SCREEN_COMPONENTS, ',')) {
        const std::string package = "si-anoman-" + component;
        REQUIRE(packages.debs.count(package));
        const std::string info = packages.info(package);
        INFO(info);
        const std::string depends = field(info, "Depends");
        for (const char* needed : {"cage", "xwayland", "fonts-dejavu-core", "libglfw3"})
            CHECK_MESSAGE(depends.find(needed) != std::string::npos, package << " Depends lacks " << needed);

        const fs::path root = packages.unpack(package);
        CHECK(executable(root / "usr/bin" / package));
        const fs::path unit_path = root / "usr/lib/systemd/system" / (package + ".service");
        const std::string unit = read_file(unit_path);
        for (const std::string& line : {"ExecStart=/usr/bin/cage -s -- /usr/bin/" + package + " --fullscreen",
                                       std::string("Restart=always"), std::string("TTYPath=/dev/tty1"),
                                       std::string("User=si-anoman-screen"), std::string("PAMName=login"),
                                       "EnvironmentFile=/etc/si-anoman/" + component + ".env"})
            CHECK_MESSAGE(unit.find(line) != std::string::npos, package << " unit lacks " << line);
        check_unit_with_systemd(unit_path);
        CHECK(fs::is_regular_file(root / "usr/share/si-anoman" / (component + ".env.example")));
        CHECK(fs::is_regular_file(root / "usr/lib/sysusers.d" / ("si-anoman-screen-" + component + ".conf")));
        check_maintainer_scripts(packages, package);
        const std::string postinst = read_file(packages.control_dir(package) / "postinst");
        CHECK(postinst.find("/etc/si-anoman/" + component + ".env") != std::string::npos);
        CHECK(read_file(packages.control_dir(package) / "prerm").find(package + ".service") != std::string::npos);
    }
}

TEST_CASE("no si-anoman-tls package any more: TLS is in the protocol (listen.tls), OpenSSL in the server") {
    Packages& packages = Packages::get();
    CHECK_FALSE(packages.debs.count("si-anoman-tls"));
    CHECK(field(packages.info("si-anoman-server"), "Depends").find("libssl3") != std::string::npos);
}
