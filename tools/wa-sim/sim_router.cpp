#include "tools/wa-sim/sim_router.hpp"

#include "relay/http/responses.hpp"

namespace baton::sim {

Screening SimRouter::screen(const RequestHeader& header, const Peer& /*peer*/) {
  Screening screening;
  screening.reset = !control_only_ && graph_.rejects(header);
  return screening;
}

std::size_t SimRouter::body_limit(std::string_view target) const {
  auto path = target.substr(0, target.find('?'));
  if (path == "/sim/inbound") return max_inbound_bytes;
  if (!control_only_ && path.ends_with("/media")) return max_upload_bytes;
  return max_body_bytes;
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
  const auto& s = target->segments;
  bool sim = !s.empty() && s[0] == "sim";
  // Media download URLs belong to the Graph listener, whose certificate
  // and token the downloader already uses.
  if (sim && !control_only_ && s.size() == 3 && s[1] == "media-download" &&
      (request.method() == boost::beast::http::verb::get || request.method() == boost::beast::http::verb::head)) {
    return graph_.download(request, s[2]);
  }
  if (sim || s.empty()) {
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
