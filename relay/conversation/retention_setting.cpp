// The retention period as the admin page sets it (docs/admin.md): kept in
// the settings table, winning over --retention-days until cleared.

#include <charconv>

#include "relay/conversation/conversation_service.hpp"
#include "relay/core/log.hpp"

namespace baton {
namespace {

std::optional<std::uint32_t> read_days(std::string_view text) {
  std::uint32_t days = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (ec != std::errc() || end != text.data() + text.size() || days > ConversationService::max_retention_days) {
    return std::nullopt;
  }
  return days;
}

}  // namespace

void ConversationService::restore_retention(SettingsTable& settings) {
  retention_days_ = config_.retention_days;
  retention_from_admin_ = false;
  auto stored = settings.get(retention_key);
  if (!stored) return;
  auto days = read_days(*stored);
  if (!days) {
    log::warn("stored retention unreadable, using --retention-days", {{"stored", *stored}});
    return;
  }
  retention_days_ = *days;
  retention_from_admin_ = true;
}

void ConversationService::set_retention_days(std::optional<std::uint32_t> days,
                                             std::function<void(Outcome<std::uint32_t>)> done) {
  if (days && *days > max_retention_days) {
    done(Refusal{RefusalKind::invalid, "invalid_retention",
                 "days is 0 (keep chats) or 1 to " + std::to_string(max_retention_days)});
    return;
  }
  bool from_admin = days.has_value();
  auto chosen = days.value_or(config_.retention_days);
  run<std::uint32_t>(
      [chosen, from_admin](SessionLog& log) {
        auto& settings = log.tx().settings();
        if (from_admin) settings.put(retention_key, std::to_string(chosen), log.now_ms());
        else settings.erase(retention_key);
        return chosen;
      },
      [this, from_admin, done = std::move(done)](Outcome<std::uint32_t> outcome) {
        if (auto* saved = std::get_if<std::uint32_t>(&outcome)) {
          // Stored first, then in force; what is now past it goes at once.
          retention_days_ = *saved;
          retention_from_admin_ = from_admin;
          expire_old_chats();
          hub_.setting_changed(retention_key);
        }
        done(std::move(outcome));
      });
}

}  // namespace baton
