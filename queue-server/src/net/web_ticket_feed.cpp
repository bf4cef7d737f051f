#include "web_ticket_feed.hpp"

#include "server.hpp"
#include "web_ticket_state.hpp"

namespace anoman::server::web {

std::shared_ptr<const std::string> sse_message(const std::string& name, const Json& data) {
    return std::make_shared<const std::string>("event: " + name + "\ndata: " +
                                               data.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n\n");
}

TicketFeed::TicketFeed(boost::asio::io_context& io, const Config& config, Server& queue)
    : config_(config), queue_(queue), timer_(io) {}

void TicketFeed::start() {
    queue_.add_event_listener([this](const std::vector<Json>& events) { on_events(events); });
    heartbeat();
}

void TicketFeed::stop() {
    stopped_ = true;
    timer_.cancel();
    by_ticket_.clear();
}

bool TicketFeed::can_follow(std::int64_t ticket_id) {
    auto it = by_ticket_.find(ticket_id);
    if (it == by_ticket_.end()) return true;
    auto& list = it->second;
    std::erase_if(list, [](const auto& f) {
        auto s = f->session.lock();
        return !s || !s->open();
    });
    return list.size() < kMaxFollowersPerTicket;
}

void TicketFeed::follow(const std::shared_ptr<http::Session>& session, std::int64_t ticket_id, const Json& state) {
    session->begin_stream(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
        // The browser reconnects 3 s after a lost connection.
        "retry: 3000\n\n");
    auto follower = std::make_shared<Follower>(Follower{session, Json()});
    send(*follower, state);
    by_ticket_[ticket_id].push_back(std::move(follower));
}

std::size_t TicketFeed::followers() const {
    std::size_t count = 0;
    for (const auto& [id, list] : by_ticket_) count += list.size();
    return count;
}

void TicketFeed::send(Follower& follower, const Json& state) {
    auto session = follower.session.lock();
    if (!session || !session->open()) return;
    if (state == follower.state) return;
    follower.state = state;
    session->send(sse_message("state", state));
}

void TicketFeed::on_events(const std::vector<Json>& events) {
    if (stopped_) return;
    for (const Json& event : events) {
        auto ticket = event.find("ticket");
        if (ticket == event.end() || !ticket->is_object()) {
            // Counters opening or closing, a new day: every estimate may change.
            all_dirty_ = true;
            continue;
        }
        dirty_services_.insert(ticket->value("service", ""));
        auto it = by_ticket_.find(ticket->value("id", std::int64_t{0}));
        if (it == by_ticket_.end()) continue;
        for (auto& follower : it->second) send(*follower, state_after_event(config_, follower->state, *ticket));
    }
    refresh();
}

void TicketFeed::refresh() {
    if (refreshing_ || stopped_ || (dirty_services_.empty() && !all_dirty_)) return;
    // The tickets whose pages may show a changed queue.
    std::vector<std::int64_t> ids;
    for (auto it = by_ticket_.begin(); it != by_ticket_.end();) {
        std::erase_if(it->second, [](const auto& f) {
            auto s = f->session.lock();
            return !s || !s->open();
        });
        if (it->second.empty()) {
            it = by_ticket_.erase(it);
            continue;
        }
        const Json& state = it->second.front()->state;
        if (all_dirty_ || dirty_services_.count(state.value("service", ""))) ids.push_back(it->first);
        ++it;
    }
    dirty_services_.clear();
    all_dirty_ = false;
    if (ids.empty()) return;
    refreshing_ = true;
    queue_.submit_task(
        [ids](Engine& engine, Outcome&) {
            Json states = Json::object();
            for (std::int64_t id : ids) {
                auto row = engine.store().ticket(id);
                if (!row || row->service_day != engine.service_day())
                    states[std::to_string(id)] = Json{{"status", "gone"}};
                else
                    states[std::to_string(id)] = ticket_state(engine, *row);
            }
            return states;
        },
        [this](Outcome&& outcome) {
            refreshing_ = false;
            if (stopped_) return;
            if (outcome.line.is_object() && !outcome.line.contains("type")) {  // not an error line
                for (auto& [key, state] : outcome.line.items()) {
                    auto it = by_ticket_.find(std::stoll(key));
                    if (it == by_ticket_.end()) continue;
                    for (auto& follower : it->second) send(*follower, state);
                }
            }
            refresh();  // what changed meanwhile
        });
}

void TicketFeed::heartbeat() {
    if (stopped_) return;
    const auto now = std::chrono::steady_clock::now();
    auto ping = sse_message("ping", Json::object());
    for (auto it = by_ticket_.begin(); it != by_ticket_.end();) {
        std::erase_if(it->second, [](const auto& f) {
            auto s = f->session.lock();
            return !s || !s->open();
        });
        for (auto& follower : it->second) {
            auto session = follower->session.lock();
            if (session && now - session->last_write() >= kHeartbeat - std::chrono::seconds(1)) session->send(ping);
        }
        it = it->second.empty() ? by_ticket_.erase(it) : std::next(it);
    }
    timer_.expires_after(std::chrono::seconds(5));
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) heartbeat();
    });
}

}  // namespace anoman::server::web
