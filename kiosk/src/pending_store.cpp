#include "pending_store.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace anoman::kiosk {

bool PendingStore::save(const PendingIssue& pending, std::string& error) {
    nlohmann::json document = {
        {"request_id", pending.request_id}, {"service", pending.service},   {"priority", pending.priority},
        {"patient", pending.patient},       {"language", pending.language}, {"started_unix_ms", pending.started_unix_ms},
    };
    if (!pending.booking_code.empty()) document["booking_code"] = pending.booking_code;
    const std::string text = document.dump() + "\n";
    const std::filesystem::path temporary = file_.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = "open " + temporary.string() + ": " + std::strerror(errno);
        return false;
    }
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ok = ok && ::fsync(fd) == 0;
    if (!ok) error = "write " + temporary.string() + ": " + std::strerror(errno);
    ::close(fd);
    if (ok && std::rename(temporary.c_str(), file_.c_str()) != 0) {
        error = "rename to " + file_.string() + ": " + std::strerror(errno);
        ok = false;
    }
    if (!ok) std::filesystem::remove(temporary);
    return ok;
}

std::optional<PendingIssue> PendingStore::load() {
    std::ifstream in(file_);
    if (!in) return std::nullopt;
    std::stringstream buffer;
    buffer << in.rdbuf();
    try {
        const auto document = nlohmann::json::parse(buffer.str());
        PendingIssue pending;
        pending.request_id = document.at("request_id").get<std::string>();
        pending.service = document.at("service").get<std::string>();
        pending.priority = document.value("priority", false);
        pending.patient = document.value("patient", nlohmann::json());
        pending.language = document.value("language", std::string("id"));
        pending.started_unix_ms = document.at("started_unix_ms").get<std::int64_t>();
        pending.booking_code = document.value("booking_code", std::string());
        if (pending.request_id.empty() || pending.service.empty()) throw std::runtime_error("empty");
        return pending;
    } catch (const std::exception&) {
        clear();  // a torn or foreign file must not block the kiosk forever
        return std::nullopt;
    }
}

void PendingStore::clear() {
    std::error_code ignored;
    std::filesystem::remove(file_, ignored);
}

}  // namespace anoman::kiosk
