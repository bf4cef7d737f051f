// Line framing limits and the nesting guard, byte for byte.
#include <doctest/doctest.h>

#include "anoman/json_depth.hpp"
#include "line_framer.hpp"

using anoman::server::LineFramer;
using anoman::proto::nesting_within;

TEST_CASE("a line of exactly the maximum, newline included, passes; one byte more does not") {
    const std::size_t max = 65536;
    {
        LineFramer framer(max);
        std::string data(max - 1, 'x');
        data += '\n';
        framer.append(data.data(), data.size());
        std::string line;
        CHECK(framer.next(line) == LineFramer::Result::line);
        CHECK(line.size() == max - 1);
    }
    {
        LineFramer framer(max);
        std::string data(max, 'x');
        data += '\n';
        framer.append(data.data(), data.size());
        std::string line;
        CHECK(framer.next(line) == LineFramer::Result::too_long);
    }
    {
        // Without any newline yet: too long as soon as the maximum is buffered.
        LineFramer framer(max);
        std::string data(max - 1, 'x');
        framer.append(data.data(), data.size());
        std::string line;
        CHECK(framer.next(line) == LineFramer::Result::need_more);
        framer.append("x", 1);
        CHECK(framer.next(line) == LineFramer::Result::too_long);
    }
}

TEST_CASE("lines split across reads, several per read, and CRLF") {
    LineFramer framer(100);
    std::string line;
    framer.append("{\"a\":", 5);
    CHECK(framer.next(line) == LineFramer::Result::need_more);
    framer.append("1}\r\n{}\n", 7);
    CHECK(framer.next(line) == LineFramer::Result::line);
    CHECK(line == "{\"a\":1}");
    CHECK(framer.next(line) == LineFramer::Result::line);
    CHECK(line == "{}");
    CHECK(framer.next(line) == LineFramer::Result::need_more);
    CHECK(framer.buffered() == 0);
}

TEST_CASE("nesting guard counts only structure outside strings") {
    CHECK(nesting_within("{\"a\":[1,[2]]}", 3));
    CHECK_FALSE(nesting_within("{\"a\":[1,[2]]}", 2));
    CHECK(nesting_within("{\"text\":\"[[[[[[[[[[\"}", 1));
    CHECK(nesting_within("{\"text\":\"\\\"[[[[\"}", 1));
    CHECK_FALSE(nesting_within(std::string(60000, '['), 32));
}
