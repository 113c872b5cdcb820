#pragma once
// An answer plus what the connection should do with it: Meta's answers can
// be slow or never arrive, and the simulator reproduces both on request.

#include <chrono>

#include "relay/http/http_types.hpp"

namespace baton::sim {

struct Reply {
  enum class Action {
    answer,  // write the response
    drop,    // close the connection without writing anything
  };
  Response response;
  Action action = Action::answer;
  std::chrono::milliseconds delay{0};  // wait this long first
};

}  // namespace baton::sim
