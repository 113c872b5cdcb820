#pragma once
// Serves the phone page (GET /sim/ and its files) from the bytes compiled
// into the binary.

#include <optional>

#include "relay/http/http_types.hpp"
#include "relay/http/target.hpp"

namespace baton::sim {

class PhonePage {
 public:
  // Nothing if the request is not for the page or one of its files.
  std::optional<Response> serve(const Request& request, const Target& target) const;
};

}  // namespace baton::sim
