// What a relay of a cluster reads when another relay changed a setting
// (relay/store/settings_copy.hpp): the named rows as they were, nothing else,
// and never a write through to the table it was read from.

#include <doctest/doctest.h>

#include <array>
#include <map>

#include "relay/store/settings_copy.hpp"

using namespace baton;

namespace {

struct TableInMemory final : SettingsTable {
  std::map<std::string, std::string, std::less<>> rows;
  std::optional<std::string> get(std::string_view key) override {
    auto it = rows.find(key);
    return it == rows.end() ? std::nullopt : std::optional(it->second);
  }
  void put(std::string_view key, std::string_view value, std::int64_t) override {
    rows.insert_or_assign(std::string(key), std::string(value));
  }
  void erase(std::string_view key) override {
    if (auto it = rows.find(key); it != rows.end()) rows.erase(it);
  }
};

}  // namespace

TEST_CASE("settings copy: holds the named rows as read, absent ones absent, and nothing else") {
  TableInMemory table;
  table.put("hours", "mon-fri 09:00-17:00", 0);
  table.put("allowed_origins", R"(["https://shop.example"])", 0);
  constexpr std::array<std::string_view, 2> keys{"hours", "time_zone"};
  SettingsCopy copy(table, keys);
  CHECK(copy.get("hours") == "mon-fri 09:00-17:00");
  CHECK_FALSE(copy.get("time_zone"));        // named, but not stored
  CHECK_FALSE(copy.get("allowed_origins"));  // stored, but not named

  // Later changes to the table are not in the copy, and the copy's own stay in it.
  table.put("hours", "mon-sun 00:00-24:00", 0);
  CHECK(copy.get("hours") == "mon-fri 09:00-17:00");
  copy.erase("hours");
  copy.put("time_zone", "Europe/Lisbon", 0);
  CHECK_FALSE(copy.get("hours"));
  CHECK(copy.get("time_zone") == "Europe/Lisbon");
  CHECK(table.get("hours") == "mon-sun 00:00-24:00");
  CHECK_FALSE(table.get("time_zone"));
}
