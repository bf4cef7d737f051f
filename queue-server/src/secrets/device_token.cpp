#include "device_token.hpp"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <stdexcept>

namespace anoman::secrets {

namespace {

template <std::size_t N>
std::array<unsigned char, N> random_bytes() {
    std::array<unsigned char, N> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        // getrandom blocks only until the kernel's pool is first initialised (early boot).
        const ssize_t got = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("cannot read random bytes from the kernel (getrandom)");
        }
        filled += static_cast<std::size_t>(got);
    }
    return bytes;
}

}  // namespace

std::string generate_page_code() {
    const auto bytes = random_bytes<16>();
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string code;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            code.push_back(kAlphabet[(buffer >> bits) & 63]);
        }
    }
    if (bits > 0) code.push_back(kAlphabet[(buffer << (6 - bits)) & 63]);
    return code;
}

std::string generate_token() {
    const auto bytes = random_bytes<kTokenBytes>();
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string token;
    for (unsigned char byte : bytes) {
        token.push_back(kDigits[byte >> 4]);
        token.push_back(kDigits[byte & 15]);
    }
    return token;
}

}  // namespace anoman::secrets
