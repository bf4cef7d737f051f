#include <doctest/doctest.h>

#include "patient_id.hpp"

using namespace anoman::kiosk;

TEST_CASE("NIK: 16 digits, a real birth date field") {
    CHECK(validate_id(IdKind::nik, "3505124107900001") == IdProblem::none);  // woman, born 01-07-90
    CHECK(validate_id(IdKind::nik, "3505120107900001") == IdProblem::none);  // man
    CHECK(validate_id(IdKind::nik, "3171013112990001") == IdProblem::none);  // 31 Dec
    CHECK(validate_id(IdKind::nik, "") == IdProblem::empty);
    CHECK(validate_id(IdKind::nik, "350512410790000") == IdProblem::nik_length);
    CHECK(validate_id(IdKind::nik, "35051241079000011") == IdProblem::nik_length);
    CHECK(validate_id(IdKind::nik, "35051241079000A1") == IdProblem::nik_not_digits);
    CHECK(validate_id(IdKind::nik, "3505120007900001") == IdProblem::nik_birth_date);  // day 00
    CHECK(validate_id(IdKind::nik, "3505123207900001") == IdProblem::nik_birth_date);  // day 32
    CHECK(validate_id(IdKind::nik, "3505127207900001") == IdProblem::nik_birth_date);  // day 72 (32 + 40)
    CHECK(validate_id(IdKind::nik, "3505120113900001") == IdProblem::nik_birth_date);  // month 13
    CHECK(validate_id(IdKind::nik, "3505120100900001") == IdProblem::nik_birth_date);  // month 00
}

TEST_CASE("booking code: 6 to 20 capital letters and digits") {
    CHECK(validate_id(IdKind::booking_code, "0301R0011122V000123") == IdProblem::none);
    CHECK(validate_id(IdKind::booking_code, "ABC123") == IdProblem::none);
    CHECK(validate_id(IdKind::booking_code, "ABC12") == IdProblem::booking_length);
    CHECK(validate_id(IdKind::booking_code, std::string(21, '1')) == IdProblem::booking_length);
    CHECK(validate_id(IdKind::booking_code, "abc123") == IdProblem::booking_chars);
    CHECK(validate_id(IdKind::booking_code, "ABC-123") == IdProblem::booking_chars);
    CHECK(validate_id(IdKind::booking_code, "") == IdProblem::empty);
}

TEST_CASE("keys and grouping") {
    CHECK(key_allowed(IdKind::nik, '7'));
    CHECK_FALSE(key_allowed(IdKind::nik, 'A'));
    CHECK(key_allowed(IdKind::booking_code, 'Z'));
    CHECK_FALSE(key_allowed(IdKind::booking_code, 'z'));
    CHECK(max_length(IdKind::nik) == 16);
    CHECK(group_digits("3505124107900001") == "3505 1241 0790 0001");
    CHECK(group_digits("ABCDE") == "ABCD E");
    CHECK(group_digits("") == "");
}
