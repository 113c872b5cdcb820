#pragma once
// What a handler makes of one request. Almost always just a response; the
// simulators also reproduce what real services sometimes do to a connection:
// answer late, never answer, or stream the body piece by piece.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "relay/http/http_types.hpp"

namespace baton {

// Yields the next piece of a streamed body, or nullopt once there is no more.
using BodyPieces = std::function<boost::asio::awaitable<std::optional<std::string>>()>;

struct Reply {
  enum class Action {
    answer,  // write the response
    drop,    // close the connection without writing anything
  };

  Reply() = default;
  Reply(Response r) : response(std::move(r)) {}  // NOLINT: a plain answer is the usual reply

  Response response;
  Action action = Action::answer;
  std::chrono::milliseconds delay{0};  // wait this long first
  // When set, `response`'s header is sent with chunked encoding and the body
  // is made of these pieces (an event stream); `response.body()` is unused.
  BodyPieces pieces;
  // With `pieces`: close after the last piece without the final chunk, as a
  // server that fails part way through a stream does.
  bool cut_after_pieces = false;
};

}  // namespace baton
