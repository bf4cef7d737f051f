#include "server.hpp"

#include <malloc.h>

#include <spdlog/spdlog.h>

#include "connection_census.hpp"
#include "log_text.hpp"
#include "session.hpp"

namespace anoman::server {

Server::Server(asio::io_context& io, Engine& engine, const std::string& host, std::uint16_t port)
    : io_(io),
      engine_(engine),
      acceptor_(io),
      tick_timer_(io),
      worker_(engine, [this](auto callbacks, auto outcomes) { deliver_batch(std::move(callbacks), std::move(outcomes)); }) {
    tcp::endpoint endpoint(asio::ip::make_address(host), port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

Server::~Server() { worker_.stop_and_join(); }

void Server::start() {
    worker_.start();
    do_accept();
    on_tick();
}

void Server::do_accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == asio::error::operation_aborted || shutting_down_) return;
            // Out of file descriptors and the like: log, breathe, go on accepting.
            spdlog::warn("accept failed: {}", ec.message());
            auto pause = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(100));
            pause->async_wait([this, pause](boost::system::error_code) { do_accept(); });
            return;
        }
        auto session = std::make_shared<Session>(std::move(socket), *this, tls_.get());
        const auto admission = gate_.admit(session->address(), session);
        if (admission.verdict != ConnectionGate::Verdict::admit) note_refusal(session->address(), to_string(admission.verdict));
        if (auto oldest = std::static_pointer_cast<Session>(admission.close.lock())) oldest->stop();
        if (admission.verdict == ConnectionGate::Verdict::admit ||
            admission.verdict == ConnectionGate::Verdict::admit_closing_oldest) {
            sessions_.insert(session);
            sessions_peak_ = std::max(sessions_peak_, sessions_.size());
            session->start();
        }
        do_accept();
    });
}

void Server::submit(const std::shared_ptr<Session>& session, Job job, bool is_hello) {
    std::weak_ptr<Session> weak = session;
    worker_.submit(
        std::move(job),
        [weak, is_hello](Outcome&& outcome) {
            if (auto alive = weak.lock()) {
                alive->deliver_outcome(std::move(outcome), is_hello);
            }
        },
        session->job_source());
}

void Server::deliver_batch(std::vector<std::function<void(Outcome&&)>> callbacks, std::vector<Outcome> outcomes) {
    // From the worker thread to the network thread, keeping the batch's order.
    asio::post(io_, [this, callbacks = std::move(callbacks), outcomes = std::move(outcomes)]() mutable {
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            std::vector<Json> events = std::move(outcomes[i].events);
            const std::vector<std::string> revoked = std::move(outcomes[i].revoked_devices);
            if (callbacks[i]) callbacks[i](std::move(outcomes[i]));
            if (!events.empty()) {
                broadcast(events);
                for (auto& listener : event_listeners_) listener(events);
            }
            if (!revoked.empty()) close_devices(revoked);
        }
    });
}

void Server::broadcast(std::vector<Json>& events) {
    if (events.empty()) return;
    // Serialised once, shared by every subscriber's write queue. The events of
    // one change (a call is "finished" then "called") leave in one write: one
    // send per subscriber instead of one per event.
    std::vector<std::pair<std::int64_t, std::shared_ptr<const std::string>>> lines;
    std::string joined;
    for (auto& event : events) {
        std::string line = event.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
        joined += line;
        lines.emplace_back(event["seq"].get<std::int64_t>(), std::make_shared<const std::string>(std::move(line)));
    }
    auto all = lines.size() == 1 ? lines.front().second : std::make_shared<const std::string>(std::move(joined));
    const std::int64_t first_seq = lines.front().first;
    const std::int64_t last_seq = lines.back().first;
    std::size_t live = 0;
    for (std::size_t i = 0; i < subscribers_.size(); ++i) {
        auto session = subscribers_[i].lock();
        if (!session) continue;
        subscribers_[live++] = subscribers_[i];
        if (session->last_seq_sent() >= last_seq) continue;  // already in its snapshot
        if (session->last_seq_sent() < first_seq) {
            session->note_seq_sent(last_seq);
            session->deliver(all);
            continue;
        }
        for (const auto& [seq, line] : lines) {  // its snapshot already holds the first ones
            if (session->last_seq_sent() >= seq) continue;
            session->note_seq_sent(seq);
            session->deliver(line);
        }
    }
    subscribers_.resize(live);
}

void Server::submit_task(std::function<Json(Engine&, Outcome&)> task, std::function<void(Outcome&&)> done) {
    Job job{Job::Kind::task, {}, Json{{"type", "task"}}};
    job.task = std::move(task);
    worker_.submit(std::move(job), std::move(done));
}

void Server::add_subscriber(const std::shared_ptr<Session>& session) { subscribers_.push_back(session); }

void Server::remove(Session* session) {
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
        if (it->get() == session) {
            gate_.closed(session->address(), session, session->authenticated());
            // Erase later: the session may be in the middle of its own handler.
            auto keep = *it;  // NOLINT(performance-unnecessary-copy-initialization): a reference dies with the erase
            sessions_.erase(it);
            asio::post(io_, [keep] {});
            return;
        }
    }
}

std::chrono::steady_clock::duration Server::hello_penalty(const asio::ip::address& address) {
    return throttle_.penalty(address, std::chrono::steady_clock::now());
}

