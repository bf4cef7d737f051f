// queuectl: thin main over the queuectl library (see queuectl.hpp).
#include <csignal>
#include <iostream>

#include "queuectl.hpp"

namespace {
extern "C" void on_signal(int) { anoman::queuectl::interrupted() = true; }
}  // namespace

int main(int argc, char** argv) {
    // Ctrl+C or SIGTERM ends `watch` cleanly (exit 0); other subcommands are short.
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    return anoman::queuectl::run(argc, argv, std::cout, std::cerr);
}
