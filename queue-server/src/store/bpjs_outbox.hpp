// Typed queries over the BPJS outbox (schema step "BPJS Antrean"). Both sides
// use it, each over its own connection: the engine for bpjs.status / tasks /
// retry and server.status, the sender for what to send next and how it went.
// Nothing here opens a transaction: every statement is one atomic write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "anoman/protocol.hpp"
#include "sqlite_db.hpp"

namespace anoman::server {

struct OutboxRow {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    std::optional<std::string> booking_code;
    std::string kind;  // updatewaktu | batal
    std::optional<std::int64_t> taskid;
    std::int64_t waktu_ms = 0;
    std::optional<std::string> keterangan;
    std::int64_t created_ms = 0;
    std::string state;  // pending | delivered | rejected
    int attempts = 0;
    std::optional<std::int64_t> last_try_ms;
    std::optional<std::int64_t> last_code;
    std::optional<std::string> last_message;
    std::optional<std::int64_t> delivered_ms;
};

class BpjsOutbox {
public:
    explicit BpjsOutbox(Database& db) : db_(db) {}

    // The first undelivered row of each linked booking, when it may go now
    // (pending; a rejected first row holds its booking back), oldest first.
    std::vector<OutboxRow> next_to_send(int limit);
    void mark_delivered(std::int64_t id, std::int64_t code, const std::string& message, std::int64_t now_ms);
    void mark_rejected(std::int64_t id, std::int64_t code, const std::string& message, std::int64_t now_ms);
    // A try that failed and will be tried again (network, timeout, 5xx).
    void mark_failed(std::int64_t id, std::optional<std::int64_t> code, const std::string& message, std::int64_t now_ms);

    std::vector<OutboxRow> rows_of(const std::string& booking_code);
    // Rejected rows back to pending (all, or one booking's). Returns how many.
    int retry(const std::optional<std::string>& booking_code);

    // pending, rejected, waiting_link, oldest_pending_ms, delivered since day_start_ms.
    proto::Json figures(std::int64_t now_ms, std::int64_t day_start_ms);
    // Per booking whose next row has failed or was refused: what BPJS (or the network) said last.
    proto::Json last_errors(int limit);

private:
    Database& db_;
};

proto::Json to_json(const OutboxRow& row);

}  // namespace anoman::server
