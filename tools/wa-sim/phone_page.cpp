#include "tools/wa-sim/phone_page.hpp"

#include <boost/beast/http/field.hpp>

#include "relay/core/net.hpp"
#include "relay/http/responses.hpp"
#include "relay/http/static_files.hpp"
#include "tools/wa-sim/web_assets.hpp"

namespace baton::sim {

std::optional<Response> PhonePage::serve(const Request& request, const Target& target) const {
  if (request.method() != http::verb::get && request.method() != http::verb::head) return std::nullopt;
  const auto& s = target.segments;
  // "/" and "/sim" lead to the page, whose relative links need the slash.
  std::string_view path(request.target().data(), request.target().size());
  bool bare_sim = s.size() == 1 && s[0] == "sim" && !path.starts_with("/sim/");
  if (s.empty() || bare_sim) {
    auto response = text_response(request, 302, "");
    response.set(http::field::location, "/sim/");
    return response;
  }
  if (s[0] != "sim" || s.size() > 2) return std::nullopt;
  std::string_view name = s.size() == 1 ? "index.html" : std::string_view(s[1]);
  for (const auto& asset : web_assets()) {
    if (asset.name != name) continue;
    auto response = text_response(request, 200, asset.bytes, mime_type(std::string(asset.name)));
    response.set(http::field::cache_control, "no-cache");
    if (name.ends_with(".html")) {
      response.set("Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "connect-src 'self'; frame-ancestors 'none'");
      response.set("Referrer-Policy", "no-referrer");
    }
    return response;
  }
  return std::nullopt;
}

}  // namespace baton::sim
