#pragma once
// The HTTP form of a refusal: each kind has one status, so a layer below the
// API never needs to know which one.

#include "relay/core/refusal.hpp"
#include "relay/http/api_error.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

unsigned http_status(RefusalKind kind);
ApiError api_error(const Refusal& refusal);
Response refusal_response(const Request& request, const Refusal& refusal);

// What a request the relay can no longer take gets while it stops.
inline ApiError shutting_down_error() { return {503, "shutting_down", "the relay is restarting; retry"}; }

}  // namespace baton
