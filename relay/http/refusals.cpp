#include "relay/http/refusals.hpp"

#include <boost/beast/http/field.hpp>

#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"

namespace baton {

unsigned http_status(RefusalKind kind) {
  switch (kind) {
    case RefusalKind::invalid: return 400;
    case RefusalKind::not_found: return 404;
    case RefusalKind::conflict: return 409;
    case RefusalKind::too_many: return 429;
    case RefusalKind::unavailable: return 503;
    case RefusalKind::too_large: return 413;
    case RefusalKind::unsupported: return 415;
  }
  return 500;
}

ApiError api_error(const Refusal& refusal) {
  return ApiError{http_status(refusal.kind), refusal.code, refusal.sentence};
}

Response refusal_response(const Request& request, const Refusal& refusal) {
  auto response = error_response(request, api_error(refusal));
  if (refusal.retry_after_ms > 0) {
    response.set(http::field::retry_after, std::to_string((refusal.retry_after_ms + 999) / 1000));
  }
  return response;
}

}  // namespace baton
