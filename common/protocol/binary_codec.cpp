#include "common/protocol/binary_codec.hpp"

#include "common/protocol/byte_archive.hpp"

namespace baton {
namespace {

template <class Value>
std::string encode(const Value& value) {
  std::string out;
  ByteOutputArchive archive(out);
  archive(value);
  return out;
}

template <class Value>
std::optional<Value> decode(std::string_view bytes) {
  ByteInputArchive archive(bytes);
  Value value;
  archive(value);
  // Trailing bytes mean the frame was not what it claimed to be.
  if (archive.failed() || archive.remaining() != 0) return std::nullopt;
  return value;
}

}  // namespace

std::string encode_binary(const ClientFrame& frame) { return encode(frame); }
std::string encode_binary(const ServerFrame& frame) { return encode(frame); }

std::optional<ClientFrame> decode_client_frame(std::string_view bytes) { return decode<ClientFrame>(bytes); }
std::optional<ServerFrame> decode_server_frame(std::string_view bytes) { return decode<ServerFrame>(bytes); }

std::string encode_binary(const VisitorContext& context) { return encode(context); }
std::optional<VisitorContext> decode_visitor_context(std::string_view bytes) { return decode<VisitorContext>(bytes); }

}  // namespace baton
