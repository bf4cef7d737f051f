// The kiosk's words: the string catalog (kiosk/lang/id.json and en.json,
// embedded at build time) and the few phrases built from numbers and times
// (estimated wait, ticket date), shared by the screen and the printed ticket.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "anoman/i18n.hpp"

namespace anoman::kiosk {

const Catalog& strings();
inline const std::string& tr(const char* key, Language language) { return strings().get(key, language); }

// "± 9 menit" / "about 9 min"; under a minute: "kurang dari 1 menit".
std::string wait_text(std::int64_t est_wait_s, Language language);
// "2026-11-22T08:01:02+07:00" -> "22/11/2026 08:01 WIB" (WITA/WIT for +08/+09,
// "UTC+hh:mm" otherwise). Unparsable input comes back unchanged.
std::string ticket_time_text(const std::string& iso_local);
// Greedy word wrap to at most width characters per line (longer words are cut).
std::vector<std::string> wrap_words(const std::string& text, std::size_t width);

}  // namespace anoman::kiosk
