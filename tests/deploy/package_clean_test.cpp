// The packages are clean (issue 17): lintian finds nothing, each package
// holds exactly its programs (no stray /usr/bin/counter, no /usr/bin/display
// from `cmake --install`), the programs are stripped, and purge removes what
// INSTALL.md section 11 says and keeps what it says it keeps.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "package_support.hpp"

using namespace anoman::testing;
namespace fs = std::filesystem;

namespace {

std::set<std::string> programs_in(const fs::path& root) {
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root / "usr/bin", ec)) names.insert(entry.path().filename().string());
    return names;
}

std::set<std::string> expected_programs(const std::string& package) {
    if (package == "si-anoman-server") return {"queue-server", "queuectl", "si-anoman-backup"};
    return {package};  // si-anoman-kiosk, -display, -counter: one program named like the package
}

// A file with some bytes, its directories made.
void touch(const fs::path& path) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "x";
}

// Runs a package's postrm as dpkg would on purge, with every path under root.
RunResult purge(Packages& packages, const std::string& package, const fs::path& root) {
    return run_program({"sh", (packages.control_dir(package) / "postrm").string(), "purge"}, std::chrono::seconds(30),
                       {{"DPKG_ROOT", root.string()}});
}

}  // namespace

TEST_CASE("lintian finds no error and no warning in any package") {
    Packages& packages = Packages::get();
    REQUIRE(packages.cpack_status == 0);
    REQUIRE_MESSAGE(run_program({"sh", "-c", "command -v lintian"}).status == 0,
                    "lintian is not installed (deploy/install-deps.sh installs it)");
    for (const auto& [name, file] : packages.debs) {
        // The one tag suppressed belongs to Debian's archive: a first upload
        // closes an ITP bug. These packages go to hospitals, not to Debian.
        const RunResult lint = run_program({"lintian", "--fail-on", "error,warning", "--suppress-tags",
                                            "initial-upload-closes-no-bugs", file.string()},
                                           std::chrono::seconds(240));
        INFO(name << ":\n" << lint.output);
        CHECK(lint.status == 0);
        CHECK(lint.output.find("E: ") == std::string::npos);
        CHECK(lint.output.find("W: ") == std::string::npos);
    }
}

TEST_CASE("each package holds exactly its programs, stripped, with copyright, changelog and manual pages") {
    Packages& packages = Packages::get();
    REQUIRE(packages.cpack_status == 0);
    for (const auto& [name, file] : packages.debs) {
        INFO(name);
        const fs::path root = packages.unpack(name);
        CHECK(programs_in(root) == expected_programs(name));
        for (const std::string& program : programs_in(root)) {
            const RunResult sections = run_program({"readelf", "-S", (root / "usr/bin" / program).string()});
            INFO(program << "\n" << sections.output);
            CHECK(sections.output.find(".debug_info") == std::string::npos);
            CHECK(sections.output.find(".symtab") == std::string::npos);
            if (fs::exists(fs::path(ANOMAN_BUILD_DIR) / "man" / (program + ".1.gz")))
                CHECK(fs::is_regular_file(root / "usr/share/man/man1" / (program + ".1.gz")));
        }
        CHECK(fs::is_regular_file(root / "usr/share/doc" / name / "copyright"));
        CHECK(fs::is_regular_file(root / "usr/share/doc" / name / "changelog.Debian.gz"));
        // Nothing uncompressed that Debian wants compressed.
        for (const auto& entry : fs::recursive_directory_iterator(root / "usr/share"))
            if (entry.path().extension() == ".1") CHECK_MESSAGE(false, "uncompressed manual page " << entry.path());
    }
}

TEST_CASE("cmake --install writes no /usr/bin/display, kiosk or counter, only the si-anoman-* names") {
    const fs::path prefix = scratch_dir("cmake-install") / "usr";
    const RunResult install =
        run_program({"cmake", "--install", ANOMAN_BUILD_DIR, "--prefix", prefix.string()}, std::chrono::seconds(120));
    INFO(install.output);
    REQUIRE(install.status == 0);
    const std::set<std::string> installed = programs_in(prefix.parent_path());
    for (const char* stray : {"display", "kiosk", "counter"}) CHECK_MESSAGE(!installed.count(stray), stray);
    for (const std::string& component : split(ANOMAN_SCREEN_COMPONENTS, ','))
        CHECK(installed.count("si-anoman-" + component) == 1);
    CHECK(installed.count("queue-server") == 1);
}

TEST_CASE("purge removes what INSTALL.md section 11 says, and keeps the database, its backups and the users") {
    Packages& packages = Packages::get();
    REQUIRE(packages.cpack_status == 0);

    SUBCASE("si-anoman-server") {
        REQUIRE(packages.debs.count("si-anoman-server"));
        packages.unpack("si-anoman-server");
        const fs::path root = scratch_dir("purge-server");
        for (const char* file : {"etc/si-anoman/server.json", "etc/si-anoman/admin.env", "etc/si-anoman/tls/cert.pem",
                                 "etc/si-anoman/tls/key.pem", "var/lib/si-anoman/queue.db",
                                 "var/lib/si-anoman/backups/queue-20261122T193000.412Z-seq1.db"})
            touch(root / file);
        const RunResult purged = purge(packages, "si-anoman-server", root);
        INFO(purged.output);
        REQUIRE(purged.status == 0);
        CHECK_FALSE(fs::exists(root / "etc/si-anoman"));
        CHECK(fs::exists(root / "var/lib/si-anoman/queue.db"));
        CHECK(fs::exists(root / "var/lib/si-anoman/backups/queue-20261122T193000.412Z-seq1.db"));
        CHECK(purged.output.find("kept in /var/lib/si-anoman") != std::string::npos);
    }
    SUBCASE("screens: the .env, the kiosk's state, and the shared home with the last screen package") {
        const std::vector<std::string> components = split(ANOMAN_SCREEN_COMPONENTS, ',');
        if (components.empty()) return;
        const fs::path root = scratch_dir("purge-screens");
        for (const std::string& component : components) {
            touch(root / "etc/si-anoman" / (component + ".env"));
            touch(root / "usr/lib/systemd/system" / ("si-anoman-" + component + ".service"));
        }
        touch(root / "var/lib/si-anoman-kiosk/pending-ticket.json");
        touch(root / "var/lib/si-anoman-screen/.cache/x");
        for (std::size_t i = 0; i < components.size(); ++i) {
            const std::string package = "si-anoman-" + components[i];
            REQUIRE(packages.debs.count(package));
            packages.unpack(package);
            // dpkg has removed the package's own files before postrm purge.
            fs::remove(root / "usr/lib/systemd/system" / (package + ".service"));
            const RunResult purged = purge(packages, package, root);
            INFO(package << ": " << purged.output);
            REQUIRE(purged.status == 0);
            CHECK_FALSE(fs::exists(root / "etc/si-anoman" / (components[i] + ".env")));
            CHECK_FALSE(fs::exists(root / ("var/lib/si-anoman-" + components[i])));
            const bool last = i + 1 == components.size();
            CHECK(fs::exists(root / "var/lib/si-anoman-screen") == !last);
        }
        CHECK_FALSE(fs::exists(root / "etc/si-anoman"));
    }
}
