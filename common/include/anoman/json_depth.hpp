// How deep a JSON text nests, checked before it is parsed: a line or an HTTP
// body of 60,000 '[' is refused as malformed instead of parsed by recursion.
// Used by both doors that read JSON from the network (the protocol's line
// framing and the Mobile JKN door).
#pragma once

#include <string_view>

namespace anoman::proto {

// True if no JSON array/object in text nests deeper than max_depth (brackets
// inside strings do not count).
bool nesting_within(std::string_view text, int max_depth);

}  // namespace anoman::proto
