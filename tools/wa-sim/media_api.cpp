#include "tools/wa-sim/media_api.hpp"

#include <boost/beast/http/field.hpp>

#include "common/media_type.hpp"
#include "relay/core/clock.hpp"
#include "relay/core/log.hpp"
#include "relay/http/responses.hpp"
#include "tools/wa-sim/media_rules.hpp"
#include "tools/wa-sim/multipart_form.hpp"

namespace baton::sim {
namespace {

namespace http = boost::beast::http;

std::int64_t now_ms() { return SystemClock().now_ms(); }

// A Host header fit to put in a URL: a name or address and a port, nothing else.
bool plain_authority(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

GraphError upload_error(std::string details) { return GraphError::coded(131053, std::move(details)); }

// Meta's own wording for a type it does not take.
GraphError unsupported_type(std::string_view received) {
  auto e = GraphError::invalid_parameter({});
  e.message = "(#100) Param file must be a file with one of the following types: " + upload_types_text() +
              ". Received file of type '" + std::string(received) + "'.";
  return e;
}

}  // namespace

std::string MediaApi::origin(const Request& request) const {
  auto host = request[http::field::host];
  std::string authority = plain_authority(host) ? std::string(host) : state_.graph_authority;
  return (state_.options.tls() ? "https://" : "http://") + authority;
}

MediaApi::Answer MediaApi::upload(const Request& request) {
  if (auto fault = state_.faults.take_rule(FaultKind::media_upload)) {
    log::info("fault: media upload", {{"code", fault->code}});
    return GraphError::coded(fault->code, std::string(error_details(fault->code)));
  }
  auto parsed = parse_form(request[http::field::content_type], request.body());
  if (auto* error = std::get_if<std::string>(&parsed)) {
    return GraphError::invalid_parameter("The body must be multipart/form-data: " + *error + ".");
  }
  const auto& parts = std::get<std::vector<FormPart>>(parsed);
  const auto* product = find_part(parts, "messaging_product");
  if (!product || product->data != "whatsapp") return GraphError::parameter_required("messaging_product");
  const auto* file = find_part(parts, "file");
  if (!file) return GraphError::parameter_required("file");
  const auto* type_part = find_part(parts, "type");
  if (!type_part) return GraphError::parameter_required("type");

  std::string declared = base_mime(file->content_type.empty() ? type_part->data : file->content_type);
  const auto* type = upload_type(declared);
  if (!type) return unsupported_type(declared);
  if (base_mime(type_part->data) != declared) {
    return GraphError::invalid_parameter("Param type ('" + std::string(type_part->data) +
                                         "') does not match the file's Content-Type ('" + declared + "').");
  }
  auto bytes = file->data;
  if (bytes.empty()) return upload_error("The uploaded file is empty.");
  if (bytes.size() > type->limit) {
    return upload_error("The file is " + readable_size(bytes.size()) + ", over the " + readable_size(type->limit) +
                        " limit for " + std::string(type->mime) + ".");
  }
  if (auto actual = content_mismatch(bytes, *type)) {
    return upload_error("The file is not " + std::string(type->mime) + ": its bytes are " + *actual + ".");
  }
  const auto& stored = state_.media.add(std::string(bytes), declared, clean_file_name(file->filename.value_or("")),
                                        now_ms());
  log::info("media uploaded", {{"media_id", stored.id}, {"mime", stored.mime}, {"size", stored.size()}});
  return boost::json::value(boost::json::object{{"id", stored.id}});
}

std::optional<boost::json::value> MediaApi::describe(const Request& request, std::string_view id) {
  const auto* media = state_.media.find(id);
  if (!media) return std::nullopt;
  auto token = state_.media.issue_url(media->id, now_ms());
  return boost::json::value(boost::json::object{{"messaging_product", "whatsapp"},
                                                {"url", origin(request) + "/sim/media-download/" + token},
                                                {"mime_type", media->mime},
                                                {"sha256", crypto::to_hex(media->sha256)},
                                                {"file_size", media->size()},
                                                {"id", media->id}});
}

bool MediaApi::remove(std::string_view id) {
  bool removed = state_.media.remove(id);
  if (removed) log::info("media deleted", {{"media_id", id}});
  return removed;
}

std::variant<Response, GraphError> MediaApi::download(const Request& request, std::string_view token) {
  if (bearer_token(request) != state_.options.access_token || state_.faults.account_error() == 190) {
    return GraphError::invalid_token();
  }
  if (auto fault = state_.faults.take_rule(FaultKind::media_download)) {
    log::info("fault: media download", {{"status", fault->status}});
    return text_response(request, fault->status, "Media download failed (simulated fault)\n");
  }
  const StoredMedia* media = nullptr;
  if (state_.faults.take(FaultKind::media_expired)) log::info("fault: media URL expired");
  else media = state_.media.redeem(token, now_ms());
  // Meta's media host answers an expired or unknown URL with 404.
  if (!media) return text_response(request, 404, "URL signature expired or unknown\n");
  auto response = text_response(request, 200, *media->bytes, media->mime);
  response.set(http::field::cache_control, "private, no-cache, no-store");
  response.set("X-Content-Type-Options", "nosniff");
  return response;
}

std::optional<GraphError> MediaApi::attach(SendRequest& send) const {
  if (send.media_id.empty()) return std::nullopt;  // a link: not fetched
  const auto* media = state_.media.find(send.media_id);
  if (!media) {
    return GraphError::coded(131009, "Param " + send.type + "['id'] is not a valid media ID: '" + send.media_id +
                                         "' does not exist or was deleted.");
  }
  if (!sendable_as(media->mime, send.type)) {
    return GraphError::coded(131053, "Media " + media->id + " is " + media->mime + ", which cannot be sent as " +
                                         send.type + ".");
  }
  send.media_mime = media->mime;
  send.media_size = media->size();
  if (send.type == "document" && send.filename.empty()) send.filename = media->filename;
  return std::nullopt;
}

}  // namespace baton::sim
