// Shared by the package tests (package_test.cpp, package_clean_test.cpp):
// the .deb files CPack builds from this build tree, once per test program,
// unpacked with dpkg-deb into a scratch root.
#pragma once

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "test_support.hpp"

namespace anoman::testing {

inline bool executable(const std::filesystem::path& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && (info.st_mode & S_IXUSR);
}

inline std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, separator);)
        if (!part.empty()) parts.push_back(part);
    return parts;
}

inline std::string field(const std::string& control, const std::string& name) {
    for (const std::string& line : split(control, '\n')) {
        const auto start = line.find_first_not_of(' ');
        if (start != std::string::npos && line.compare(start, name.size() + 1, name + ":") == 0)
            return line.substr(start + name.size() + 2);
    }
    return {};
}

// Built once for every test case (cpack takes a while).
struct Packages {
    std::filesystem::path dir;
    std::map<std::string, std::filesystem::path> debs;  // package name -> file
    std::string cpack_output;
    int cpack_status = -1;

    static Packages& get() {
        static Packages packages = [] {
            Packages p;
            p.dir = scratch_dir("packages");
            const RunResult run = run_program({"cpack", "-G", "DEB", "--config",
                                               (std::filesystem::path(ANOMAN_BUILD_DIR) / "CPackConfig.cmake").string(), "-B",
                                               (p.dir / "out").string()},
                                              std::chrono::seconds(240));
            p.cpack_status = run.status;
            p.cpack_output = run.output;
            for (const auto& entry : std::filesystem::directory_iterator(p.dir / "out")) {
                const std::string name = entry.path().filename().string();
                if (entry.path().extension() == ".deb") p.debs[name.substr(0, name.find('_'))] = entry.path();
            }
            return p;
        }();
        return packages;
    }

    // dpkg-deb -x and -e into root/<package> and control/<package>.
    std::filesystem::path unpack(const std::string& package) {
        const std::filesystem::path root = dir / "root" / package;
        if (!std::filesystem::exists(root)) {
            std::filesystem::create_directories(root);
            std::filesystem::create_directories(dir / "control");  // dpkg-deb -e makes only the last directory
            REQUIRE(run_program({"dpkg-deb", "-x", debs.at(package).string(), root.string()}).status == 0);
            REQUIRE(run_program({"dpkg-deb", "-e", debs.at(package).string(), (dir / "control" / package).string()})
                        .status == 0);
        }
        return root;
    }
    std::filesystem::path control_dir(const std::string& package) { return dir / "control" / package; }
    std::string info(const std::string& package) {
        return run_program({"dpkg-deb", "-I", debs.at(package).string()}).output;
    }
};

}  // namespace anoman::testing
