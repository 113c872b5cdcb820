#include "relay/store/settings_copy.hpp"

namespace baton {

SettingsCopy::SettingsCopy(SettingsTable& from, std::span<const std::string_view> keys) {
  for (auto key : keys) {
    if (auto value = from.get(key)) rows_.emplace(key, std::move(*value));
  }
}

std::optional<std::string> SettingsCopy::get(std::string_view key) {
  auto it = rows_.find(key);
  if (it == rows_.end()) return std::nullopt;
  return it->second;
}

void SettingsCopy::put(std::string_view key, std::string_view value, std::int64_t) {
  rows_.insert_or_assign(std::string(key), std::string(value));
}

void SettingsCopy::erase(std::string_view key) {
  if (auto it = rows_.find(key); it != rows_.end()) rows_.erase(it);
}

}  // namespace baton
