#pragma once
// Which site origins may use the visitor API and the live stream from a
// browser, and the CORS headers that say so. Requests without an Origin
// header (servers, curl) are not browsers and are not restricted here.

#include <string>
#include <string_view>
#include <vector>

#include "relay/http/http_types.hpp"

namespace baton {

class Cors {
 public:
  // `allowed` as configured ("*" allows any); `own_origin` is always allowed.
  Cors(std::vector<std::string> allowed, std::string own_origin);

  bool allows(std::string_view origin) const;
  // The request's Origin header, or empty.
  static std::string_view origin_of(const Request& request);

  void decorate(const Request& request, Response& response) const;
  Response preflight(const Request& request) const;

 private:
  std::vector<std::string> allowed_;
  bool any_ = false;
};

}  // namespace baton
