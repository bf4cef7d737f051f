#include "database_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "sha256.hpp"

namespace anoman::server {
namespace fs = std::filesystem;

namespace {

constexpr int kExitRuntime = 1;
constexpr int kExitSetup = 2;

std::string folder_of(const std::string& path) {
    const fs::path parent = fs::absolute(path).parent_path();
    return parent.empty() ? std::string("/") : parent.string();
}

// Binds the abstract socket "\0si-anoman-db-<sha256 of the absolute path>";
// -1 with errno EADDRINUSE while another process holds it.
int bind_database_name(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    const std::string name = "si-anoman-db-" + secrets::sha256_hex(fs::absolute(path).lexically_normal().string());
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path + 1, name.data(), name.size());  // sun_path[0] == 0: abstract
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

}  // namespace

DatabaseFile::~DatabaseFile() {
    if (fd_ >= 0) ::close(fd_);
    if (name_fd_ >= 0) ::close(name_fd_);
}

void DatabaseFile::check_before_open(const std::string& path) {
    if (path == ":memory:") return;
    struct stat st {};
    const std::string folder = folder_of(path);
    if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw DatabaseFileError(kExitRuntime, "the folder " + folder + " of database " + path +
                                                  " does not exist (create it, or correct \"database\" / --db)");
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
        throw DatabaseFileError(kExitSetup, "database " + path +
                                                " is an empty file (0 bytes), not a queue database; move it away to "
                                                "start a new one, or restore a backup");
}

void DatabaseFile::lock(const std::string& path) {
    if (path == ":memory:") return;
    path_ = path;
    // No O_CREAT: SQLite has just opened (or created) it.
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
        throw DatabaseFileError(kExitRuntime, "cannot open database " + path + " to lock it: " + std::strerror(errno));
    name_fd_ = bind_database_name(path);
    if (name_fd_ < 0 && errno == EADDRINUSE)
        throw DatabaseFileError(kExitRuntime, "database " + path + " is in use by another queue-server");
    if (name_fd_ < 0)
        spdlog::warn("database {}: no abstract socket for the single-server lock ({}); the file lock alone holds",
                     path, std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        if (error == EWOULDBLOCK)
            throw DatabaseFileError(kExitRuntime, "database " + path + " is in use by another queue-server");
        throw DatabaseFileError(kExitRuntime, "cannot lock database " + path + ": " + std::strerror(error));
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0)
        throw DatabaseFileError(kExitRuntime, "cannot stat database " + path + ": " + std::strerror(errno));
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    // The lock is worth something only if the path still names the locked
    // file (it may have been replaced between open and flock).
    if (auto lost = problem()) throw DatabaseFileError(kExitRuntime, *lost);
}

std::optional<std::string> DatabaseFile::problem() const {
    if (fd_ < 0) return std::nullopt;
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        const int error = errno;
        struct stat folder {};
        if (::stat(folder_of(path_).c_str(), &folder) != 0)
            return "the folder of database " + path_ + " was deleted while the server had it open";
        return "database " + path_ + " was deleted while the server had it open (" + std::strerror(error) + ")";
    }
    if (st.st_dev != dev_ || st.st_ino != ino_)
        return "database " + path_ + " was replaced by another file while the server had it open";
    return std::nullopt;
}

void DatabaseFile::exit_if_lost() const {
    const auto lost = problem();
    if (!lost) return;
    spdlog::critical("{}; changes since then cannot be kept: stopping at once, nothing more is acknowledged", *lost);
    spdlog::default_logger()->flush();
    // _exit: no destructor may commit or answer anything more; the kernel
    // closes every connection, so no client takes silence for an "ok".
    ::_exit(kExitRuntime);
}

}  // namespace anoman::server
