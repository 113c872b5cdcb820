#pragma once
// A file a message carries, drawn in the log: pictures and stickers inline
// (a button that enlarges them), voice notes and audio with a player, videos
// with a player, documents as a card with the name, the size and a download
// link. The bytes come through Dom::show_file, with the chat's token in a
// header: no URL the widget writes holds it.

#include <string>

#include "client/core/dom_builder.hpp"
#include "client/core/language.hpp"
#include "common/attachment.hpp"

namespace baton::client {

// GET /v1/sessions/{session}/attachments/{id}
std::string attachment_path(std::string_view session_id, std::string_view attachment_id);

// What a file is called for the visitor: its name, or "picture" when a
// picture came without one.
std::string shown_name(Lang language, const Attachment& file);

// Appends the file's element to `parent` and returns it; for a picture, the
// button that enlarges it (its first child is the image).
Node draw_attachment(DomBuilder& build, Node parent, Lang language, const Attachment& file, std::string_view path,
                     std::string_view bearer);

// The name over the readable size (the log's cards and the preview above the
// text box); returns the label.
Node draw_file_label(DomBuilder& build, Node parent, std::string_view name, std::uint64_t size);

inline bool is_picture(AttachmentKind kind) { return kind == AttachmentKind::image || kind == AttachmentKind::sticker; }

}  // namespace baton::client
