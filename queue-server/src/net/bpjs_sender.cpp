#include "bpjs_sender.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "anoman/bpjs_crypto.hpp"
#include "bpjs_outbox.hpp"
#include "sqlite_db.hpp"

namespace anoman::server {

using proto::Json;

namespace {

std::int64_t epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// metadata.code as BPJS sends it: a number, sometimes a string of digits.
std::optional<std::int64_t> metadata_code(const Json& metadata) {
    auto it = metadata.find("code");
    if (it == metadata.end()) return std::nullopt;
    if (it->is_number_integer()) return it->get<std::int64_t>();
    if (it->is_string()) {
        const std::string text = it->get<std::string>();
        if (!text.empty() && text.size() < 10 && std::all_of(text.begin(), text.end(), ::isdigit)) return std::stoll(text);
    }
    return std::nullopt;
}

// An answer's text, cut short for the outbox and the logs.
std::string clip(std::string text) {
    if (text.size() > 300) text = text.substr(0, 300) + "...";
    return text;
}

std::string row_body(const OutboxRow& row) {
    if (row.kind == "batal")
        return Json{{"kodebooking", *row.booking_code}, {"keterangan", row.keterangan.value_or("")}}.dump();
    return Json{{"kodebooking", *row.booking_code}, {"taskid", row.taskid.value_or(0)}, {"waktu", row.waktu_ms}}.dump();
}

}  // namespace

BpjsVerdict judge_write_reply(const HttpReply& reply) {
    BpjsVerdict verdict;
    if (!reply.transport_ok) {
        verdict.message = reply.error;
        return verdict;  // retry
    }
    if (reply.status >= 500) {
        verdict.code = reply.status;
        verdict.message = "HTTP " + std::to_string(reply.status) + " " + clip(reply.body);
        return verdict;  // retry
    }
    const Json body = Json::parse(reply.body, nullptr, false);
    const Json* metadata = nullptr;
    if (body.is_object()) {
        for (const char* key : {"metadata", "metaData"}) {
            auto it = body.find(key);
            if (it != body.end() && it->is_object()) metadata = &*it;
        }
    }
    if (!metadata || !metadata_code(*metadata)) {
        // Not BPJS's envelope: a proxy's error page. Refused at that HTTP status, or retried when it looked like success.
        verdict.code = reply.status;
        verdict.message = "HTTP " + std::to_string(reply.status) + " without BPJS metadata: " + clip(reply.body);
        verdict.kind = reply.status >= 400 ? BpjsVerdict::Kind::rejected : BpjsVerdict::Kind::retry;
        return verdict;
    }
    verdict.code = metadata_code(*metadata);
    verdict.message = clip(metadata->value("message", std::string()));
    if (*verdict.code == 200 || *verdict.code == 208 || *verdict.code == 1) verdict.kind = BpjsVerdict::Kind::delivered;
    else if (*verdict.code >= 500) verdict.kind = BpjsVerdict::Kind::retry;
    else verdict.kind = BpjsVerdict::Kind::rejected;
    return verdict;
}

std::chrono::milliseconds backoff_delay(int failures, std::chrono::milliseconds first, std::chrono::milliseconds cap,
                                        double random01) {
    const double whole = std::min<double>(static_cast<double>(cap.count()),
                                          static_cast<double>(first.count()) * std::pow(2.0, std::min(failures - 1, 30)));
    const double jittered = whole * (0.5 + 0.5 * std::clamp(random01, 0.0, 1.0));
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::min(jittered, static_cast<double>(cap.count()))));
}

std::vector<std::pair<std::string, std::string>> bpjs_headers(const BpjsCredentials& credentials, std::int64_t timestamp) {
    return {{"X-cons-id", credentials.cons_id},
            {"X-timestamp", std::to_string(timestamp)},
            {"X-signature", bpjs::signature(credentials.cons_id, credentials.secret, timestamp)},
            {"user_key", credentials.user_key},
            {"Content-Type", "application/json"},
            {"Accept", "application/json"}};
}

BpjsSender::BpjsSender(BpjsCredentials credentials, BpjsUrl url, std::string database, BpjsSenderOptions options)
    : credentials_(std::move(credentials)),
      url_(std::move(url)),
      database_(std::move(database)),
      options_(options),
      http_(url_, options_.step_timeout) {}

BpjsSender::~BpjsSender() { stop(); }

void BpjsSender::start() { thread_ = std::thread([this] { run(); }); }

void BpjsSender::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    http_.abort();  // a call waiting for a slow BPJS ends now
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void BpjsSender::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

void BpjsSender::fetch_reference(std::string path, std::function<void(Json)> done) {
    {
        std::lock_guard lock(mutex_);
        references_.emplace_back(std::move(path), std::move(done));
    }
    wake_.notify_all();
}

