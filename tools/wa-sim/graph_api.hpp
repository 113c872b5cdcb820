#pragma once
// The simulated Graph API: POST /{version}/{phone-number-id}/messages,
// checked in Meta's order (token, phone number id, body, throughput, pair
// limit), then injected faults, then the 24-hour window, then acceptance;
// the media endpoints (MediaApi); and reading the number. Other Graph paths
// answer as Graph does for unknown paths.

#include <boost/beast/http/message.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "relay/http/reply.hpp"
#include "relay/http/target.hpp"
#include "tools/wa-sim/media_api.hpp"
#include "tools/wa-sim/sim_state.hpp"

namespace baton::sim {

class GraphApi {
 public:
  explicit GraphApi(SimState& state) : state_(state), media_(state) {}

  // Called once the request header is in: true when a `reject` fault wants
  // this send's connection cut before anything is read.
  bool rejects(const boost::beast::http::request_header<>& header);

  Reply handle(const Request& request, const Target& target);
  // GET /sim/media-download/{token}, on the Graph listener only.
  Reply download(const Request& request, std::string_view token);

 private:
  Reply send(const Request& request, const std::string& version);
  std::optional<Response> mark_read(const Request& request, const std::string& version);
  Response error(const Request& request, const GraphError& error, std::string_view version);
  Response phone_number(const Request& request, const Target& target, std::string_view version);
  Response node(const Request& request, const Target& target, const std::string& id, std::string_view version);
  Response answer(const Request& request, const MediaApi::Answer& answer, std::string_view version);
  Response accepted(const Request& request, const SendRequest& send, const std::string& wamid,
                    std::string_view version);
  Response json(const Request& request, unsigned status, const boost::json::value& body, std::string_view version);

  SimState& state_;
  MediaApi media_;
};

}  // namespace baton::sim
