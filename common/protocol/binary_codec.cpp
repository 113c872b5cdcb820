#include "common/protocol/binary_codec.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <sstream>

namespace baton {
namespace {

template <class Frame>
std::string encode(const Frame& frame) {
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive archive(out);
    archive(frame);
  }
  return std::move(out).str();
}

template <class Frame>
std::optional<Frame> decode(std::string_view bytes) {
  std::istringstream in(std::string(bytes), std::ios::binary);
  try {
    Frame frame;
    cereal::PortableBinaryInputArchive archive(in);
    archive(frame);
    // Trailing bytes mean the frame was not what it claimed to be.
    if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;
    return frame;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::string encode_binary(const ClientFrame& frame) { return encode(frame); }
std::string encode_binary(const ServerFrame& frame) { return encode(frame); }

std::optional<ClientFrame> decode_client_frame(std::string_view bytes) { return decode<ClientFrame>(bytes); }
std::optional<ServerFrame> decode_server_frame(std::string_view bytes) { return decode<ServerFrame>(bytes); }

std::string encode_binary(const VisitorContext& context) { return encode(context); }
std::optional<VisitorContext> decode_visitor_context(std::string_view bytes) {
  return decode<VisitorContext>(bytes);
}

}  // namespace baton
