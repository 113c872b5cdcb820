#pragma once
// Small real files of each media type, for a /sim/inbound request that names
// a media type but brings no bytes: the message still carries a media id
// the receiver can look up and download, as every WhatsApp media message does.

#include <optional>
#include <string_view>

namespace baton::sim {

struct SampleMedia {
  std::string_view bytes;
  std::string_view mime;  // as WhatsApp reports such a file
  std::string_view filename;
};

// image (JPEG), document (PDF), audio (Ogg Opus voice note), video (MP4),
// sticker (WebP); nothing for other types.
std::optional<SampleMedia> sample_media(std::string_view type);

}  // namespace baton::sim
