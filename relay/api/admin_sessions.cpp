#include "relay/api/admin_sessions.hpp"

#include <algorithm>
#include <array>

namespace baton {

std::string AdminSessions::random_hex() {
  std::array<std::uint8_t, 32> bytes{};
  random_.fill(bytes);
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

AdminSessions::Opened AdminSessions::open(std::int64_t now_ms) {
  std::erase_if(sessions_, [&](const auto& entry) { return entry.second.opened_ms + lifetime_ms <= now_ms; });
  while (sessions_.size() >= max_sessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second.opened_ms < b.second.opened_ms;
    });
    sessions_.erase(oldest);
  }
  Opened opened{random_hex(), random_hex()};
  sessions_[crypto::to_hex(crypto::sha256(opened.cookie))] = Session{opened.csrf, now_ms};
  return opened;
}

std::optional<std::string> AdminSessions::find(std::string_view cookie, std::int64_t now_ms) {
  if (cookie.size() != 64) return std::nullopt;
  auto it = sessions_.find(crypto::to_hex(crypto::sha256(cookie)));
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.opened_ms + lifetime_ms <= now_ms) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second.csrf;
}

void AdminSessions::close(std::string_view cookie) { sessions_.erase(crypto::to_hex(crypto::sha256(cookie))); }

std::string admin_cookie(std::string_view value, bool secure) {
  auto max_age = value.empty() ? 0 : AdminSessions::lifetime_ms / 1000;
  return std::string(AdminSessions::cookie_name) + "=" + std::string(value) +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) + (secure ? "; Secure" : "");
}

}  // namespace baton
