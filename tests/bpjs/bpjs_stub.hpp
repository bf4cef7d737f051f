// A stub of BPJS's Antrean RS web service for the tests, written from
// BPJS-ANTREAN.md part 2: plain HTTP on 127.0.0.1, one connection at a time
// (Boost.Beast, synchronous, its own thread). It checks what BPJS checks
// (X-cons-id, X-timestamp within 5 minutes, X-signature, user_key, the JSON
// types, task order and times per booking) and answers like BPJS: 200, 201
// with a message, 208 for a task it already has. It serves the reference
// lists encrypted with the request's own timestamp, and can be told to fail.
// Everything it refused for a reason the sender should never give is kept in
// violations(): a test that ends with any is a bug in the sender.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace anoman::testing {

class BpjsStub {
public:
    enum class Mode {
        normal,
        http_500,  // every request: HTTP 500
        hang,      // read the request, never answer (the client's timeout)
        reset,     // accept, then reset the connection (RST)
    };
    struct Task {
        int taskid = 0;
        std::int64_t waktu = 0;
    };

    BpjsStub(std::string cons_id, std::string secret, std::string user_key);
    ~BpjsStub();
    BpjsStub(const BpjsStub&) = delete;
    BpjsStub& operator=(const BpjsStub&) = delete;

    std::uint16_t port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/antreanrs"; }

    void set_mode(Mode mode);
    // The hospital's clock minus the real one (a test server under libfaketime).
    void set_clock_offset_s(std::int64_t offset);
    // The next write for this booking is refused: 201 with this message (once).
    void refuse_next(const std::string& booking, const std::string& message);

    // What BPJS accepted (200), per booking, in order; batal reasons; counts.
    std::map<std::string, std::vector<Task>> accepted() const;
    std::map<std::string, std::string> cancelled() const;
    int duplicates() const;   // 208s answered
    int requests() const;     // every request read
    std::vector<std::string> violations() const;
    std::vector<std::string> seen_headers() const;  // "name: value" of every request, for the secret checks

private:
    void serve();
    nlohmann::json handle(const std::string& method, const std::string& target, const std::map<std::string, std::string>& headers,
                          const std::string& body, int& http_status);
    nlohmann::json write_answer(const std::string& target, const nlohmann::json& body);
    void violation(const std::string& what);

    std::string cons_id_;
    std::string secret_;
    std::string user_key_;
    std::uint16_t port_ = 0;
    int listen_fd_ = -1;
    std::thread thread_;
    mutable std::mutex mutex_;
    bool stopping_ = false;
    Mode mode_ = Mode::normal;
    std::int64_t clock_offset_s_ = 0;
    std::map<std::string, std::string> refuse_next_;
    std::map<std::string, std::vector<Task>> accepted_;
    std::map<std::string, std::string> cancelled_;
    int duplicates_ = 0;
    int requests_ = 0;
    std::vector<std::string> violations_;
    std::vector<std::string> seen_headers_;
};

}  // namespace anoman::testing
