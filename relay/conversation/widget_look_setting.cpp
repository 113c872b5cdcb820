// The widget's look as the admin page sets it (docs/admin.md, "The widget"):
// kept in the settings table and applied at once.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "relay/conversation/conversation_service.hpp"
#include "relay/core/log.hpp"

namespace baton {

void ConversationService::restore_widget_look(SettingsTable& settings) {
  auto stored = settings.get(look_key);
  if (!stored) {
    look_.reset();
    return;
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(*stored, ec);
  auto read = ec ? std::variant<WidgetLook, std::string>("not JSON") : widget_look_from_json(value);
  if (auto* problem = std::get_if<std::string>(&read)) {
    log::warn("stored widget look unusable, using the relay's own", {{"error", *problem}});
    return;
  }
  look_ = std::get<WidgetLook>(std::move(read));
}

void ConversationService::set_widget_look(std::optional<WidgetLook> look, std::function<void(Outcome<bool>)> done) {
  auto stored = look ? boost::json::serialize(widget_look_to_json(*look)) : std::string();
  save_setting(std::string(look_key), stored,
               [this, look = std::move(look), done = std::move(done)](Outcome<bool> outcome) mutable {
                 if (std::holds_alternative<bool>(outcome)) {
                   // Stored first, then in force: the ways offered change for open tabs too.
                   look_ = std::move(look);
                   broadcast_availability_if_changed();
                 }
                 done(std::move(outcome));
               });
}

}  // namespace baton
