// How many clients are connected, by role and by device: counted by the
// network thread twice a second (Server::on_tick) and read by server.status
// and device.list on the engine thread. The engine layer holds it, the network
// layer fills it: the engine sees counts, never sessions.
#pragma once

#include <map>
#include <mutex>
#include <string>

namespace anoman::server {

struct CensusCounts {
    std::map<std::string, int> by_role;    // "kiosk" -> 2 ...; every role present, 0 if none
    std::map<std::string, int> by_device;  // only devices with a connection
    int unauthenticated = 0;               // connected, no hello yet
};

class ConnectionCensus {
public:
    void publish(CensusCounts counts);
    CensusCounts counts();

private:
    std::mutex mutex_;
    CensusCounts counts_;
};

}  // namespace anoman::server
