#pragma once
// The Cloud API's media endpoints, as the Graph API routes them:
// POST /{phone-number-id}/media (a multipart upload), GET /{media-id} (its
// type, hash, size and a download URL), DELETE /{media-id}, and the download
// URL itself, served on the Graph listener and valid for --media-url-ttl-s
// with the access token. Also resolves the media id of a send.

#include <boost/json/value.hpp>
#include <optional>
#include <string_view>
#include <variant>

#include "relay/http/http_types.hpp"
#include "tools/wa-sim/graph_error.hpp"
#include "tools/wa-sim/send_request.hpp"
#include "tools/wa-sim/sim_state.hpp"

namespace baton::sim {

class MediaApi {
 public:
  explicit MediaApi(SimState& state) : state_(state) {}

  using Answer = std::variant<boost::json::value, GraphError>;

  // The token and the phone number id have been checked.
  Answer upload(const Request& request);
  // Nothing when the Graph API knows no such media.
  std::optional<boost::json::value> describe(const Request& request, std::string_view id);
  bool remove(std::string_view id);
  // GET /sim/media-download/{token}: the bytes, or the refusal.
  std::variant<Response, GraphError> download(const Request& request, std::string_view token);

  // A media send's id must name an uploaded file that may go as that type;
  // fills in its type, size and (documents) name.
  std::optional<GraphError> attach(SendRequest& send) const;

 private:
  // "https://127.0.0.1:PORT": where this request reached the Graph API.
  std::string origin(const Request& request) const;

  SimState& state_;
};

}  // namespace baton::sim
