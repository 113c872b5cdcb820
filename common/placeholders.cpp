#include "common/placeholders.hpp"

namespace baton {

std::string fill_placeholders(std::string_view text,
                              std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out(text);
  for (const auto& [name, value] : values) {
    auto key = "{" + std::string(name) + "}";
    for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size())) {
      out.replace(at, key.size(), value);
    }
  }
  return out;
}

}  // namespace baton
