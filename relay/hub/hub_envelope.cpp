#include "relay/hub/hub_envelope.hpp"

#include "common/limits.hpp"

namespace baton {

namespace {

// A version byte first, so a later relay can change the layout and an older
// one in the same cluster (a rolling upgrade) skips what it cannot read.
constexpr std::uint8_t envelope_version = 1;
constexpr std::size_t max_subject = 255;

using Kind = HubEnvelope::Kind;

bool known(Kind kind) {
  switch (kind) {
    case Kind::session:
    case Kind::everyone:
    case Kind::resync:
    case Kind::setting:
    case Kind::heartbeat:
    case Kind::work:
    case Kind::feed: return true;
  }
  return false;
}

// Which kinds must name a subject (a chat, a setting, a recipient), which
// may (a heartbeat), and which carry a frame.
bool needs_subject(Kind kind) { return kind == Kind::session || kind == Kind::setting || kind == Kind::work; }
bool may_have_subject(Kind kind) { return needs_subject(kind) || kind == Kind::heartbeat; }
bool has_frame(Kind kind) { return kind == Kind::session || kind == Kind::everyone || kind == Kind::feed; }

}  // namespace

std::string encode_envelope(Kind kind, const RelayId& origin, std::string_view subject, std::string_view frame) {
  std::string out;
  out.reserve(2 + origin.size() + 1 + subject.size() + frame.size());
  out.push_back(static_cast<char>(envelope_version));
  out.push_back(static_cast<char>(kind));
  out.append(reinterpret_cast<const char*>(origin.data()), origin.size());
  auto named = subject.substr(0, max_subject);
  out.push_back(static_cast<char>(static_cast<std::uint8_t>(named.size())));
  out.append(named);
  out.append(frame);
  return out;
}

std::optional<HubEnvelope> decode_envelope(std::string_view bytes) {
  HubEnvelope envelope;
  constexpr std::size_t header = 2 + std::tuple_size_v<RelayId> + 1;
  if (bytes.size() < header || static_cast<std::uint8_t>(bytes[0]) != envelope_version) return std::nullopt;
  auto kind = static_cast<Kind>(static_cast<std::uint8_t>(bytes[1]));
  if (!known(kind)) return std::nullopt;
  envelope.kind = kind;
  for (std::size_t i = 0; i < envelope.origin.size(); ++i) envelope.origin[i] = static_cast<std::uint8_t>(bytes[2 + i]);
  auto subject_size = static_cast<std::uint8_t>(bytes[header - 1]);
  bytes.remove_prefix(header);
  if (bytes.size() < subject_size) return std::nullopt;
  envelope.subject = bytes.substr(0, subject_size);
  bytes.remove_prefix(subject_size);
  if (envelope.subject.empty() ? needs_subject(kind) : !may_have_subject(kind)) return std::nullopt;
  if (has_frame(kind) == bytes.empty()) return std::nullopt;
  if (bytes.size() > limits::frame_bytes * 4) return std::nullopt;
  envelope.frame = bytes;
  return envelope;
}

}  // namespace baton
