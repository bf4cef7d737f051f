#include "bpjs_stub.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>

#include "anoman/bpjs_crypto.hpp"

namespace anoman::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Json = nlohmann::json;

namespace {

std::int64_t real_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Json meta(int code, const std::string& message) { return Json{{"metadata", {{"code", code}, {"message", message}}}}; }

bool all_digits(const std::string& text) {
    if (text.empty() || text.size() > 12) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

BpjsStub::BpjsStub(std::string cons_id, std::string secret, std::string user_key)
    : cons_id_(std::move(cons_id)), secret_(std::move(secret)), user_key_(std::move(user_key)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int yes = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listen_fd_, 16) != 0)
        std::abort();
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
}

BpjsStub::~BpjsStub() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes the accept
    thread_.join();
    ::close(listen_fd_);
}

void BpjsStub::set_mode(Mode mode) {
    std::lock_guard lock(mutex_);
    mode_ = mode;
}

void BpjsStub::set_clock_offset_s(std::int64_t offset) {
    std::lock_guard lock(mutex_);
    clock_offset_s_ = offset;
}

void BpjsStub::refuse_next(const std::string& booking, const std::string& message) {
    std::lock_guard lock(mutex_);
    refuse_next_[booking] = message;
}

std::map<std::string, std::vector<BpjsStub::Task>> BpjsStub::accepted() const {
    std::lock_guard lock(mutex_);
    return accepted_;
}

std::map<std::string, std::string> BpjsStub::cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

int BpjsStub::duplicates() const {
    std::lock_guard lock(mutex_);
    return duplicates_;
}

int BpjsStub::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<std::string> BpjsStub::violations() const {
    std::lock_guard lock(mutex_);
    return violations_;
}

std::vector<std::string> BpjsStub::seen_headers() const {
    std::lock_guard lock(mutex_);
    return seen_headers_;
}

void BpjsStub::violation(const std::string& what) { violations_.push_back(what); }  // mutex_ held

void BpjsStub::serve() {
    asio::io_context io;
    while (true) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        Mode mode;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                if (fd >= 0) ::close(fd);
                return;
            }
            mode = mode_;
        }
        if (fd < 0) continue;
        if (mode == Mode::reset) {
            linger hard{1, 0};  // close with RST
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
            ::close(fd);
            continue;
        }
        tcp::socket socket(io);
        socket.assign(tcp::v4(), fd);
        beast::flat_buffer buffer;
        http::request<http::string_body> request;
        boost::system::error_code ec;
        http::read(socket, buffer, request, ec);
        if (ec) continue;
        {
            std::lock_guard lock(mutex_);
            ++requests_;
            mode = mode_;
        }
        if (mode == Mode::hang) {
            // Never answer: wait until the client gives up (closes) or the stub stops.
            pollfd watch{fd, POLLIN, 0};
            while (true) {
                {
                    std::lock_guard lock(mutex_);
                    if (stopping_) break;
                }
                if (::poll(&watch, 1, 100) > 0) {
                    char byte;
                    if (::recv(fd, &byte, 1, 0) <= 0) break;
                }
            }
            continue;
        }
        std::map<std::string, std::string> headers;
        for (const auto& field : request) headers[std::string(field.name_string())] = std::string(field.value());
        int status = 200;
        Json answer;
        if (mode == Mode::http_500) {
            status = 500;
            answer = Json{{"error", "Internal Server Error"}};
        } else {
            std::lock_guard lock(mutex_);
            for (const auto& [name, value] : headers) seen_headers_.push_back(name + ": " + value);
            answer = handle(std::string(request.method_string()), std::string(request.target()), headers, request.body(),
                            status);
        }
        http::response<http::string_body> response{static_cast<http::status>(status), 11};
        response.set(http::field::content_type, "application/json");
        response.set(http::field::connection, "close");
        response.body() = answer.dump();
        response.prepare_payload();
        http::write(socket, response, ec);
        socket.shutdown(tcp::socket::shutdown_both, ec);
    }
}

