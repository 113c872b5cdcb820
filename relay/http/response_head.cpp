#include "relay/http/response_head.hpp"

#include <boost/beast/http/status.hpp>

namespace baton {

std::optional<std::string> response_head(const Response& response) {
  namespace http = boost::beast::http;
  if (response.chunked() || !response.has_content_length()) return std::nullopt;
  auto version = response.version();
  auto reason = response.reason();
  if (reason.empty()) reason = http::obsolete_reason(response.result());
  std::string head;
  head.reserve(256);
  head += "HTTP/";
  head += static_cast<char>('0' + version / 10);
  head += '.';
  head += static_cast<char>('0' + version % 10);
  head += ' ';
  head += std::to_string(response.result_int());
  head += ' ';
  head.append(reason.data(), reason.size());
  head += "\r\n";
  for (const auto& field : response) {
    auto name = field.name_string();
    auto value = field.value();
    head.append(name.data(), name.size());
    head += ": ";
    head.append(value.data(), value.size());
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

}  // namespace baton