void Server::hello_refused(const Session& session, const std::string& device, bool guess, const std::string& code,
                           const std::string& message) {
    const auto now = std::chrono::steady_clock::now();
    if (guess) throttle_.failed(session.address(), now);
    std::uint64_t suppressed = 0;
    if (!hello_log_.allow(session.address().to_string(), now, suppressed)) return;
    // "refused connection from ... (unauthorized)": what deploy/INSTALL.md tells IT staff to grep for.
    // What a client sent is printed without control characters, so no line can be forged into the journal.
    spdlog::warn("refused connection from {}{} ({}): {}{}", session.remote(),
                 device.empty() ? std::string() : " as device " + printable_for_log(device), code,
                 printable_for_log(message),
                 suppressed ? " (" + std::to_string(suppressed) + " similar lines suppressed)" : std::string());
}

void Server::hello_accepted(const Session& session) { gate_.authenticated(session.address(), &session); }

void Server::note_refusal(const asio::ip::address& address, const std::string& why) {
    std::uint64_t suppressed = 0;
    if (!refusal_log_.allow(address.to_string(), std::chrono::steady_clock::now(), suppressed)) return;
    spdlog::warn("connection from {}: {}{}", address.to_string(), why,
                 suppressed ? " (" + std::to_string(suppressed) + " similar lines suppressed)" : std::string());
}

void Server::give_back_memory() {
    // After a flood the freed connections and lines stay in malloc's free
    // lists (671 MB kept after 8,192 connections closed); once a few MB have
    // been freed, hand them back to the kernel.
    const std::size_t footprint = sessions_.size() * sizeof(Session) + line_budget_.used();
    footprint_peak_ = std::max(footprint_peak_, sessions_peak_ * sizeof(Session) + line_budget_.take_peak());
    sessions_peak_ = sessions_.size();
    // The same for what requests leave behind: 1,000 displays subscribing at
    // once build 1,000 snapshots (JSON trees of ~20 KB each, 256 to a batch,
    // in the engine thread's malloc arena). Freed, they stayed resident: that
    // was most of the 14 KB per idle display (bench-footprint). mallinfo2
    // counts the free bytes malloc holds in every arena; when they grew by
    // kTrimAfterFreeBytes since the last trim, trim. A freed page in the
    // middle of a heap stays "free" for malloc after the trim (the kernel
    // has it back), hence the growth, not the level.
    const std::size_t held_free = ::mallinfo2().fordblks;
    free_after_trim_ = std::min(free_after_trim_, held_free);
    const bool freed_a_lot = held_free >= free_after_trim_ + kTrimAfterFreeBytes;
    if (footprint_peak_ < footprint + std::size_t{4} * 1024 * 1024 && !freed_a_lot) return;
    ::malloc_trim(0);
    footprint_peak_ = footprint;
    free_after_trim_ = ::mallinfo2().fordblks;
}

namespace {

// Who is connected, by role and by device (connection_census.hpp).
CensusCounts count_sessions(const std::set<std::shared_ptr<Session>>& sessions) {
    CensusCounts counts;
    for (proto::Role role : {proto::Role::kiosk, proto::Role::display, proto::Role::counter, proto::Role::admin})
        counts.by_role[std::string(proto::to_string(role))] = 0;
    for (const auto& session : sessions) {
        const Caller* caller = session->caller();
        if (!caller) {
            ++counts.unauthenticated;
            continue;
        }
        ++counts.by_role[std::string(proto::to_string(caller->role))];
        ++counts.by_device[caller->device];
    }
    return counts;
}

}  // namespace

void Server::on_tick() {
    if (shutting_down_) return;
    give_back_memory();
    if (census_) census_->publish(count_sessions(sessions_));  // for server.status (connection_census.hpp)
    // Heartbeats: every subscriber hears something at least every 2 s.
    const auto now = std::chrono::steady_clock::now();
    for (auto& weak : subscribers_) {
        auto session = weak.lock();
        if (!session || now - session->last_write() < std::chrono::milliseconds(900)) continue;
        session->deliver(proto::Json(proto::Heartbeat{session->last_seq_sent(), engine_.epoch()}));
    }
    // The engine checks the service day on every job; a tick makes midnight
    // happen within a second even when nobody sends anything.
    worker_.submit(Job{Job::Kind::tick, {}, Json()}, nullptr);
    tick_timer_.expires_after(std::chrono::milliseconds(500));
    tick_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) on_tick();
    });
}

void Server::shutdown(std::function<void()> done) {
    if (shutting_down_) return;
    shutting_down_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    tick_timer_.cancel();
    // Everything already queued runs and commits; its answers are posted to us.
    worker_.stop_and_join();
    asio::post(io_, [this, done = std::move(done)]() mutable {
        auto deadline = std::make_shared<asio::steady_timer>(io_, std::chrono::seconds(2));
        auto poll = std::make_shared<std::function<void()>>();
        *poll = [this, deadline, poll, done]() {
            bool flushed = true;
            for (const auto& session : sessions_) flushed = flushed && session->idle();
            if (flushed || deadline->expiry() <= std::chrono::steady_clock::now()) {
                const auto stopping = sessions_;  // a copy: stop() removes from sessions_
                for (const auto& session : stopping) session->stop();
                done();
                *poll = nullptr;  // break the self-reference
                return;
            }
            auto again = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(20));
            again->async_wait([again, poll](boost::system::error_code) {
                if (*poll) (*poll)();
            });
        };
        (*poll)();
    });
}

}  // namespace anoman::server
