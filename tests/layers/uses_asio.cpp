// Refused below the network layer: Boost.Asio.
#include <boost/asio/io_context.hpp>

int layer_case_uses_asio() { return 0; }
