// Text a client sent, made safe for one journal line.
#pragma once

#include <string>

namespace anoman::server {

// No control characters (a forged line break would forge a journal line), at most 200 bytes.
std::string printable_for_log(const std::string& text);

}  // namespace anoman::server
