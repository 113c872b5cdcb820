#pragma once
// A response's status line and header fields as they go on the wire.
// Beast's serializer walks the fields, the body and the chunk framing as one
// nested buffer sequence on every write; for the answers the relay gives a
// webhook or an API call, that walk cost more than building the same bytes
// once (docs/benchmarks.md). Responses it cannot frame the simple way are
// left to Beast.

#include <optional>
#include <string>

#include "relay/http/http_types.hpp"

namespace baton {

// "HTTP/1.1 200 OK\r\nName: value\r\n...\r\n", to be followed by the body,
// or nullopt when the response is chunked or says nothing of its length
// (Beast writes those).
std::optional<std::string> response_head(const Response& response);

}  // namespace baton
