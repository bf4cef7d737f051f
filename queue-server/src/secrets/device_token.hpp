// Device tokens: random secrets of 256 bits from the kernel's generator,
// written as 64 hexadecimal digits (easy to paste into a kiosk's
// configuration, no characters a shell or JSON treats specially).
#pragma once

#include <string>

namespace anoman::secrets {

inline constexpr int kTokenBytes = 32;  // 256 bits; the issue asks for at least 128

// A fresh token. Throws std::runtime_error if the kernel gives no randomness.
std::string generate_token();
// A ticket page's code: 128 random bits as 22 base64url characters (A-Z a-z 0-9 - _).
inline constexpr int kPageCodeChars = 22;
std::string generate_page_code();

}  // namespace anoman::secrets
