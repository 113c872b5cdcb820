#pragma once
// The compact encoding of the live stream ("baton.v1.bin" subprotocol):
// cereal's portable binary archive, little-endian, fixed-width integers, so a
// wasm32 widget and a 64-bit relay read each other's bytes.

#include <optional>
#include <string>
#include <string_view>

#include "common/protocol/client_frames.hpp"
#include "common/protocol/server_frames.hpp"
#include "common/protocol/visitor_context.hpp"

namespace baton {

std::string encode_binary(const ClientFrame& frame);
std::string encode_binary(const ServerFrame& frame);

// Empty when the bytes are not a well-formed frame (never throws).
std::optional<ClientFrame> decode_client_frame(std::string_view bytes);
std::optional<ServerFrame> decode_server_frame(std::string_view bytes);

// The relay stores a session's context in this form; cereal's class version
// lets later releases read what earlier ones wrote.
std::string encode_binary(const VisitorContext& context);
std::optional<VisitorContext> decode_visitor_context(std::string_view bytes);

}  // namespace baton
