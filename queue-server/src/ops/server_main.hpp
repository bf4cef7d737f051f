// queue-server's command line and life cycle, as a function the tests and
// main.cpp share: parse options, load the configuration (exit 2 with one
// line when invalid), open the database, listen, print "listening on
// ADDR:PORT", serve until SIGTERM/SIGINT, shut down cleanly (exit 0).
#pragma once

namespace anoman::server {

int run_server(int argc, char** argv);

}  // namespace anoman::server
