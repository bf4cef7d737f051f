// Refused: the engine reaching up into the network layer.
#include "server.hpp"

int layer_case_engine_uses_net() { return 0; }
