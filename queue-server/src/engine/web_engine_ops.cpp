// The protocol's web door extensions (docs/web.md): the ticket page's address
// in ticket replies, and the dashboard's accounts (web.user.add/remove/list).
#include "engine.hpp"
#include "web_store.hpp"

namespace anoman::server {

using proto::ErrorCode;

namespace {

const std::string& account_name(const std::string& name) {
    if (!valid_account_name(name)) fail(ErrorCode::bad_request, "name: 1 to 64 letters, digits, '.', '-' or '_'");
    return name;
}

}  // namespace

std::optional<std::string> Engine::page_url(const TicketRow& row) {
    if (!config_.web) return std::nullopt;
    // Tickets issued before the web door existed have no code, hence no page.
    if (auto code = WebStore(store_.db()).code_of(row.id)) return config_.web->public_url + "/t/" + *code;
    return std::nullopt;
}

// The password never crosses the wire: queuectl hashes it (Argon2id,
// libsodium's crypto_pwhash_str) and sends the encoded hash.
Json Engine::op_web_user_add(const Caller& caller, const proto::WebUserAddRequest& request, Outcome&) {
    const std::string& name = account_name(request.name);
    const std::string& hash = request.password_hash;
    if (hash.rfind("$argon2id$", 0) != 0 || hash.size() > 256)
        fail(ErrorCode::bad_request, "password_hash: expected an Argon2id hash string ($argon2id$...)");
    require_role(caller);
    WebStore store(store_.db());
    const bool existed = store.password_hash(name).has_value();
    store.put_account(name, hash, job_now_.time_since_epoch().count());
    // A new password ends the sessions opened with the old one.
    store.remove_sessions_of(name);
    return Json{{"name", name}, {"replaced", existed}};
}

Json Engine::op_web_user_remove(const Caller& caller, const proto::WebUserRemoveRequest& request, Outcome&) {
    const std::string& name = account_name(request.name);
    WebStore store(store_.db());
    if (!store.password_hash(name)) fail(ErrorCode::not_found, "name: no account \"" + name + "\"");
    require_role(caller);
    store.remove_account(name);
    return Json{{"name", name}};
}

Json Engine::op_web_user_list(const Caller& caller, const proto::WebUserListRequest&, Outcome&) {
    require_role(caller);
    return Json{{"accounts", WebStore(store_.db()).accounts()}};
}

}  // namespace anoman::server
