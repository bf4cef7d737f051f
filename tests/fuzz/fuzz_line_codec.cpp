// libFuzzer target: the server's line framer and the protocol codec, fed
// bytes the way a hostile or broken peer on the LAN would send them.
//
// The first input byte picks the read size (1 to 64 bytes per read), so
// lines split across reads at every position; the rest is the stream. Each
// framed line goes through what the server does with it (the nesting check,
// then JSON) and through every decoder of the protocol (hello, welcome,
// event, snapshot, heartbeat, reply). Besides the sanitizers, it checks:
//   - the framer's lines equal the stream split at '\n' (without "\r"),
//     until a line is too long, and no line ever exceeds the maximum;
//   - a document nesting_within() lets through nests no deeper than allowed;
//   - what a decoder accepts, encodes to JSON that decodes to the same JSON.
// A decoder may refuse input only by throwing (ProtocolError or a JSON type
// error, both caught per line by the server and the client).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "anoman/json_depth.hpp"
#include "anoman/protocol.hpp"
#include "line_framer.hpp"

namespace {

using anoman::proto::Json;

// Small enough that "too long" is reached often; the server's is 65,536.
constexpr std::size_t kMaxLine = 512;
constexpr int kMaxDepth = 32;  // session.hpp kMaxJsonDepth

[[noreturn]] void finding(const char* what) {
    // A message for the log, then a crash libFuzzer records with the input.
    __builtin_printf("fuzz_line_codec: %s\n", what);
    std::abort();
}

int depth_of(const Json& value) {
    if (!value.is_structured()) return 0;
    int deepest = 0;
    for (const auto& child : value) {
        const int depth = depth_of(child);
        if (depth > deepest) deepest = depth;
    }
    return deepest + 1;
}

template <typename T>
void round_trip(const Json& line) {
    T decoded;
    try {
        decoded = line.get<T>();
    } catch (const std::exception&) {
        return;  // refused: fine
    }
    const Json encoded = decoded;
    Json again;
    try {
        again = encoded.get<T>();
    } catch (const std::exception&) {
        finding("a decoded message encodes to JSON its own decoder refuses");
    }
    if (Json(again) != encoded) finding("decode(encode(x)) differs from encode(x)");
}

void decode(const std::string& line) {
    if (!anoman::proto::nesting_within(line, kMaxDepth)) return;  // the server answers bad_request
    const Json message = Json::parse(line, nullptr, false);
    if (message.is_discarded()) return;
    if (depth_of(message) > kMaxDepth) finding("nesting_within let a deeper document through");
    if (!message.is_object()) return;
    round_trip<anoman::proto::Hello>(message);
    round_trip<anoman::proto::Welcome>(message);
    round_trip<anoman::proto::Event>(message);
    round_trip<anoman::proto::Snapshot>(message);
    round_trip<anoman::proto::Heartbeat>(message);
    try {
        (void)anoman::proto::parse_reply(message);
    } catch (const std::exception&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t read_size = 1 + data[0] % 64;
    const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

    anoman::server::LineFramer framer(kMaxLine);
    std::size_t expected_from = 0;  // where the next line starts in the stream
    std::string line;
    for (std::size_t at = 0; at < stream.size(); at += read_size) {
        const std::string_view chunk = stream.substr(at, read_size);
        framer.append(chunk.data(), chunk.size());
        for (;;) {
            const auto result = framer.next(line);
            if (result == anoman::server::LineFramer::Result::need_more) break;
            if (result == anoman::server::LineFramer::Result::too_long) {
                // Only right if the line really is too long (or has no end within the bound).
                const std::size_t newline = stream.find('\n', expected_from);
                const std::size_t length = (newline == std::string_view::npos ? stream.size() : newline + 1) - expected_from;
                if (length <= kMaxLine && newline != std::string_view::npos && newline < at + chunk.size())
                    finding("a line within the bound was called too long");
                return 0;  // the server closes the connection here
            }
            const std::size_t newline = stream.find('\n', expected_from);
            if (newline == std::string_view::npos) finding("a line without its newline");
            std::string_view want = stream.substr(expected_from, newline - expected_from);
            if (!want.empty() && want.back() == '\r') want.remove_suffix(1);
            if (line != want) finding("the framed line differs from the stream's");
            if (newline + 1 - expected_from > kMaxLine) finding("a line longer than the maximum was passed on");
            expected_from = newline + 1;
            decode(line);
        }
        if (framer.buffered() > kMaxLine + read_size) finding("the framer buffers beyond its bound");
    }
    return 0;
}
