// The BPJS sender: its own thread, its own SQLite connection to the queue's
// database, and the outbox the engine fills (bpjs_outbox.hpp). The engine
// never waits for it: it only reads rows the engine committed and writes the
// delivery state of those rows, one short statement at a time.
//
// Order: each booking's rows go strictly in id order; a row is tried only when
// every earlier row of its booking was accepted (200, or 208 "already there").
// A refusal (201) stops that booking until an administrator retries it
// (bpjs.retry). No answer, a timeout or a 5xx is BPJS being away: every
// booking waits, with exponential backoff (jitter, at most 60 s), forever.
// After a kill -9 a row sent but not yet marked is sent again; BPJS answers
// 208 and it counts as delivered, so nothing is accepted twice.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "anoman/bpjs_secrets.hpp"
#include "anoman/bpjs_url.hpp"
#include "anoman/protocol.hpp"
#include "bpjs_http.hpp"

namespace anoman::server {

struct BpjsSenderOptions {
    std::chrono::milliseconds step_timeout{15000};  // each of resolve, connect, TLS, write, read
    std::chrono::milliseconds poll{300};            // how often the outbox is looked at when idle
    std::chrono::milliseconds backoff_first{1000};
    std::chrono::milliseconds backoff_cap{60000};
};

// How a BPJS answer to a write (updatewaktu, batal) counts.
struct BpjsVerdict {
    enum class Kind { delivered, rejected, retry } kind = Kind::retry;
    std::optional<std::int64_t> code;  // metadata.code, else the HTTP status
    std::string message;
};
BpjsVerdict judge_write_reply(const HttpReply& reply);

// The delay before the next try after `failures` failures in a row: doubling
// from `first`, jittered into [half, whole], never more than `cap`.
std::chrono::milliseconds backoff_delay(int failures, std::chrono::milliseconds first, std::chrono::milliseconds cap,
                                        double random01);

// The signed headers of part 2 section 1 for one request.
std::vector<std::pair<std::string, std::string>> bpjs_headers(const BpjsCredentials& credentials, std::int64_t timestamp);

class BpjsSender {
public:
    BpjsSender(BpjsCredentials credentials, BpjsUrl url, std::string database, BpjsSenderOptions options = {});
    ~BpjsSender();
    BpjsSender(const BpjsSender&) = delete;
    BpjsSender& operator=(const BpjsSender&) = delete;

    void start();
    void stop();  // safe twice
    void wake();  // the engine committed new rows: look now, not at the next poll

    // A reference list (bpjs.ref): GET path, decrypted with the request's own
    // timestamp. done runs on the sender thread with {"data": ...} or {"error": "..."}.
    void fetch_reference(std::string path, std::function<void(proto::Json)> done);

private:
    void run();
    void drain(class BpjsOutbox& outbox);
    void serve_references();

    BpjsCredentials credentials_;
    BpjsUrl url_;
    std::string database_;
    BpjsSenderOptions options_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool woken_ = false;
    std::deque<std::pair<std::string, std::function<void(proto::Json)>>> references_;
    // One client for the thread's life (the CA store is read once); stop() aborts its call.
    BpjsHttp http_;
    // Sender thread only.
    int failures_in_a_row_ = 0;
    std::chrono::steady_clock::time_point next_try_{};
};

}  // namespace anoman::server
