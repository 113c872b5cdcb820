#include "common/web_url.hpp"

namespace baton {

bool is_web_image_url(std::string_view url) {
  if (url.size() > 500 || !(url.starts_with("https://") || url.starts_with("http://"))) return false;
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') return false;
  }
  return true;
}

}  // namespace baton
