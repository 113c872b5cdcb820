#include "client/core/branding.hpp"

#include "common/utf8.hpp"
#include "common/web_url.hpp"

namespace baton::client {
namespace {

std::string short_text(std::string_view text, std::size_t most) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) text.remove_suffix(1);
  if (!utf8::is_valid(text)) return {};
  return std::string(utf8::take_first(text, most));
}

}  // namespace

Branding Branding::from(std::string_view title, std::string_view logo, std::string_view reply_time) {
  return Branding{short_text(title, 60), is_web_image_url(logo) ? std::string(logo) : std::string(),
                  short_text(reply_time, 80)};
}

}  // namespace baton::client
