// The sender's decisions, without a network: how a BPJS answer counts, the
// backoff between tries, and the signed headers.
#include <doctest/doctest.h>

#include "anoman/bpjs_crypto.hpp"
#include "bpjs_sender.hpp"

using namespace anoman;
using namespace anoman::server;
using Kind = BpjsVerdict::Kind;

namespace {

HttpReply answer(unsigned status, const std::string& body) { return HttpReply{true, status, body, ""}; }

}  // namespace

TEST_CASE("200 and 208 are delivered, 201 is refused with BPJS's message, the rest is retried") {
    CHECK(judge_write_reply(answer(200, R"({"metadata":{"code":200,"message":"Ok."}})")).kind == Kind::delivered);
    const BpjsVerdict duplicate = judge_write_reply(answer(200, R"({"metadata":{"code":208,"message":"TaskId=3 sudah ada"}})"));
    CHECK(duplicate.kind == Kind::delivered);
    CHECK(duplicate.code == 208);
    // Some gateways send the code as a string, and VClaim's spelling is metaData.
    CHECK(judge_write_reply(answer(200, R"({"metaData":{"code":"200","message":"OK"}})")).kind == Kind::delivered);
    const BpjsVerdict refused = judge_write_reply(answer(200, R"({"metadata":{"code":201,"message":"TaskId=4 tidak valid"}})"));
    CHECK(refused.kind == Kind::rejected);
    CHECK(refused.code == 201);
    CHECK(refused.message == "TaskId=4 tidak valid");
    CHECK(judge_write_reply(answer(201, R"({"metadata":{"code":201,"message":"x"}})")).kind == Kind::rejected);

    CHECK(judge_write_reply(HttpReply{false, 0, "", "connecting: refused"}).kind == Kind::retry);
    CHECK(judge_write_reply(answer(500, "oops")).kind == Kind::retry);
    CHECK(judge_write_reply(answer(503, R"({"metadata":{"code":201,"message":"x"}})")).kind == Kind::retry);
    CHECK(judge_write_reply(answer(200, R"({"metadata":{"code":500,"message":"Internal"}})")).kind == Kind::retry);
    // A proxy's HTML error page: refused at 4xx (a person must look), retried when it claimed success.
    CHECK(judge_write_reply(answer(403, "<html>Forbidden</html>")).kind == Kind::rejected);
    CHECK(judge_write_reply(answer(200, "<html>maintenance</html>")).kind == Kind::retry);
    // A very long message is cut for the outbox.
    const std::string long_message(2000, 'x');
    CHECK(judge_write_reply(answer(200, R"({"metadata":{"code":201,"message":")" + long_message + R"("}})")).message.size() < 400);
}

TEST_CASE("backoff doubles, is jittered into [half, whole] and never exceeds 60 s") {
    using std::chrono::milliseconds;
    const milliseconds first{1000}, cap{60000};
    CHECK(backoff_delay(1, first, cap, 1.0) == milliseconds(1000));
    CHECK(backoff_delay(1, first, cap, 0.0) == milliseconds(500));
    CHECK(backoff_delay(3, first, cap, 1.0) == milliseconds(4000));
    CHECK(backoff_delay(7, first, cap, 1.0) == milliseconds(60000));
    for (int failures : {8, 20, 1000, 1'000'000})
        for (double random : {0.0, 0.3, 1.0}) {
            const auto delay = backoff_delay(failures, first, cap, random);
            CHECK(delay <= cap);
            CHECK(delay >= cap / 2);
        }
}

TEST_CASE("the signed headers of part 2 section 1") {
    const auto headers = bpjs_headers(BpjsCredentials{"1234", "pwd", "the-user-key"}, 1700000000);
    auto value = [&](const std::string& name) {
        for (const auto& [key, text] : headers)
            if (key == name) return text;
        return std::string("(absent)");
    };
    CHECK(value("X-cons-id") == "1234");
    CHECK(value("X-timestamp") == "1700000000");
    CHECK(value("X-signature") == "QbAKTP54Su+BEvo9Ks0zhW27zsJAjQNNXGMcns5eMz0=");
    CHECK(value("user_key") == "the-user-key");
    CHECK(value("Content-Type") == "application/json");
}
