#pragma once
// What a file really is, read from its first bytes, and whether WhatsApp
// takes it. The relay trusts only this (never a declared Content-Type or a
// file name's extension alone); the widget runs the same check before it
// uploads, so a visitor hears "not accepted" at once. Limits are WhatsApp's
// (docs/attachments.md); the relay's own upload cap may be lower.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/attachment.hpp"

namespace baton {

struct MediaType {
  AttachmentKind kind = AttachmentKind::document;
  std::string mime;
  std::uint64_t whatsapp_limit = 0;  // bytes WhatsApp accepts for this type
};

// How many leading bytes sniff_media needs at most.
inline constexpr std::size_t media_sniff_bytes = 64;

// `head`: the file's first bytes (at least media_sniff_bytes when the file
// is that long). `file_name` only tells apart the office formats that share a
// container (ZIP: docx/xlsx/pptx; OLE: doc/xls/ppt) and marks plain text.
// nullopt: not a type WhatsApp accepts (or not what its name claims).
std::optional<MediaType> sniff_media(std::string_view head, std::string_view file_name);

// The kinds a visitor may send from the widget: stickers only come from
// WhatsApp.
bool visitor_may_send(AttachmentKind kind);

// A file name safe to keep and offer: the last path part, control and
// quoting characters dropped, at most 120 bytes of valid UTF-8. Empty when
// nothing is left.
std::string clean_file_name(std::string_view name);

// "3.2 MB", "740 KB", "12 bytes": a size as people read it.
std::string readable_size(std::uint64_t bytes);

}  // namespace baton
