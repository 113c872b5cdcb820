#include "relay/http/static_files.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "relay/core/net.hpp"

namespace baton {
namespace {

constexpr std::uintmax_t max_file_bytes = 32 * 1024 * 1024;

// The path of the request as a relative path below the root, or nothing if
// it tries to leave it or is not a sensible file name.
std::optional<std::filesystem::path> relative_path(std::string_view target) {
  auto query = target.find('?');
  auto path_part = target.substr(0, query);
  auto parsed = boost::urls::parse_origin_form(path_part);
  if (!parsed) return std::nullopt;
  std::filesystem::path relative;
  for (auto segment : parsed->segments()) {
    if (segment.empty()) continue;
    if (segment == "." || segment == ".." || segment.front() == '.' ||
        segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return std::nullopt;
    }
    relative /= segment;
  }
  return relative;
}

bool accepts(const Request& request, std::string_view encoding) {
  auto it = request.find(http::field::accept_encoding);
  if (it == request.end()) return false;
  std::string_view value = it->value();
  auto pos = value.find(encoding);
  if (pos == std::string_view::npos) return false;
  // "br;q=0" refuses brotli.
  auto rest = value.substr(pos + encoding.size());
  auto end = rest.find(',');
  auto params = rest.substr(0, end);
  return params.find("q=0") == std::string_view::npos || params.find("q=0.") != std::string_view::npos;
}

bool has_content_hash(const std::filesystem::path& file) {
  static const std::regex hashed(R"(.*\.[0-9a-f]{8,}\.[a-z0-9]+$)");
  return std::regex_match(file.filename().string(), hashed);
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

}  // namespace

std::string_view mime_type(const std::filesystem::path& file) {
  static const std::map<std::string, std::string_view> types{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},
      {".md", "text/markdown; charset=utf-8"},
  };
  auto it = types.find(file.extension().string());
  return it == types.end() ? std::string_view("application/octet-stream") : it->second;
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  auto relative = relative_path(request.target());
  if (!relative) return std::nullopt;
  auto file = root_ / *relative;
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) file /= "index.html";
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  auto size = std::filesystem::file_size(file, ec);
  auto modified = std::filesystem::last_write_time(file, ec);
  if (ec || size > max_file_bytes) return std::nullopt;

  auto stamp = modified.time_since_epoch().count();
  std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(stamp) + "\"";

  Response response{http::status::ok, request.version()};
  response.set(http::field::server, "baton");
  response.set(http::field::content_type, mime_type(file));
  response.set(http::field::etag, etag);
  response.set(http::field::vary, "Accept-Encoding");
  response.set("X-Content-Type-Options", "nosniff");
  response.set(http::field::cache_control, has_content_hash(file) ? "public, max-age=31536000, immutable" : "no-cache");
  if (file.extension() == ".html") {
    response.set("Content-Security-Policy",
                 "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data:; connect-src 'self' ws: wss: http: https:; frame-ancestors 'self'");
    response.set("Referrer-Policy", "strict-origin-when-cross-origin");
  }
  response.keep_alive(request.keep_alive());

  if (auto it = request.find(http::field::if_none_match); it != request.end() && it->value() == etag) {
    response.result(http::status::not_modified);
    return response;
  }

  // A precompressed twin is used only if it is at least as new as the file.
  auto variant = file;
  for (auto [encoding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    auto candidate = std::filesystem::path(file.string() + suffix);
    std::error_code vec;
    if (accepts(request, encoding) && std::filesystem::is_regular_file(candidate, vec) &&
        std::filesystem::last_write_time(candidate, vec) >= modified && !vec) {
      variant = candidate;
      response.set(http::field::content_encoding, encoding);
      break;
    }
  }
  auto body = read_file(variant);
  if (!body) return std::nullopt;
  if (request.method() == http::verb::head) {
    response.content_length(body->size());
    return response;
  }
  response.body() = std::move(*body);
  response.prepare_payload();
  return response;
}

}  // namespace baton
