#include "common/media_type.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/utf8.hpp"

namespace baton {
namespace {

constexpr std::uint64_t mb = 1024 * 1024;
constexpr std::uint64_t image_limit = 5 * mb;
constexpr std::uint64_t audio_video_limit = 16 * mb;
constexpr std::uint64_t document_limit = 100 * mb;
constexpr std::uint64_t sticker_limit = 500 * 1024;
constexpr std::size_t file_name_bytes = 120;

bool starts_with(std::string_view head, std::string_view magic) { return head.substr(0, magic.size()) == magic; }

std::string lower_extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

MediaType document(std::string mime) { return {AttachmentKind::document, std::move(mime), document_limit}; }

// ISO base media files (MP4, M4A, 3GPP) name their brand at bytes 8..11.
std::optional<MediaType> iso_media(std::string_view head) {
  if (head.size() < 12 || head.substr(4, 4) != "ftyp") return std::nullopt;
  auto brand = head.substr(8, 4);
  if (brand == "M4A " || brand == "M4B ") return MediaType{AttachmentKind::audio, "audio/mp4", audio_video_limit};
  if (brand.substr(0, 3) == "3gp" || brand.substr(0, 3) == "3g2") {
    return MediaType{AttachmentKind::video, "video/3gpp", audio_video_limit};
  }
  constexpr std::array<std::string_view, 7> video_brands{"isom", "iso2", "mp41", "mp42", "avc1", "MSNV", "dash"};
  if (std::find(video_brands.begin(), video_brands.end(), brand) != video_brands.end()) {
    return MediaType{AttachmentKind::video, "video/mp4", audio_video_limit};
  }
  return std::nullopt;
}

// An MPEG audio frame header: eleven set sync bits, a layer, not the
// reserved version. ADTS (AAC) is the same sync with layer bits 00.
std::optional<MediaType> mpeg_audio(std::string_view head) {
  if (head.size() < 2) return std::nullopt;
  auto b0 = static_cast<unsigned char>(head[0]);
  auto b1 = static_cast<unsigned char>(head[1]);
  if (b0 != 0xFF || (b1 & 0xE0) != 0xE0) return std::nullopt;
  if ((b1 & 0x06) == 0) {
    return (b1 & 0xF0) == 0xF0 ? std::optional<MediaType>({AttachmentKind::audio, "audio/aac", audio_video_limit})
                               : std::nullopt;
  }
  if ((b1 & 0x18) == 0x08) return std::nullopt;  // reserved MPEG version
  return MediaType{AttachmentKind::audio, "audio/mpeg", audio_video_limit};
}

// Plain text: only when named so, and the bytes read as UTF-8 text (the
// sample may end inside a character).
bool looks_like_text(std::string_view head) {
  if (head.empty()) return false;
  if (std::any_of(head.begin(), head.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u == 0 || (u < 0x20 && u != '\n' && u != '\r' && u != '\t' && u != 0x0C);
      })) {
    return false;
  }
  for (std::size_t cut = 0; cut < 4 && cut < head.size(); ++cut) {
    if (utf8::is_valid(head.substr(0, head.size() - cut))) return true;
  }
  return false;
}

}  // namespace

std::optional<MediaType> sniff_media(std::string_view head, std::string_view file_name) {
  auto ext = lower_extension(file_name);
  if (starts_with(head, "\xFF\xD8\xFF")) return MediaType{AttachmentKind::image, "image/jpeg", image_limit};
  if (starts_with(head, "\x89PNG\r\n\x1A\n")) return MediaType{AttachmentKind::image, "image/png", image_limit};
  if (head.size() >= 12 && starts_with(head, "RIFF") && head.substr(8, 4) == "WEBP") {
    return MediaType{AttachmentKind::sticker, "image/webp", sticker_limit};
  }
  if (starts_with(head, "%PDF-")) return document("application/pdf");
  if (starts_with(head, std::string_view("PK\x03\x04", 4))) {
    if (ext == "docx") return document("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    if (ext == "xlsx") return document("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    if (ext == "pptx") return document("application/vnd.openxmlformats-officedocument.presentationml.presentation");
    return std::nullopt;  // any other ZIP: an archive WhatsApp does not take
  }
  if (starts_with(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    if (ext == "doc") return document("application/msword");
    if (ext == "xls") return document("application/vnd.ms-excel");
    if (ext == "ppt") return document("application/vnd.ms-powerpoint");
    return std::nullopt;
  }
  if (starts_with(head, "OggS")) return MediaType{AttachmentKind::audio, "audio/ogg", audio_video_limit};
  if (starts_with(head, "#!AMR")) return MediaType{AttachmentKind::audio, "audio/amr", audio_video_limit};
  if (starts_with(head, "ID3")) return MediaType{AttachmentKind::audio, "audio/mpeg", audio_video_limit};
  if (auto iso = iso_media(head)) return iso;
  if (auto mpeg = mpeg_audio(head)) return mpeg;
  if (ext == "txt" && looks_like_text(head)) return document("text/plain");
  return std::nullopt;
}

bool visitor_may_send(AttachmentKind kind) { return kind != AttachmentKind::sticker; }

std::string clean_file_name(std::string_view name) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string kept;
  kept.reserve(std::min(name.size(), file_name_bytes));
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '"' || c == '\\') continue;
    kept.push_back(c);
  }
  // Keep whole characters only: a name cut mid-sequence, or bad bytes, go.
  if (!utf8::is_valid(kept)) return {};
  while (kept.size() > file_name_bytes) {
    auto last = kept.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(kept[last]) & 0xC0) == 0x80) --last;
    kept.resize(last);
  }
  auto first = kept.find_first_not_of(" .");
  if (first == std::string::npos) return {};
  return kept.substr(first);
}

std::string readable_size(std::uint64_t bytes) {
  auto one_decimal = [](std::uint64_t value, std::uint64_t unit) {
    auto tenths = (value * 10 + unit / 2) / unit;
    auto text = std::to_string(tenths / 10);
    if (tenths < 100 && tenths % 10 != 0) text += "." + std::to_string(tenths % 10);
    return text;
  };
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  if (bytes < mb) return one_decimal(bytes, 1024) + " KB";
  return one_decimal(bytes, mb) + " MB";
}

}  // namespace baton
