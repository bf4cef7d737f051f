// Indonesian number words ("terbilang"), for the hall's voice announcements:
// 12 -> "dua belas", 100 -> "seratus", 1000 -> "seribu", 1105 -> "seribu seratus lima".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace anoman {

// Words for 0 .. 999'999'999 ("nol" for 0). Throws std::out_of_range outside.
std::string terbilang(std::int64_t value);

// How a ticket number is spoken: letters one by one, then the number in words,
// leading zeros dropped: "A012" -> "A, dua belas"; "PA105" -> "P, A, seratus lima".
std::string spoken_ticket_number(std::string_view number);

}  // namespace anoman
