#include "client/core/file_check.hpp"

#include <algorithm>

#include "client/core/language.hpp"

namespace baton::client {

std::optional<MediaType> check_file(Lang language, std::string_view head, std::string_view name, std::uint64_t size,
                                    std::string& refusal) {
  auto type = sniff_media(head, name);
  if (!type || !visitor_may_send(type->kind)) {
    refusal = text(language, Text::file_refused);
    return std::nullopt;
  }
  auto limit = std::min(type->whatsapp_limit, upload_limit_bytes);
  if (size > limit) {
    refusal = format(language, Text::file_too_large, "size", readable_size(limit));
    return std::nullopt;
  }
  refusal.clear();
  return type;
}

}  // namespace baton::client
