#include "waiting_order.hpp"

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

namespace anoman::server {

struct WaitingOrder::Queue {
    // order_of_key(k): how many keys are less than k, in O(log n).
    __gnu_pbds::tree<WaitingKey, __gnu_pbds::null_type, std::less<WaitingKey>, __gnu_pbds::rb_tree_tag,
                     __gnu_pbds::tree_order_statistics_node_update>
        tree;
};

WaitingOrder::WaitingOrder() = default;
WaitingOrder::~WaitingOrder() = default;
WaitingOrder::WaitingOrder(WaitingOrder&&) noexcept = default;
WaitingOrder& WaitingOrder::operator=(WaitingOrder&&) noexcept = default;

void WaitingOrder::insert_raw(const std::string& service, const WaitingKey& key) {
    auto& queue = queues_[service];
    if (!queue) queue = std::make_unique<Queue>();
    queue->tree.insert(key);
    where_[key.id] = {service, key};
}

void WaitingOrder::erase_raw(std::int64_t id) {
    auto it = where_.find(id);
    if (it == where_.end()) return;
    auto queue = queues_.find(it->second.first);
    if (queue != queues_.end()) queue->second->tree.erase(it->second.second);
    where_.erase(it);
}

void WaitingOrder::add(const std::string& service, const WaitingKey& key) {
    remove(key.id);
    insert_raw(service, key);
    journal_.push_back(Change{true, service, key});
}

bool WaitingOrder::remove(std::int64_t id) {
    auto it = where_.find(id);
    if (it == where_.end()) return false;
    journal_.push_back(Change{false, it->second.first, it->second.second});
    erase_raw(id);
    return true;
}

int WaitingOrder::ahead_of(const std::string& service, const WaitingKey& key) const {
    auto queue = queues_.find(service);
    if (queue == queues_.end()) return 0;
    return static_cast<int>(queue->second->tree.order_of_key(key));
}

int WaitingOrder::count(const std::string& service) const {
    auto queue = queues_.find(service);
    return queue == queues_.end() ? 0 : static_cast<int>(queue->second->tree.size());
}

std::optional<WaitingKey> WaitingOrder::head(const std::string& service) const {
    auto queue = queues_.find(service);
    if (queue == queues_.end() || queue->second->tree.empty()) return std::nullopt;
    return *queue->second->tree.begin();
}

void WaitingOrder::clear() {
    queues_.clear();
    where_.clear();
    journal_.clear();
}

void WaitingOrder::rollback_to(std::size_t mark) {
    while (journal_.size() > mark) {
        Change change = std::move(journal_.back());
        journal_.pop_back();
        if (change.added) erase_raw(change.key.id);
        else insert_raw(change.service, change.key);
    }
}

}  // namespace anoman::server
