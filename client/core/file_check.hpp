#pragma once
// The widget's check of a file the visitor chose, before anything leaves the
// browser: the relay's own rule (common/media_type.hpp) on the file's first
// bytes, so a refusal is immediate and says what is accepted.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/lang.hpp"
#include "common/media_type.hpp"

namespace baton::client {

// The relay's upload cap (its --max-attachment-mb default), under WhatsApp's
// limit for documents.
inline constexpr std::uint64_t upload_limit_bytes = 16 * 1024 * 1024;

// `head`: the file's first media_sniff_bytes. The sniffed type; or nothing,
// with `refusal` set to the sentence the visitor reads: a type the visitor
// may not send, or a file over its type's limit.
std::optional<MediaType> check_file(Lang language, std::string_view head, std::string_view name, std::uint64_t size,
                                    std::string& refusal);

}  // namespace baton::client
