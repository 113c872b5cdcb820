#include "tools/wa-sim/media_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/media_type.hpp"

namespace baton::sim {
namespace {

constexpr std::uint64_t mb = 1024 * 1024;

// The order of Meta's own refusal message; video/3gp is the spelling of its
// supported-media table, video/3gpp that of the refusal.
constexpr std::array<UploadType, 20> types{{
    {"audio/aac", "audio/aac", "aac", AttachmentKind::audio, 16 * mb},
    {"audio/mp4", "audio/mp4", "m4a", AttachmentKind::audio, 16 * mb},
    {"audio/mpeg", "audio/mpeg", "mp3", AttachmentKind::audio, 16 * mb},
    {"audio/amr", "audio/amr", "amr", AttachmentKind::audio, 16 * mb},
    {"audio/ogg", "audio/ogg", "ogg", AttachmentKind::audio, 16 * mb},
    {"audio/opus", "audio/ogg", "opus", AttachmentKind::audio, 16 * mb},
    {"application/vnd.ms-powerpoint", "application/vnd.ms-powerpoint", "ppt", AttachmentKind::document, 100 * mb},
    {"application/msword", "application/msword", "doc", AttachmentKind::document, 100 * mb},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", AttachmentKind::document,
     100 * mb},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", AttachmentKind::document,
     100 * mb},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", AttachmentKind::document, 100 * mb},
    {"application/pdf", "application/pdf", "pdf", AttachmentKind::document, 100 * mb},
    {"text/plain", "text/plain", "txt", AttachmentKind::document, 100 * mb},
    {"application/vnd.ms-excel", "application/vnd.ms-excel", "xls", AttachmentKind::document, 100 * mb},
    {"image/jpeg", "image/jpeg", "jpg", AttachmentKind::image, 5 * mb},
    {"image/png", "image/png", "png", AttachmentKind::image, 5 * mb},
    {"image/webp", "image/webp", "webp", AttachmentKind::sticker, 500 * 1024},
    {"video/mp4", "video/mp4", "mp4", AttachmentKind::video, 16 * mb},
    {"video/3gpp", "video/3gpp", "3gp", AttachmentKind::video, 16 * mb},
    {"video/3gp", "video/3gpp", "3gp", AttachmentKind::video, 16 * mb},
}};

}  // namespace

std::string base_mime(std::string_view mime) {
  auto semicolon = mime.find(';');
  auto type = mime.substr(0, semicolon);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  std::string out(type);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

const UploadType* upload_type(std::string_view mime) {
  auto base = base_mime(mime);
  auto it = std::find_if(types.begin(), types.end(), [&](const UploadType& t) { return t.mime == base; });
  return it == types.end() ? nullptr : &*it;
}

std::string upload_types_text() {
  std::string out;
  for (const auto& t : types) {
    if (t.mime == "video/3gp") continue;
    if (!out.empty()) out += ", ";
    out += t.mime;
  }
  return out;
}

std::optional<std::string> content_mismatch(std::string_view bytes, const UploadType& type) {
  // The extension only tells apart formats that share a container (office
  // files) and marks plain text; the declared type supplies it.
  auto sniffed = sniff_media(bytes.substr(0, media_sniff_bytes), "file." + std::string(type.extension));
  if (sniffed && sniffed->mime == type.sniffed) return std::nullopt;
  if (sniffed) return sniffed->mime;
  // Office files need a name to be recognised: try each. Not plain text,
  // which any printable header (GIF89a...) would pass for.
  for (const auto& other : types) {
    if (other.extension == "txt") continue;
    auto guess = sniff_media(bytes.substr(0, media_sniff_bytes), "file." + std::string(other.extension));
    if (guess) return guess->mime;
  }
  return std::string("no type WhatsApp accepts");
}

bool sendable_as(std::string_view mime, std::string_view message_type) {
  const auto* type = upload_type(mime);
  if (!type) return false;
  if (message_type == "document") return true;
  if (message_type == "sticker") return type->kind == AttachmentKind::sticker;
  if (message_type == "image") return type->kind == AttachmentKind::image;
  if (message_type == "audio") return type->kind == AttachmentKind::audio;
  if (message_type == "video") return type->kind == AttachmentKind::video;
  return false;
}

bool is_media_type(std::string_view message_type) {
  return message_type == "image" || message_type == "document" || message_type == "audio" || message_type == "video" ||
         message_type == "sticker";
}

std::string limit_text(std::uint64_t bytes) { return readable_size(bytes); }

}  // namespace baton::sim
