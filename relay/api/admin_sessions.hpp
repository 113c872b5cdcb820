#pragma once
// The admin page's sign-in (docs/admin.md): the admin token is exchanged
// once for a session cookie, so the page never keeps the token. A session
// is a random id (only its hash is kept, in memory) and a CSRF token the
// page sends back in X-CSRF-Token with every change; it expires after
// `lifetime`, and signing out ends it. At most `max_sessions` live at once:
// the oldest go first. A restart signs everyone out.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "relay/core/crypto.hpp"

namespace baton {

class AdminSessions {
 public:
  static constexpr std::int64_t lifetime_ms = 12LL * 3600 * 1000;
  static constexpr std::size_t max_sessions = 64;
  static constexpr std::string_view cookie_name = "baton_admin";

  struct Opened {
    std::string cookie;  // the cookie's value: shown to the browser once, never stored
    std::string csrf;
  };
  Opened open(std::int64_t now_ms);
  // The session's CSRF token, if the cookie opens a live one.
  std::optional<std::string> find(std::string_view cookie, std::int64_t now_ms);
  void close(std::string_view cookie);
  std::size_t size() const { return sessions_.size(); }

 private:
  struct Session {
    std::string csrf;
    std::int64_t opened_ms = 0;
  };
  std::string random_hex();

  crypto::OsRandom random_;
  std::map<std::string, Session> sessions_;  // hex SHA-256 of the cookie -> session
};

// The Set-Cookie value that opens (or, with an empty value, ends) the page's
// session: HttpOnly, SameSite=Strict, Path=/, Max-Age, and Secure when
// the relay is reached over https.
std::string admin_cookie(std::string_view value, bool secure);

}  // namespace baton
