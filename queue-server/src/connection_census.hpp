// How many clients are connected, by role and by device: counted by the
// network thread twice a second (Server::on_tick) and read by server.status
// and device.list on the engine thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace anoman::server {

class Session;

struct CensusCounts {
    std::map<std::string, int> by_role;    // "kiosk" -> 2 ...; every role present, 0 if none
    std::map<std::string, int> by_device;  // only devices with a connection
    int unauthenticated = 0;               // connected, no hello yet
};

class ConnectionCensus {
public:
    void publish(const std::set<std::shared_ptr<Session>>& sessions);
    CensusCounts counts();

private:
    std::mutex mutex_;
    CensusCounts counts_;
};

}  // namespace anoman::server
