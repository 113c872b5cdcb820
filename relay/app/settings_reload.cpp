#include "relay/app/settings_reload.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/store/settings_copy.hpp"

namespace baton {

void SettingsReload::changed(std::string_view key) {
  for (const auto& group : groups_) {
    if (key.empty() || std::find(group.keys.begin(), group.keys.end(), key) != group.keys.end()) read(group);
  }
}

void SettingsReload::read(const Group& group) {
  auto copy = std::make_shared<std::optional<SettingsCopy>>();
  store_.read([copy, keys = group.keys](StoreTx& tx) { copy->emplace(tx.settings(), keys); },
              [copy, &group](std::exception_ptr error) {
                try {
                  if (error) std::rethrow_exception(error);
                  group.put_in_force(**copy);
                } catch (const std::exception& e) {
                  // What is in force stays; the next change, or the next
                  // time the link comes back, reads it again.
                  log::warn("a setting changed on another relay could not be put in force here",
                            {{"setting", std::string(group.keys.front())}, {"error", e.what()}});
                  return;
                }
                log::debug("setting read again: another relay may have changed it",
                           {{"setting", std::string(group.keys.front())}});
                metrics::registry()
                    .counter("baton_settings_reloaded_total",
                             "Settings read again because another relay of the cluster changed them")
                    .inc();
              });
}

}  // namespace baton
