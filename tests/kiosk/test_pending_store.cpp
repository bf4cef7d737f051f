#include <fstream>

#include <sys/stat.h>

#include <doctest/doctest.h>

#include "pending_store.hpp"
#include "test_support.hpp"

using namespace anoman::kiosk;

TEST_CASE("pending store: round trip, private file, cleared") {
    const auto dir = anoman::testing::scratch_dir("kiosk-pending");
    PendingStore store(dir / "pending-ticket.json");
    CHECK_FALSE(store.load());
    PendingIssue pending{"kiosk-1:0123456789abcdef", "PA", false, {{"kind", "umum"}, {"nik", "3505124107900001"}}, "en",
                         1763773262000, ""};
    std::string error;
    REQUIRE(store.save(pending, error));
    struct stat info {};
    REQUIRE(::stat(store.file().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);  // it may hold a NIK
    auto loaded = store.load();
    REQUIRE(loaded);
    CHECK(loaded->request_id == pending.request_id);
    CHECK(loaded->service == "PA");
    CHECK(loaded->patient == pending.patient);
    CHECK(loaded->language == "en");
    CHECK(loaded->started_unix_ms == 1763773262000);
    CHECK(loaded->booking_code.empty());
    // A Mobile JKN check-in keeps its booking code: a restart resumes it as booking.checkin.
    pending.booking_code = "20261203C0007X4K";
    REQUIRE(store.save(pending, error));
    CHECK(store.load()->booking_code == "20261203C0007X4K");
    store.clear();
    CHECK_FALSE(store.load());
    CHECK_FALSE(std::filesystem::exists(store.file()));
}

TEST_CASE("pending store: a torn or foreign file is dropped, not obeyed") {
    const auto dir = anoman::testing::scratch_dir("kiosk-pending-torn");
    PendingStore store(dir / "pending-ticket.json");
    std::ofstream(store.file()) << "{\"request_id\": \"kiosk-1:ab";
    CHECK_FALSE(store.load());
    CHECK_FALSE(std::filesystem::exists(store.file()));
    std::ofstream(store.file()) << "{\"request_id\": \"\", \"service\": \"A\", \"started_unix_ms\": 1}";
    CHECK_FALSE(store.load());
}

TEST_CASE("pending store: an unwritable directory is an error, not a crash") {
    PendingStore store("/proc/no-such-dir/pending.json");
    std::string error;
    CHECK_FALSE(store.save({"id", "A", false, nullptr, "id", 1, ""}, error));
    CHECK(error.find("open") != std::string::npos);
}
