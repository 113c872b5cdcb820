#pragma once
// Some settings rows, read in one transaction and kept in memory. A relay of
// a cluster reads the rows another relay changed into one of these (reads
// run off the event loop) and hands it to the code that reads the settings
// at start, so that a change is put in force the same way a start would.

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "relay/store/store_tx.hpp"

namespace baton {

class SettingsCopy final : public SettingsTable {
 public:
  // `keys` as `from` holds them now; a key `from` lacks stays absent.
  SettingsCopy(SettingsTable& from, std::span<const std::string_view> keys);

  std::optional<std::string> get(std::string_view key) override;
  // Changes the copy only, never the table it was read from.
  void put(std::string_view key, std::string_view value, std::int64_t now_ms) override;
  void erase(std::string_view key) override;

 private:
  std::map<std::string, std::string, std::less<>> rows_;
};

}  // namespace baton
