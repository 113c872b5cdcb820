#pragma once
// Which site origins may use the visitor API and the live stream from a
// browser, and the CORS headers that say so. Requests without an Origin
// header (servers, curl) are not browsers and are not restricted here.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "relay/http/api_error.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

class Cors {
 public:
  // `allowed` as configured ("*" allows any); `own_origin` is always allowed.
  Cors(std::vector<std::string> allowed, std::string own_origin);

  bool allows(std::string_view origin) const;
  // The site owner changed the list on the admin page: applies to the
  // next request; the relay's own origin stays allowed.
  void set_allowed(std::vector<std::string> allowed);
  // The list as configured, without the relay's own origin.
  std::vector<std::string> allowed() const;
  // The request's Origin header, or empty.
  static std::string_view origin_of(const Request& request);

  void decorate(const Request& request, Response& response) const;
  Response preflight(const Request& request) const;

  // An origin not allowed: 403 origin_not_allowed naming it and the flag
  // that would allow it, and a warning in the log (once a minute per
  // origin), so a site owner who forgot --allowed-origins finds out.
  ApiError refuse(std::string_view origin) const;
  // The same as a response the refused page can read (it carries that
  // origin's CORS header): the widget's loader then says why it stays
  // hidden. Nothing else is readable to that page.
  Response refuse(const Request& request) const;

 private:
  struct RefusalLog {
    std::mutex mutex;
    std::map<std::string, std::chrono::steady_clock::time_point, std::less<>> last;
  };

  std::vector<std::string> allowed_;  // the configured ones, then the relay's own
  std::string own_;
  bool any_ = false;
  std::shared_ptr<RefusalLog> refusals_ = std::make_shared<RefusalLog>();
};

}  // namespace baton
