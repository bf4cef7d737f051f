#include "log_text.hpp"

namespace anoman::server {

std::string printable_for_log(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 200)) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    return out;
}

}  // namespace anoman::server
