#pragma once
// The JSON forms of the protocol types (REST answers and the "baton.v1.json"
// live stream), and strict readers for what visitors send. Readers return a
// Refusal naming the field that is wrong; they never throw.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "common/protocol/client_frames.hpp"
#include "common/protocol/handoff.hpp"
#include "common/protocol/server_frames.hpp"
#include "common/protocol/visitor_context.hpp"
#include "relay/core/refusal.hpp"

namespace baton {

boost::json::object to_json(const Message& message);
boost::json::object to_json(const Attachment& attachment);
boost::json::object to_json(const StatusChange& change);
boost::json::object to_json(const VisitorContext& context);
boost::json::object to_json(const HandoffState& state);
std::string encode_json(const ServerFrame& frame);

// The body as a JSON object, or 400 invalid_json / 400 expected_object.
std::variant<boost::json::object, Refusal> parse_object(std::string_view body);

std::variant<ClientFrame, Refusal> decode_client_json(std::string_view text);
// `context` may be absent (an empty context) but not malformed.
std::variant<VisitorContext, Refusal> visitor_context_from_json(const boost::json::value* context);
std::variant<HandoffRequest, Refusal> handoff_request_from_json(const boost::json::object& body);

}  // namespace baton
