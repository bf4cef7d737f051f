// The services a kiosk offers, as services.list describes them, and which of
// them each lane (BPJS, Umum, priority) shows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "anoman/i18n.hpp"
#include "anoman/protocol.hpp"

namespace anoman::kiosk {

// The three doors of the second screen.
enum class Lane { bpjs, umum, priority };
std::string_view to_string(Lane lane);  // "bpjs", "umum", "priority"

enum class Availability { open, closed, full };

struct KioskService {
    proto::ServiceState state;
    std::optional<std::string> name_en;  // extension field of services.list

    const std::string& name(Language language) const {
        return language == Language::en && name_en ? *name_en : state.name;
    }
    // Closed outside its hours (open:false); full once today's quota is taken.
    Availability availability() const;
    // Priority services belong to the priority lane only; the others to the
    // lanes their "patients" list names (an empty list: both).
    bool in_lane(Lane lane) const;
};

// Parses the services of a services.list reply; throws proto::ProtocolError.
std::vector<KioskService> parse_services(const proto::Json& reply_body);

}  // namespace anoman::kiosk
