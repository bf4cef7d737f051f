// What the hall says for a call, in Bahasa Indonesia whatever the screen's
// language: "Nomor antrian, A, dua belas, silakan menuju Loket tiga".
#pragma once

#include <string>
#include <string_view>

namespace anoman::display {

// A counter name with its digits spoken in words: "Loket 3" -> "Loket tiga",
// "Ruang Poli 12" -> "Ruang Poli dua belas".
std::string spoken_counter_name(std::string_view name);

// The sentence for a call of ticket number at the named counter.
std::string announcement_text(std::string_view ticket_number, std::string_view counter_name);

}  // namespace anoman::display
