#pragma once
// cereal sizes a string from its length prefix before reading its bytes, so a
// 20-byte frame claiming a 2 GB string would make the reader allocate 2 GB.
// This overload, a better match than cereal's template, refuses lengths no
// frame can hold. It must be visible wherever a protocol type is read from
// the portable binary archive, so every protocol header includes this one
// instead of <cereal/types/string.hpp>: all translation units then agree on
// which function reads strings.

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>
#include <string>

#include "common/limits.hpp"

namespace cereal {

inline void load(PortableBinaryInputArchive& archive, std::string& text) {
  size_type size = 0;
  archive(make_size_tag(size));
  if (size > baton::limits::frame_bytes) throw Exception("string longer than a frame");
  text.resize(static_cast<std::size_t>(size));
  archive(binary_data(text.data(), text.size()));
}

}  // namespace cereal
