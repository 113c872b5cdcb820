#include "tools/wa-sim/sim_router.hpp"

#include "relay/http/responses.hpp"

namespace baton::sim {

Screening SimRouter::screen(const RequestHeader& header, const Peer& /*peer*/) {
  Screening screening;
  screening.reset = !control_only_ && graph_.rejects(header);
  return screening;
}

boost::asio::awaitable<Reply> SimRouter::handle(const Request& request, const Peer& /*peer*/) {
  auto reply = route(request);
  if (request.method() == boost::beast::http::verb::head) {
    // The headers of a GET, Content-Length included, and no body.
    auto length = reply.response.body().size();
    reply.response.body().clear();
    reply.response.content_length(length);
  }
  co_return reply;
}

Reply SimRouter::route(const Request& request) {
  auto target = Target::parse(request.target());
  if (!target) {
    return Reply{error_response(request, ApiError{400, "invalid_target", "the request target is not a valid path"})};
  }
  bool sim = !target->segments.empty() && target->segments[0] == "sim";
  if (sim || target->segments.empty()) {
    if (auto response = control_.handle(request, *target)) return Reply{std::move(*response)};
    if (auto response = page_.serve(request, *target)) return Reply{std::move(*response)};
    return Reply{error_response(request, ApiError{404, "not_found", "no such /sim/ path"})};
  }
  if (control_only_) {
    return Reply{error_response(request, ApiError{404, "not_found", "this listener serves only /sim/"})};
  }
  return graph_.handle(request, *target);
}

}  // namespace baton::sim
