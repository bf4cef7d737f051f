#include "announcement_text.hpp"

#include <cctype>

#include "anoman/terbilang.hpp"

namespace anoman::display {

std::string spoken_counter_name(std::string_view name) {
    std::string out;
    std::size_t pos = 0;
    while (pos < name.size()) {
        if (!std::isdigit(static_cast<unsigned char>(name[pos]))) {
            out += name[pos++];
            continue;
        }
        std::size_t end = pos;
        while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end]))) ++end;
        // spoken_ticket_number reads a digit run in words, dropping leading zeros.
        out += spoken_ticket_number(name.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

std::string announcement_text(std::string_view ticket_number, std::string_view counter_name) {
    return "Nomor antrian, " + spoken_ticket_number(ticket_number) + ", silakan menuju " +
           spoken_counter_name(counter_name);
}

}  // namespace anoman::display
