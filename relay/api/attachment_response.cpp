#include "relay/api/attachment_response.hpp"

#include <boost/beast/http/field.hpp>

#include "common/percent_encoding.hpp"
#include "relay/core/net.hpp"

namespace baton {

Response attachment_response(const Request& request, const Attachment& attachment, std::string bytes) {
  Response response{http::status::ok, request.version()};
  // Only types sniffed from the bytes ever get here (never SVG or HTML);
  // pictures, sound and video may show in place, documents download.
  bool inline_kind = attachment.kind != AttachmentKind::document;
  response.set(http::field::content_type, attachment.mime);
  response.set(http::field::content_disposition, std::string(inline_kind ? "inline" : "attachment") +
                                                     "; filename=\"file\"; filename*=UTF-8''" +
                                                     percent_encode(attachment.name));
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Content-Security-Policy", "sandbox; default-src 'none'");
  response.set("Cross-Origin-Resource-Policy", "cross-origin");
  // Not kept by the browser: "Delete this conversation" must leave no copy.
  // The widget keeps what it fetched for the page's life itself.
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(bytes);
  response.prepare_payload();
  return response;
}

}  // namespace baton