// mutex_ held.
Json BpjsStub::handle(const std::string& method, const std::string& target, const std::map<std::string, std::string>& headers,
                      const std::string& body, int& http_status) {
    auto header = [&](const std::string& name) -> std::string {
        for (const auto& [key, value] : headers)
            if (beast::iequals(key, name)) return value;
        return "";
    };
    // Part 2 section 1: the four headers.
    const std::string timestamp = header("X-timestamp");
    if (header("X-cons-id") != cons_id_) {
        violation("X-cons-id is \"" + header("X-cons-id") + "\"");
        return meta(201, "Consumer ID tidak terdaftar");
    }
    if (!all_digits(timestamp)) {
        violation("X-timestamp is not epoch seconds: \"" + timestamp + "\"");
        return meta(201, "Timestamp tidak valid");
    }
    const std::int64_t sent = std::stoll(timestamp);
    if (std::llabs(sent - (real_now_s() + clock_offset_s_)) > 300) {
        violation("X-timestamp " + timestamp + " is more than 5 minutes off");
        return meta(201, "Timestamp expired");
    }
    if (header("X-signature") != bpjs::signature(cons_id_, secret_, sent)) {
        violation("X-signature does not match");
        return meta(201, "Signature tidak valid");
    }
    if (header("user_key") != user_key_) {
        violation("user_key does not match");
        return meta(201, "User key tidak valid");
    }
    const std::string prefix = "/antreanrs";
    if (target.rfind(prefix, 0) != 0) {
        http_status = 404;
        violation("path outside the base URL: " + target);
        return meta(404, "Not found");
    }
    const std::string path = target.substr(prefix.size());
    if (method == "GET") {
        Json list;
        if (path == "/ref/poli") {
            list = Json::array({{{"nmpoli", "ANAK"}, {"nmsubspesialis", "ANAK"}, {"kdsubspesialis", "ANA"}, {"kdpoli", "ANA"}},
                                {{"nmpoli", "PENYAKIT DALAM"}, {"nmsubspesialis", "PENYAKIT DALAM"}, {"kdsubspesialis", "INT"}, {"kdpoli", "INT"}}});
        } else if (path == "/ref/dokter") {
            list = Json::array({{{"namadokter", "dr. Siti Rahayu, Sp.A"}, {"kodedokter", 12345}},
                                {{"namadokter", "dr. Bambang, Sp.PD"}, {"kodedokter", 222}}});
        } else if (path.rfind("/jadwaldokter/kodepoli/", 0) == 0) {
            list = Json::array({{{"kodesubspesialis", "ANA"}, {"hari", 3}, {"kapasitaspasien", 30}, {"libur", 0},
                                 {"namahari", "RABU"}, {"jadwal", "08:00 - 12:00"}, {"namasubspesialis", "ANAK"},
                                 {"namadokter", "dr. Siti Rahayu, Sp.A"}, {"kodepoli", "ANA"}, {"namapoli", "Anak"},
                                 {"kodedokter", 12345}}});
        } else {
            http_status = 404;
            return meta(404, "Not found");
        }
        Json answer = meta(path == "/ref/poli" ? 1 : 200, "Ok");
        // Encrypted with this request's own timestamp (part 2 section 1).
        answer["response"] = bpjs::encrypt_response(cons_id_, secret_, sent, Json{{"list", list}}.dump());
        return answer;
    }
    if (method != "POST") {
        violation("method " + method + " for " + path);
        http_status = 405;
        return meta(405, "Method not allowed");
    }
    if (header("Content-Type").rfind("application/json", 0) != 0) violation("Content-Type is \"" + header("Content-Type") + "\"");
    const Json parsed = Json::parse(body, nullptr, false);
    if (!parsed.is_object()) {
        violation("body is not a JSON object: " + body);
        return meta(201, "Format request tidak valid");
    }
    return write_answer(path, parsed);
}

// mutex_ held.
Json BpjsStub::write_answer(const std::string& path, const Json& body) {
    auto booking_it = body.find("kodebooking");
    if (booking_it == body.end() || !booking_it->is_string() || booking_it->get<std::string>().empty()) {
        violation("kodebooking missing or not a string: " + body.dump());
        return meta(201, "Kode booking tidak valid");
    }
    const std::string booking = booking_it->get<std::string>();
    if (auto refuse = refuse_next_.find(booking); refuse != refuse_next_.end()) {
        const std::string message = refuse->second;
        refuse_next_.erase(refuse);
        return meta(201, message);
    }
    if (path == "/antrean/batal") {
        auto reason = body.find("keterangan");
        if (reason == body.end() || !reason->is_string() || reason->get<std::string>().empty()) {
            violation("batal without keterangan: " + body.dump());
            return meta(201, "Keterangan harus diisi");
        }
        if (cancelled_.count(booking)) {
            ++duplicates_;
            return meta(208, "Antrean sudah dibatalkan");
        }
        cancelled_[booking] = reason->get<std::string>();
        return meta(200, "Ok.");
    }
    if (path != "/antrean/updatewaktu") {
        violation("unexpected write " + path);
        return meta(201, "Service tidak ditemukan");
    }
    auto taskid = body.find("taskid");
    auto waktu = body.find("waktu");
    if (taskid == body.end() || !taskid->is_number_integer() || waktu == body.end() || !waktu->is_number_integer()) {
        violation("taskid/waktu not integers: " + body.dump());
        return meta(201, "Format taskid atau waktu tidak valid");
    }
    const int task = taskid->get<int>();
    const std::int64_t at = waktu->get<std::int64_t>();
    if (at < 1'600'000'000'000 || at > (real_now_s() + clock_offset_s_ + 3600) * 1000) {
        violation("waktu " + std::to_string(at) + " is not epoch milliseconds near now");
        return meta(201, "Waktu tidak valid");
    }
    std::vector<Task>& tasks = accepted_[booking];
    for (const Task& done : tasks) {
        if (done.taskid == task) {
            ++duplicates_;
            return meta(208, "TaskId=" + std::to_string(task) + " sudah ada");
        }
    }
    // Order (part 2 section 3): 1-2-3-4-5 for new patients, 3-4-5 for existing ones, 99 at any point.
    const int last = tasks.empty() ? 0 : tasks.back().taskid;
    bool in_order = false;
    if (task == 99) in_order = last != 99;
    else if (task >= 1 && task <= 5) in_order = last == 99 ? false : (last == 0 ? (task == 1 || task == 3) : task == last + 1);
    if (!in_order) {
        violation(booking + ": TaskId=" + std::to_string(task) + " after " + std::to_string(last));
        return meta(201, "TaskId=" + std::to_string(task) + " tidak valid / TaskId sebelumnya belum terkirim");
    }
    if (!tasks.empty() && at <= tasks.back().waktu) {
        violation(booking + ": TaskId=" + std::to_string(task) + " waktu not after the previous task");
        return meta(201, "waktu tidak boleh kurang atau sama");
    }
    tasks.push_back({task, at});
    return meta(200, "Ok.");
}

}  // namespace anoman::testing
