#include "common/protocol/binary_codec.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <sstream>

#include "common/limits.hpp"

// cereal sizes a string from the length prefix before reading its bytes, so a
// 20-byte frame claiming a 2 GB string would allocate 2 GB. This overload, a
// better match than cereal's template, refuses lengths no frame can hold.
namespace cereal {

inline void load(PortableBinaryInputArchive& ar, std::string& text) {
  size_type size = 0;
  ar(make_size_tag(size));
  if (size > baton::limits::frame_bytes) throw Exception("string longer than a frame");
  text.resize(static_cast<std::size_t>(size));
  ar(binary_data(text.data(), text.size()));
}

}  // namespace cereal

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
