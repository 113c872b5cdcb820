#include "relay/hub/hub_envelope.hpp"

#include "common/limits.hpp"

namespace baton {

namespace {

// A version byte first, so a later relay can change the layout and an older
// one in the same cluster (a rolling upgrade) skips what it cannot read.
constexpr std::uint8_t envelope_version = 1;
constexpr std::size_t max_session_id = 255;

}  // namespace

std::string encode_envelope(HubEnvelope::Kind kind, const RelayId& origin, std::string_view session_id,
                            std::string_view frame) {
  std::string out;
  out.reserve(2 + origin.size() + 1 + session_id.size() + frame.size());
  out.push_back(static_cast<char>(envelope_version));
  out.push_back(static_cast<char>(kind));
  out.append(reinterpret_cast<const char*>(origin.data()), origin.size());
  auto id = session_id.substr(0, max_session_id);
  out.push_back(static_cast<char>(static_cast<std::uint8_t>(id.size())));
  out.append(id);
  out.append(frame);
  return out;
}

std::optional<HubEnvelope> decode_envelope(std::string_view bytes) {
  HubEnvelope envelope;
  constexpr std::size_t header = 2 + std::tuple_size_v<RelayId> + 1;
  if (bytes.size() < header || static_cast<std::uint8_t>(bytes[0]) != envelope_version) return std::nullopt;
  auto kind = static_cast<HubEnvelope::Kind>(static_cast<std::uint8_t>(bytes[1]));
  if (kind != HubEnvelope::Kind::session && kind != HubEnvelope::Kind::everyone && kind != HubEnvelope::Kind::resync) {
    return std::nullopt;
  }
  envelope.kind = kind;
  for (std::size_t i = 0; i < envelope.origin.size(); ++i) envelope.origin[i] = static_cast<std::uint8_t>(bytes[2 + i]);
  auto id_size = static_cast<std::uint8_t>(bytes[header - 1]);
  bytes.remove_prefix(header);
  if (bytes.size() < id_size) return std::nullopt;
  envelope.session_id = bytes.substr(0, id_size);
  bytes.remove_prefix(id_size);
  if ((kind == HubEnvelope::Kind::session) == envelope.session_id.empty()) return std::nullopt;
  if ((kind == HubEnvelope::Kind::resync) != bytes.empty()) return std::nullopt;
  if (bytes.size() > limits::frame_bytes * 4) return std::nullopt;
  envelope.frame = bytes;
  return envelope;
}

}  // namespace baton
