// Allowed: the engine layer uses the store's and the protocol's headers.
#include "anoman/protocol.hpp"
#include "engine.hpp"
#include "store.hpp"

int layer_case_engine_uses_store() { return 0; }
