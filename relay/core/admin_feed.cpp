#include "relay/core/admin_feed.hpp"

#include <algorithm>

namespace baton {

void AdminFeed::emit(std::string_view type, std::string_view session_id, JsonWriter fields, std::int64_t now_ms) {
  fields.add("type", type).add("t", now_ms);
  if (!session_id.empty()) fields.add("session", session_id);
  if (!origin_.empty()) fields.add("relay", origin_);
  auto text = std::move(fields).object();
  auto line = std::make_shared<const std::string>(std::move(text));
  {
    std::lock_guard lock(mutex_);
    journal_.push(line);
    ++emitted_;
  }
  hand_out(line);
  if (tap_) tap_(type, line);
}

void AdminFeed::forward(const FeedLine& line) { hand_out(line); }

void AdminFeed::hand_out(const FeedLine& line) {
  std::vector<std::shared_ptr<FeedListener>> targets;
  {
    std::lock_guard lock(mutex_);
    targets.reserve(listeners_.size());
    for (const auto& weak : listeners_) {
      if (auto strong = weak.lock()) targets.push_back(std::move(strong));
    }
  }
  // Outside the lock: a listener that falls behind unsubscribes itself.
  for (const auto& target : targets) target->on_feed(line);
}

void AdminFeed::set_origin(std::string relay_name) { origin_ = std::move(relay_name); }

void AdminFeed::set_tap(Tap tap) { tap_ = std::move(tap); }

void AdminFeed::subscribe(const std::shared_ptr<FeedListener>& listener) {
  std::lock_guard lock(mutex_);
  std::erase_if(listeners_, [](const auto& weak) { return weak.expired(); });
  listeners_.push_back(listener);
}

void AdminFeed::unsubscribe(const FeedListener* listener) {
  std::lock_guard lock(mutex_);
  std::erase_if(listeners_, [listener](const auto& weak) {
    auto strong = weak.lock();
    return !strong || strong.get() == listener;
  });
}

bool AdminFeed::watched() const {
  std::lock_guard lock(mutex_);
  return std::any_of(listeners_.begin(), listeners_.end(), [](const auto& weak) { return !weak.expired(); });
}

std::vector<FeedLine> AdminFeed::mentioning(const std::vector<std::string>& keys) const {
  // Values are JSON strings, so a key is looked for with its quotes: "42"
  // does not match 142 or a seq of 42.
  std::vector<std::string> quoted;
  for (const auto& key : keys) {
    if (!key.empty()) quoted.push_back('"' + key + '"');
  }
  std::vector<FeedLine> found;
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < journal_.size(); ++i) {
    const auto& line = journal_[i];
    auto mentions = [&](const std::string& q) { return line->find(q) != std::string::npos; };
    if (std::any_of(quoted.begin(), quoted.end(), mentions)) found.push_back(line);
  }
  return found;
}

std::uint64_t AdminFeed::emitted() const {
  std::lock_guard lock(mutex_);
  return emitted_;
}

AdminFeed& admin_feed() {
  static AdminFeed feed;
  return feed;
}

std::string masked_phone(std::string_view number) {
  std::string digits;
  for (char c : number) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() < 9) return std::string(digits.size(), '*');
  // The country code's digits and the last four: told apart, not callable.
  // ASCII stars: the console's font has no bullet.
  std::string out = number.starts_with('+') ? "+" : "";
  return out + digits.substr(0, 4) + "***" + digits.substr(digits.size() - 4);
}

}  // namespace baton
