#include "connection_census.hpp"

#include <utility>

namespace anoman::server {

void ConnectionCensus::publish(CensusCounts counts) {
    std::lock_guard lock(mutex_);
    counts_ = std::move(counts);
}

CensusCounts ConnectionCensus::counts() {
    std::lock_guard lock(mutex_);
    return counts_;
}

}  // namespace anoman::server
