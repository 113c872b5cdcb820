#pragma once
// A file carried by a chat message: a photo, a document, a voice note or a
// video. The bytes live in the relay's blob store; a message names them by
// `id` and says enough (kind, type, name, size) for a reader to show a card
// or an inline picture before fetching anything.

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton {

// WhatsApp's own media families, which decide how a file is sent and shown.
enum class AttachmentKind : std::uint8_t {
  image = 0,     // JPEG or PNG: shown inline
  document = 1,  // PDF, office files, plain text: a card with a download link
  audio = 2,     // voice notes and audio files: a player
  video = 3,     // MP4 or 3GPP: a player
  sticker = 4,   // WebP, only ever received from WhatsApp: shown inline
};

std::string_view to_string(AttachmentKind kind);
std::optional<AttachmentKind> attachment_kind_from_string(std::string_view name);

struct Attachment {
  std::string id;  // "a_…"; empty: the message carries no file
  AttachmentKind kind = AttachmentKind::document;
  std::string mime;  // as sniffed from the bytes, never as declared
  std::string name;  // the file name to offer on download (may be empty)
  std::uint64_t size = 0;

  bool empty() const { return id.empty(); }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const /*version*/) {
    ar(CEREAL_NVP(id), CEREAL_NVP(kind), CEREAL_NVP(mime), CEREAL_NVP(name), CEREAL_NVP(size));
  }

  friend bool operator==(const Attachment&, const Attachment&) = default;
};

}  // namespace baton

CEREAL_CLASS_VERSION(baton::Attachment, 1)
