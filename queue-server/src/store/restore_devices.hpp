// The device registry across a restore (deploy/INSTALL.md, section 8).
//
// The devices table is configuration, not queue state: a restore that took it
// from the copy would bring back a stolen kiosk revoked after the copy was
// made, and drop the devices registered since. So a restore keeps the
// registry of the database it replaces, and says what that changes compared
// with the copy. When that database is gone or unreadable there is nothing to
// keep: the restore then refuses unless it is told to take the copy's registry
// (--devices-from-copy), and lists what it takes.
#pragma once

#include <string>
#include <vector>

namespace anoman::server {

struct RegistryCarry {
    enum class Outcome {
        kept,            // the replaced database's registry is in the restored one
        copy_used,       // taken from the copy (the replaced one was empty, or as asked)
    };
    Outcome outcome = Outcome::copy_used;
    int devices = 0;                   // rows now in the restored registry
    std::vector<std::string> changes;  // one line per device whose state differs from the copy's
    std::string why;                   // for copy_used: why the copy's registry was used
};

// What the registry of `current` (the database about to be replaced; may be
// missing) can give. Empty `problem` when it can be read.
struct CurrentRegistry {
    bool readable = false;
    int rows = 0;
    std::string problem;
};
CurrentRegistry read_current_registry(const std::string& current);

// Puts the devices of `current` into `restored` (a verified copy not yet in
// place), bringing `restored` to this version's schema first if it predates
// the registry. With take_copy, or when `current` has no device rows, leaves
// the copy's registry and reports it. Throws BackupError.
RegistryCarry carry_device_registry(const std::string& current, const std::string& restored, bool take_copy);

}  // namespace anoman::server
