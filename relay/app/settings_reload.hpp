#pragma once
// Keeps a cluster's relays on the same settings (docs/cluster.md,
// "Settings"). Each relay holds the settings in force in memory, read from
// the shared settings table at start. When the admin page changes one on any
// relay, that relay says so on the hub (Hub::setting_changed); every other
// relay reads the changed rows, off the event loop, and puts them in force
// through the same code that read them at start, or goes back to the flags
// where a row is gone. After the link to the others was down, every setting
// is read again.

#include <functional>
#include <string_view>
#include <vector>

#include "relay/store/store.hpp"

namespace baton {

class SettingsReload {
 public:
  // Settings read and put in force together: one component's rows.
  struct Group {
    std::vector<std::string_view> keys;
    std::function<void(SettingsTable&)> put_in_force;
  };

  SettingsReload(Store& store, std::vector<Group> groups) : store_(store), groups_(std::move(groups)) {}

  // The setting under `key` changed on another relay; an empty key: any may
  // have. A key no group holds (a setting read per request, or one a newer
  // relay keeps) needs nothing.
  void changed(std::string_view key);

 private:
  void read(const Group& group);

  Store& store_;
  const std::vector<Group> groups_;
};

}  // namespace baton
