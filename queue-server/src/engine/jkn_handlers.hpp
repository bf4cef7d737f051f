// The services of the Mobile JKN door (BPJS-ANTREAN.md part 2 section 4):
// each checks its body's fields and types on the network thread, then becomes
// an engine task. Refusals carry the reason in Bahasa Indonesia (metadata 201).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine.hpp"

namespace anoman::server::jkn {

// A request body that is not what the service takes: metadata 201 with this message.
struct BadRequest {
    std::string pesan;
};

using EngineTask = std::function<Json(Engine&, Outcome&)>;

// The engine task of one service ("statusantrean", ...), or nullopt if there is no such service.
// A task returns {"response": ...} or {} (metadata only). Throws BadRequest.
std::optional<EngineTask> service_task(const std::string& service, const Json& body);

// Parses a body: one JSON object, nested at most a few levels. Throws BadRequest.
Json parse_body(const std::string& text);

}  // namespace anoman::server::jkn
