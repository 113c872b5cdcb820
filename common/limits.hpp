#pragma once
// Explicit limits shared by the widget and the relay. Documented in
// docs/limits.md; changing one here changes it everywhere.

#include <cstddef>

namespace baton::limits {

// WhatsApp refuses text bodies over 4,096 characters. A visitor's message
// reaches the agent behind a tag ("#K7P2QX Name: ", at most 50 characters),
// so visitors get 4,000: everything they write arrives whole.
inline constexpr std::size_t message_text_chars = 4000;
inline constexpr std::size_t client_id_chars = 64;
inline constexpr std::size_t context_field_chars = 2048;
inline constexpr std::size_t context_pages = 50;
inline constexpr std::size_t context_extra_entries = 32;
inline constexpr std::size_t person_name_chars = 120;
inline constexpr std::size_t email_chars = 254;
// The consent sentence a widget reports having shown.
inline constexpr std::size_t consent_text_chars = 1000;
inline constexpr std::size_t messages_per_page = 500;
// WhatsApp takes captions of up to 1,024 characters; a visitor's reaches the
// agent behind the same tag as a message.
inline constexpr std::size_t caption_chars = 1000;
// Largest live-stream frame either side accepts: a full-length message in
// four-byte UTF-8 plus its envelope fits with room to spare.
inline constexpr std::size_t frame_bytes = 64 * 1024;

}  // namespace baton::limits
