// When a service's counters usually open: the first call of the service on
// its last service day, for the wait model's "before the counters open"
// (wait_estimate.hpp). Typed queries over the engine's connection, called on
// the engine thread inside the batch's transaction, like Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sqlite_db.hpp"

namespace anoman::server {

class OpeningHistory {
public:
    explicit OpeningHistory(Database& db) : db_(db) {}

    // The first call (ms since the epoch) of `service` on the last of the 14
    // service days before `day` on which it had one; nullopt if none. Two
    // index range reads: the tickets of one day, not the history.
    std::optional<std::int64_t> last_first_call(const std::string& service, const std::string& day);

private:
    Database& db_;
};

}  // namespace anoman::server