void BpjsSender::run() {
    spdlog::info("bpjs: reporting to {} as consumer {}", url_.origin() + url_.path_prefix, credentials_.cons_id);
    std::optional<Database> db;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, options_.poll, [this] { return stopping_ || woken_ || !references_.empty(); });
            if (stopping_) break;
            woken_ = false;
        }
        serve_references();
        if (std::chrono::steady_clock::now() < next_try_) continue;
        try {
            if (!db) db.emplace(database_, OpenMode::existing);  // a second connection to the live file
            BpjsOutbox outbox(*db);
            drain(outbox);
        } catch (const std::exception& e) {
            // The database was busy or failed: the rows stay, the next poll tries again.
            spdlog::warn("bpjs: outbox not readable now: {}", e.what());
            db.reset();
        }
    }
    spdlog::info("bpjs: sender stopped");
}

void BpjsSender::drain(BpjsOutbox& outbox) {
    BpjsHttp& http = http_;
    static thread_local std::mt19937 random{std::random_device{}()};
    while (true) {
        const auto rows = outbox.next_to_send(32);
        if (rows.empty()) return;
        for (const OutboxRow& row : rows) {
            {
                std::lock_guard lock(mutex_);
                if (stopping_) return;
            }
            serve_references();
            const std::string path = row.kind == "batal" ? "/antrean/batal" : "/antrean/updatewaktu";
            const std::int64_t timestamp = epoch_ms() / 1000;
            const HttpReply reply = http.request("POST", path, bpjs_headers(credentials_, timestamp), row_body(row));
            const BpjsVerdict verdict = judge_write_reply(reply);
            const std::int64_t now = epoch_ms();
            const std::string what = row.kind == "batal" ? "batal" : "task " + std::to_string(row.taskid.value_or(0));
            switch (verdict.kind) {
                case BpjsVerdict::Kind::delivered:
                    outbox.mark_delivered(row.id, verdict.code.value_or(200), verdict.message, now);
                    failures_in_a_row_ = 0;
                    spdlog::info("bpjs: {} {} accepted ({} {})", *row.booking_code, what, verdict.code.value_or(0),
                                 verdict.message);
                    break;
                case BpjsVerdict::Kind::rejected:
                    outbox.mark_rejected(row.id, verdict.code.value_or(0), verdict.message, now);
                    failures_in_a_row_ = 0;
                    spdlog::warn("bpjs: {} {} refused ({} {}); held until `queuectl bpjs retry {}`", *row.booking_code,
                                 what, verdict.code.value_or(0), verdict.message, *row.booking_code);
                    break;
                case BpjsVerdict::Kind::retry: {
                    outbox.mark_failed(row.id, verdict.code, verdict.message, now);
                    ++failures_in_a_row_;
                    const auto delay = backoff_delay(failures_in_a_row_, options_.backoff_first, options_.backoff_cap,
                                                     std::uniform_real_distribution<double>(0.0, 1.0)(random));
                    next_try_ = std::chrono::steady_clock::now() + delay;
                    spdlog::warn("bpjs: {} {} not delivered ({}); trying again in {} ms", *row.booking_code, what,
                                 verdict.message, delay.count());
                    return;  // BPJS is away: every booking waits for the backoff
                }
            }
        }
    }
}

void BpjsSender::serve_references() {
    while (true) {
        std::pair<std::string, std::function<void(Json)>> job;
        {
            std::lock_guard lock(mutex_);
            if (references_.empty()) return;
            job = std::move(references_.front());
            references_.pop_front();
        }
        Json result;
        try {
            BpjsHttp& http = http_;
            const std::int64_t timestamp = epoch_ms() / 1000;
            const HttpReply reply = http.request("GET", job.first, bpjs_headers(credentials_, timestamp), "");
            if (!reply.transport_ok) throw std::runtime_error("BPJS did not answer: " + reply.error);
            const Json body = Json::parse(reply.body, nullptr, false);
            if (!body.is_object() || !body.contains("metadata") || !body["metadata"].is_object())
                throw std::runtime_error("HTTP " + std::to_string(reply.status) + " without BPJS metadata: " + clip(reply.body));
            const auto code = metadata_code(body["metadata"]);
            const std::string message = body["metadata"].value("message", std::string());
            if (!code || (*code != 200 && *code != 1))
                throw std::runtime_error("BPJS answered " + (code ? std::to_string(*code) : std::string("?")) + ": " + message);
            Json data = body.value("response", Json());
            // Encrypted lists come as a string, decrypted with this request's own timestamp.
            if (data.is_string())
                data = Json::parse(bpjs::decrypt_response(credentials_.cons_id, credentials_.secret, timestamp,
                                                          data.get<std::string>()));
            result = Json{{"data", data}, {"message", message}};
        } catch (const std::exception& e) {
            result = Json{{"error", e.what()}};
        }
        job.second(std::move(result));
    }
}

}  // namespace anoman::server
