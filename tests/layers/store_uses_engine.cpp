// Refused: the store reaching up into the engine.
#include "engine.hpp"

int layer_case_store_uses_engine() { return 0; }
