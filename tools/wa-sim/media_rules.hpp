#pragma once
// Which files the Cloud API takes, as its media reference lists them: the
// MIME types an upload may declare, each type's size limit, the message types
// a file may be sent as, and whether the bytes really are the declared type
// (read from the bytes with common/media_type.hpp, as the relay does).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/attachment.hpp"

namespace baton::sim {

struct UploadType {
  std::string_view mime;     // as the upload declares it
  std::string_view sniffed;  // what sniff_media calls such bytes
  std::string_view extension;
  AttachmentKind kind;
  std::uint64_t limit;  // bytes
};

// "image/png" from "Image/PNG; charset=x": the type without parameters, lower case.
std::string base_mime(std::string_view mime);

// One of the types Meta's upload takes, or null.
const UploadType* upload_type(std::string_view mime);

// The list Meta names when it refuses a type ("audio/aac, audio/mp4, ...").
std::string upload_types_text();

// Whether `bytes` are `type` as their first bytes tell; on a mismatch, what
// they look like instead ("application/pdf", or "no type WhatsApp accepts").
std::optional<std::string> content_mismatch(std::string_view bytes, const UploadType& type);

// Whether a file of `mime` may go out as a message of `message_type`
// (image, document, audio, video, sticker). Any accepted type may go as a
// document, as on WhatsApp.
bool sendable_as(std::string_view mime, std::string_view message_type);

// The message types that carry a file.
bool is_media_type(std::string_view message_type);

// "6.0 MB", "500 KB": limits as Meta words them.
std::string limit_text(std::uint64_t bytes);

}  // namespace baton::sim
