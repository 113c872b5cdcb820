#pragma once
// The phone page's files, compiled in from web/ by embed_files.cmake.

#include <span>
#include <string_view>

namespace baton::sim {

struct WebAsset {
  std::string_view name;  // "index.html"
  std::string_view bytes;
};

std::span<const WebAsset> web_assets();

}  // namespace baton::sim
