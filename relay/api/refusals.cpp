#include "relay/api/refusals.hpp"

#include "relay/http/responses.hpp"

namespace baton {

unsigned http_status(RefusalKind kind) {
  switch (kind) {
    case RefusalKind::invalid: return 400;
    case RefusalKind::not_found: return 404;
    case RefusalKind::conflict: return 409;
    case RefusalKind::too_many: return 429;
    case RefusalKind::unavailable: return 503;
  }
  return 500;
}

ApiError api_error(const Refusal& refusal) {
  return ApiError{http_status(refusal.kind), refusal.code, refusal.sentence};
}

Response refusal_response(const Request& request, const Refusal& refusal) {
  return error_response(request, api_error(refusal));
}

}  // namespace baton
