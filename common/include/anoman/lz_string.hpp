// LZ-string (pieroxy/lz-string 1.4.x), the URI-safe form BPJS uses inside its
// encrypted responses. Written once here from the reference implementation.
// Strings are UTF-8 outside; inside, as in JavaScript, the algorithm works on
// UTF-16 code units, so its output matches the reference byte for byte.
#pragma once

#include <optional>
#include <string>

namespace anoman::lz {

// compressToEncodedURIComponent. "" compresses to "Q", as in the reference.
std::string compress_to_encoded_uri_component(const std::string& utf8);

// decompressFromEncodedURIComponent. nullopt where the reference answers null
// (empty input, a code that points nowhere) and also where it would silently
// answer "" or garbage: a stream that ends without its end mark, a character
// outside the URI-safe alphabet, or text that is not valid UTF-16. BPJS-ANTREAN.md
// part 2 pitfall 8: such a result means a wrong key or timestamp, never data.
// A space is read as '+', as in the reference.
std::optional<std::string> decompress_from_encoded_uri_component(const std::string& input);

}  // namespace anoman::lz
