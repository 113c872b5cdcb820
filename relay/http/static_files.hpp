#pragma once
// Serves the widget, the demo and the console from --web-root: correct MIME
// types (application/wasm for streaming compilation), precompressed .br/.gz
// variants, validators for cheap revalidation, and a year of caching for file
// names that carry a content hash.

#include <filesystem>
#include <optional>

#include "relay/http/http_types.hpp"

namespace baton {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // The answer for a GET or HEAD, or nothing if no such file exists.
  std::optional<Response> serve(const Request& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

std::string_view mime_type(const std::filesystem::path& file);

}  // namespace baton
