#include "server_main.hpp"

int main(int argc, char** argv) { return anoman::server::run_server(argc, argv); }
