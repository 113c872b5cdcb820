#pragma once
// cereal archives over a byte string, in the format of cereal's portable
// binary archive (a leading endianness byte, little-endian fixed-width
// integers, 64-bit sizes) but without iostreams, which would cost the
// WebAssembly widget a hundred kilobytes.
//
// Reading is bounded by the bytes actually there: a length prefix that claims
// more than the rest of the frame is refused before anything is allocated.

#include <bit>
#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace baton {

static_assert(std::endian::native == std::endian::little, "the byte archives assume a little-endian host");

class ByteOutputArchive : public cereal::OutputArchive<ByteOutputArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit ByteOutputArchive(std::string& out) : OutputArchive(this), out_(out) {
    std::uint8_t little_endian = 1;
    (*this)(little_endian);
  }

  void write(const void* data, std::size_t size) { out_.append(static_cast<const char*>(data), size); }

 private:
  std::string& out_;
};

class ByteInputArchive : public cereal::InputArchive<ByteInputArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit ByteInputArchive(std::string_view in) : InputArchive(this), in_(in) {
    std::uint8_t little_endian = 0;
    (*this)(little_endian);
    if (little_endian != 1) throw cereal::Exception("not a little-endian archive");
  }

  void read(void* data, std::size_t size) {
    if (size > in_.size()) throw cereal::Exception("truncated archive");
    std::memcpy(data, in_.data(), size);
    in_.remove_prefix(size);
  }

  std::size_t remaining() const { return in_.size(); }

 private:
  std::string_view in_;
};

template <class T>
std::enable_if_t<std::is_arithmetic_v<T>> CEREAL_SAVE_FUNCTION_NAME(ByteOutputArchive& ar, const T& value) {
  ar.write(&value, sizeof value);
}

template <class T>
std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>> CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar,
                                                                                                T& value) {
  ar.read(&value, sizeof value);
}

// A bool is one byte, 0 or 1. Any other byte is refused: copied into a bool
// it would be undefined behaviour (found by the binary_frame fuzzer).
inline void CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar, bool& value) {
  std::uint8_t byte = 0;
  ar.read(&byte, 1);
  if (byte > 1) throw cereal::Exception("not a bool");
  value = byte == 1;
}

template <class Archive, class T>
CEREAL_ARCHIVE_RESTRICT(ByteInputArchive, ByteOutputArchive)
CEREAL_SERIALIZE_FUNCTION_NAME(Archive& ar, cereal::NameValuePair<T>& pair) {
  ar(pair.value);
}

template <class Archive, class T>
CEREAL_ARCHIVE_RESTRICT(ByteInputArchive, ByteOutputArchive)
CEREAL_SERIALIZE_FUNCTION_NAME(Archive& ar, cereal::SizeTag<T>& tag) {
  ar(tag.size);
}

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(ByteOutputArchive& ar, const cereal::BinaryData<T>& data) {
  ar.write(data.data, static_cast<std::size_t>(data.size));
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar, cereal::BinaryData<T>& data) {
  ar.read(data.data, static_cast<std::size_t>(data.size));
}

// Strings are sized only once the bytes are known to be there.
inline void CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar, std::string& text) {
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));
  if (size > ar.remaining()) throw cereal::Exception("string longer than the archive");
  text.resize(static_cast<std::size_t>(size));
  ar.read(text.data(), text.size());
}

// Every element takes at least one byte, so a count above the bytes left is a lie.
template <class T, class Allocator>
void CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar, std::vector<T, Allocator>& items) {
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));
  if (size > ar.remaining()) throw cereal::Exception("more items than the archive holds");
  items.resize(static_cast<std::size_t>(size));
  for (auto& item : items) ar(item);
}

}  // namespace baton

CEREAL_REGISTER_ARCHIVE(baton::ByteOutputArchive)
CEREAL_REGISTER_ARCHIVE(baton::ByteInputArchive)
CEREAL_SETUP_ARCHIVE_TRAITS(baton::ByteInputArchive, baton::ByteOutputArchive)
