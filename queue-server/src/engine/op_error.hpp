// The error a request can cause, carried by exception inside the engine layer
// only (the engine turns it into an error reply). Its own header so that the
// engine's helpers (device_registry, ...) can refuse a request without
// including the whole engine.
#pragma once

#include <string>

#include "anoman/protocol.hpp"

namespace anoman::server {

struct OpError {
    proto::Error error;
    // An object of more fields for the error object (booking.checkin's reason
    // and check-in window; the Mobile JKN door's "pesan"), or null.
    proto::Json extra = proto::Json();
};
[[noreturn]] void fail(proto::ErrorCode code, std::string message);  // throws OpError; engine.cpp

}  // namespace anoman::server
