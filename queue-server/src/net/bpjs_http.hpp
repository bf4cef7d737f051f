// A small blocking HTTP(S) client for the BPJS sender thread (Boost.Beast +
// OpenSSL): the system's CA store, hostname verification and SNI for https,
// and a deadline on every step (resolve, connect, handshake, write, read).
// It blocks only the thread that calls it, never the engine's.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "anoman/bpjs_url.hpp"

namespace anoman::server {

struct HttpReply {
    bool transport_ok = false;  // false: no HTTP answer (DNS, connect, TLS, timeout, reset)
    unsigned status = 0;
    std::string body;
    std::string error;  // transport errors: what failed, for the logs (no secrets in it)
};

class BpjsHttp {
public:
    BpjsHttp(BpjsUrl url, std::chrono::milliseconds step_timeout);
    ~BpjsHttp();
    BpjsHttp(const BpjsHttp&) = delete;
    BpjsHttp& operator=(const BpjsHttp&) = delete;

    // path is appended to the base URL's path ("/antrean/updatewaktu").
    HttpReply request(const std::string& method, const std::string& path,
                      const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body);
    const BpjsUrl& url() const { return url_; }
    // From another thread: the call in progress (and every later one) ends now
    // as failed, so a shutdown never waits for a slow BPJS.
    void abort();

private:
    struct Impl;
    BpjsUrl url_;
    std::chrono::milliseconds step_timeout_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace anoman::server
