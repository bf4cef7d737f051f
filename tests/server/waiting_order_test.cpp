// The in-memory waiting order (waiting_order.hpp) against a brute-force model:
// random adds anywhere in the order, removals, moves between services,
// journal marks and rollbacks; after every step each service's count, head
// and every ticket's "ahead" must equal what a plain sorted scan says.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

#include "waiting_order.hpp"

using namespace anoman::server;

namespace {

using Model = std::map<std::int64_t, std::pair<std::string, WaitingKey>>;  // id -> service, key

[[maybe_unused]] int model_ahead(const Model& model, const std::string& service, const WaitingKey& key) {
    int ahead = 0;
    for (const auto& [id, entry] : model)
        if (entry.first == service && entry.second < key) ++ahead;
    return ahead;
}

void check_against(const WaitingOrder& order, const Model& model, const std::vector<std::string>& services) {
    REQUIRE(order.size() == model.size());
    for (const auto& service : services) {
        std::vector<WaitingKey> keys;
        for (const auto& [id, entry] : model)
            if (entry.first == service) keys.push_back(entry.second);
        std::sort(keys.begin(), keys.end());
        REQUIRE(order.count(service) == static_cast<int>(keys.size()));
        if (keys.empty()) CHECK_FALSE(order.head(service).has_value());
        else CHECK(order.head(service) == keys.front());
        for (std::size_t i = 0; i < keys.size(); ++i) REQUIRE(order.ahead_of(service, keys[i]) == static_cast<int>(i));
    }
    for (const auto& [id, entry] : model) REQUIRE(order.contains(id));
}

}  // namespace

TEST_CASE("waiting order: ahead is the rank in (priority desc, queued_at, id) order") {
    WaitingOrder order;
    order.add("A", {false, 100, 1});
    order.add("A", {false, 200, 2});
    order.add("A", {true, 300, 3});   // priority: first whatever its time
    order.add("A", {false, 50, 4});   // an earlier entry (a booking's check-in): before 1 and 2
    order.add("B", {false, 10, 5});
    CHECK(order.ahead_of("A", {true, 300, 3}) == 0);
    CHECK(order.ahead_of("A", {false, 50, 4}) == 1);
    CHECK(order.ahead_of("A", {false, 100, 1}) == 2);
    CHECK(order.ahead_of("A", {false, 200, 2}) == 3);
    CHECK(order.ahead_of("A", {false, 999, 99}) == 4);  // not waiting: everyone is ahead
    CHECK(order.count("A") == 4);
    CHECK(order.count("B") == 1);
    CHECK(order.count("C") == 0);
    CHECK(order.ahead_of("C", {false, 1, 1}) == 0);
    CHECK(order.head("A")->id == 3);
    CHECK(order.remove(3));
    CHECK_FALSE(order.remove(3));
    CHECK(order.head("A")->id == 4);
    // Same time, lower id first.
    order.add("B", {false, 10, 2});
    CHECK(order.ahead_of("B", {false, 10, 5}) == 1);
}

TEST_CASE("waiting order: a rollback to a mark undoes exactly the changes after it") {
    WaitingOrder order;
    order.add("A", {false, 1, 1});
    order.add("A", {false, 2, 2});
    order.forget_journal();
    const auto mark = order.mark();
    order.remove(1);                 // called
    order.add("B", {false, 3, 2});   // transferred: moves to B
    order.add("A", {false, 4, 7});   // issued
    CHECK(order.count("A") == 1);
    order.rollback_to(mark);
    CHECK(order.count("A") == 2);
    CHECK(order.count("B") == 0);
    CHECK_FALSE(order.contains(7));
    CHECK(order.ahead_of("A", {false, 2, 2}) == 1);
}

TEST_CASE("waiting order: random operations agree with a brute-force model") {
    const std::vector<std::string> services{"A", "B", "P", "PG"};
    for (unsigned seed = 1; seed <= 20; ++seed) {
        CAPTURE(seed);
        std::mt19937 random(seed);
        auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
        WaitingOrder order;
        Model model;
        // Marks taken and the model as it was then, to roll back to.
        std::vector<std::pair<std::size_t, Model>> marks;
        std::int64_t next_id = 1;
        std::int64_t clock = 1000;
        for (int step = 0; step < 600; ++step) {
            const int what = pick(100);
            const std::string service = services[static_cast<std::size_t>(pick(4))];
            if (what < 40 || model.empty()) {
                // A new ticket: usually at the back, sometimes earlier (a check-in), sometimes priority.
                clock += 1 + pick(3);
                const std::int64_t at = pick(5) == 0 ? clock - pick(2000) : clock;
                const WaitingKey key{pick(8) == 0, at, next_id++};
                order.add(service, key);
                model[key.id] = {service, key};
            } else {
                auto it = std::next(model.begin(), pick(static_cast<int>(model.size())));
                const std::int64_t id = it->first;
                if (what < 70) {
                    CHECK(order.remove(id));  // called, cancelled, day ended
                    model.erase(id);
                } else if (what < 85) {
                    clock += 1;  // requeued or transferred: to the back of a service
                    const WaitingKey key{it->second.second.priority, clock, id};
                    order.add(service, key);
                    model[id] = {service, key};
                } else if (what < 90) {
                    CHECK_FALSE(order.remove(next_id + 5));  // never issued
                } else if (what < 95) {
                    marks.emplace_back(order.mark(), model);
                } else if (!marks.empty()) {
                    order.rollback_to(marks.back().first);
                    model = marks.back().second;
                    marks.pop_back();
                } else {
                    order.forget_journal();  // a commit
                    marks.clear();
                }
            }
            if (step % 7 == 0) check_against(order, model, services);
        }
        check_against(order, model, services);
        // Back to the first mark, whatever happened since.
        if (!marks.empty()) {
            order.rollback_to(marks.front().first);
            check_against(order, marks.front().second, services);
        }
    }
}
