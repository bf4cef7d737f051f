// Included by every Boost header (boost/config.hpp reads BOOST_USER_CONFIG) in
// targets whose layer must not use Boost: the protocol library, the store and
// the engine (README.md, "Layers"). Boost.Asio belongs to the network layer and
// the client library; reaching for it below them is a build error, not a review
// comment.
#error "this layer does not use Boost (README.md, Layers): Asio lives in queue-server/src/net and common's client library"
