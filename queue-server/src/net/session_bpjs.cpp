// bpjs.ref {"list": "poli"|"dokter"|"jadwal", "kodepoli", "tanggal"} (admin):
// BPJS's reference lists, decrypted, for IT staff filling kodepoli/kodedokter.
// The request goes to the BPJS sender's thread (a slow BPJS must not hold the
// engine); this connection reads no further line until the answer is back, so
// replies stay in request order. Checked in PROTOCOL.md's order: bad_request,
// forbidden, invalid_state.
#include <boost/asio/post.hpp>

#include "anoman/hospital_clock.hpp"
#include "bpjs_sender.hpp"
#include "server.hpp"
#include "session.hpp"

namespace anoman::server {

using proto::ErrorCode;

namespace {

bool valid_kodepoli(const std::string& code) {
    if (code.empty() || code.size() > 16) return false;
    for (char c : code)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

// The path under the base URL (BPJS-ANTREAN.md part 2 section 2).
std::string reference_path(const proto::BpjsRefRequest& request) {
    if (request.list == "poli") return "/ref/poli";
    if (request.list == "dokter") return "/ref/dokter";
    const std::string kodepoli = request.kodepoli.value_or("");
    const std::string tanggal = request.tanggal.value_or("");
    if (!valid_kodepoli(kodepoli)) throw proto::ProtocolError("kodepoli: letters and digits, as BPJS writes it (e.g. ANA)");
    if (!HospitalClock::valid_day(tanggal)) throw proto::ProtocolError("tanggal: expected YYYY-MM-DD");
    return "/jadwaldokter/kodepoli/" + kodepoli + "/tanggal/" + tanggal;
}

}  // namespace

void Session::start_reference(const Json& request) {
    const Json id = request.value("id", Json());
    const bool usable_id = id.is_string() || id.is_number_integer();
    auto refuse_request = [&](ErrorCode code, const std::string& message) {
        const proto::Error error{code, message};
        send_in_order(usable_id ? proto::error_reply(id, error) : proto::error_line(error));
    };
    if (!usable_id) {
        refuse_request(ErrorCode::bad_request, request.contains("id") ? "id: expected a string or an integer" : "id: missing");
        return;
    }
    std::string path;
    proto::BpjsRefRequest ref;
    try {
        ref = request.get<proto::BpjsRefRequest>();
        path = reference_path(ref);
    } catch (const proto::ProtocolError& e) {
        refuse_request(ErrorCode::bad_request, e.what());
        return;
    }
    // Its roles are its row's in the engine's request table (engine_dispatch.cpp).
    if (const OpRow* op = Engine::find_op(proto::BpjsRefRequest::kType); !op || !op->allows(caller_.role)) {
        refuse_request(ErrorCode::forbidden, "role " + std::string(proto::to_string(caller_.role)) + " may not use " +
                                                 std::string(proto::BpjsRefRequest::kType));
        return;
    }
    BpjsSender* sender = server_.bpjs();
    if (!sender) {
        refuse_request(ErrorCode::invalid_state, "BPJS reporting is not configured on this server (no \"bpjs\" block)");
        return;
    }
    reference_pending_ = true;
    const std::string list = ref.list;
    sender->fetch_reference(path, [self = shared_from_this(), executor = socket_.get_executor(), id,
                                   list](Json result) mutable {
        result["list"] = list;
        // Back to the network thread, where the session lives.
        boost::asio::post(executor, [self, id, result = std::move(result)]() mutable {
            self->finish_reference(id, std::move(result));
        });
    });
}

void Session::finish_reference(const Json& id, Json result) {
    reference_pending_ = false;
    if (stopped_) return;
    if (result.contains("error")) {
        send_in_order(proto::error_reply(id, {ErrorCode::internal, "BPJS: " + result["error"].get<std::string>()}));
    } else {
        send_in_order(proto::ok_reply(id, std::move(result)));
    }
    process_lines();
    do_read();
}

}  // namespace anoman::server
