#pragma once
// cereal archives over a byte string, in the format of cereal's portable
// binary archive (a leading endianness byte, little-endian fixed-width
// integers, 64-bit sizes) but without iostreams, which would cost the
// WebAssembly widget a hundred kilobytes.
//
// Reading is bounded by the bytes actually there: a length prefix that claims
// more than the rest of the frame is refused before anything is allocated.
// A bad frame never throws: the input archive remembers that it failed and
// reads zeros from then on (so every later size is 0 and every loop ends),
// and the caller asks `failed()`. The widget is built without exception
// support, which saves it about 4 KB brotli.

#include <bit>
#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

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
    if (little_endian != 1) fail();
  }

  void read(void* data, std::size_t size) {
    if (failed_ || size > in_.size()) {
      fail();
      std::memset(data, 0, size);
      return;
    }
    std::memcpy(data, in_.data(), size);
    in_.remove_prefix(size);
  }

  // A count of items, each at least a byte: more than the bytes left is a lie.
  bool plausible_count(std::uint64_t count) {
    if (count > in_.size()) fail();
    return !failed_;
  }

  void fail() {
    failed_ = true;
    in_ = {};
  }

  bool failed() const { return failed_; }
  std::size_t remaining() const { return in_.size(); }

 private:
  std::string_view in_;
  bool failed_ = false;
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
  if (byte > 1) ar.fail();
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

template <class Variant, std::size_t... Index>
void load_alternative(ByteInputArchive& ar, std::size_t index, Variant& variant, std::index_sequence<Index...>) {
  ((index == Index ? (ar(variant.template emplace<Index>()), 0) : 0), ...);
}

// Strings are sized only once the bytes are known to be there.
inline void CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar, std::string& text) {
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));
  text.clear();
  if (!ar.plausible_count(size)) return;
  text.resize(static_cast<std::size_t>(size));
  ar.read(text.data(), text.size());
}

template <class T, class Allocator>
void CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar, std::vector<T, Allocator>& items) {
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));
  items.clear();
  if (!ar.plausible_count(size)) return;
  items.resize(static_cast<std::size_t>(size));
  for (auto& item : items) ar(item);
}

template <class Key, class Value, class Compare, class Allocator>
void CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar, std::map<Key, Value, Compare, Allocator>& items) {
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));
  items.clear();
  if (!ar.plausible_count(size)) return;
  for (cereal::size_type i = 0; i < size; ++i) {
    Key key{};
    Value value{};
    ar(key, value);
    items.insert_or_assign(std::move(key), std::move(value));
  }
}

// The variant's index as cereal writes it (an int32), refused when out of range.
template <class... Types>
void CEREAL_LOAD_FUNCTION_NAME(ByteInputArchive& ar, std::variant<Types...>& variant) {
  std::int32_t index = 0;
  ar(index);
  if (index < 0 || index >= static_cast<std::int32_t>(sizeof...(Types))) {
    ar.fail();
    return;
  }
  load_alternative(ar, static_cast<std::size_t>(index), variant, std::index_sequence_for<Types...>{});
}

}  // namespace baton

CEREAL_REGISTER_ARCHIVE(baton::ByteOutputArchive)
CEREAL_REGISTER_ARCHIVE(baton::ByteInputArchive)
CEREAL_SETUP_ARCHIVE_TRAITS(baton::ByteInputArchive, baton::ByteOutputArchive)
