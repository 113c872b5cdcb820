#include "tools/wa-sim/user_directory.hpp"

#include "common/time_format.hpp"

namespace baton::sim {

UserDirectory::UserDirectory(std::vector<SimUser> listed) : listed_(std::move(listed)) { reset(); }

void UserDirectory::reset() {
  users_.clear();
  for (const auto& user : listed_) users_.push_back(UserState{user.name, user.phone, {}, std::nullopt, true});
}

// The phone number decides when both are given, as it does for Meta.
template <class Self>
auto* UserDirectory::lookup(Self& self, const std::string& phone, const std::string& user_id) {
  decltype(&self.users_.front()) found = nullptr;
  for (auto& user : self.users_) {
    if (!phone.empty() && user.phone == phone) return &user;
    if (!found && !user_id.empty() && user.user_id == user_id) found = &user;
  }
  return found;
}

const UserState* UserDirectory::find(const std::string& key) const {
  bool phone = key.starts_with('+');
  return lookup(*this, phone ? key : std::string(), phone ? std::string() : key);
}

UserState& UserDirectory::find_or_add(const std::string& key) {
  bool phone = key.starts_with('+');
  if (auto* user = lookup(*this, phone ? key : std::string(), phone ? std::string() : key)) return *user;
  users_.push_back(UserState{{}, phone ? key : std::string(), phone ? std::string() : key, std::nullopt, false});
  return users_.back();
}

void UserDirectory::record_inbound(const std::string& phone, const std::string& user_id, const std::string& name,
                                   std::int64_t at_ms) {
  auto* user = lookup(*this, phone, user_id);
  if (!user) {
    users_.push_back(UserState{{}, phone, user_id, std::nullopt, false});
    user = &users_.back();
  }
  if (user->phone.empty()) user->phone = phone;
  if (user->user_id.empty()) user->user_id = user_id;
  if (!name.empty()) user->name = name;
  if (!user->last_inbound_ms || *user->last_inbound_ms < at_ms) user->last_inbound_ms = at_ms;
}

void UserDirectory::set_window(const std::string& key, std::optional<std::int64_t> last_inbound_ms) {
  find_or_add(key).last_inbound_ms = last_inbound_ms;
}

bool UserDirectory::window_open(const std::string& key, std::int64_t now_ms) const {
  const auto* user = find(key);
  return user && user->last_inbound_ms && now_ms - *user->last_inbound_ms < window_ms;
}

std::vector<std::string> UserDirectory::aliases(const std::string& key) const {
  const auto* user = find(key);
  if (!user) return {key};
  std::vector<std::string> out;
  if (!user->phone.empty()) out.push_back(user->phone);
  if (!user->user_id.empty()) out.push_back(user->user_id);
  return out;
}

boost::json::object UserDirectory::to_json(const UserState& user, std::int64_t now_ms) const {
  boost::json::object o{{"name", user.name}, {"phone", user.phone}, {"user_id", user.user_id}, {"listed", user.listed}};
  bool open = user.last_inbound_ms && now_ms - *user.last_inbound_ms < window_ms;
  o["window_open"] = open;
  if (user.last_inbound_ms) {
    o["last_inbound"] = format_rfc3339(*user.last_inbound_ms);
    o["window_expires"] = format_rfc3339(*user.last_inbound_ms + window_ms);
  } else {
    o["last_inbound"] = nullptr;
    o["window_expires"] = nullptr;
  }
  return o;
}

boost::json::array UserDirectory::to_json(std::int64_t now_ms) const {
  boost::json::array out;
  for (const auto& user : users_) out.push_back(to_json(user, now_ms));
  return out;
}

}  // namespace baton::sim
