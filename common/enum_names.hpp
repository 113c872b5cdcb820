#pragma once
// The one way Baton names an enum's values (in JSON, the database, logs):
// a table of names in the enum's order, read both ways. Header-only and
// standard C++ only, so the widget's WebAssembly uses it too.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace baton {

template <class Enum, std::size_t N>
class EnumNames {
 public:
  constexpr explicit EnumNames(std::array<std::string_view, N> names) : names_(names) {}

  // `fallback` for a value outside the enum (a byte from an older or newer peer).
  constexpr std::string_view name(Enum value, std::string_view fallback = {}) const {
    auto index = static_cast<std::size_t>(value);
    return index < N ? names_[index] : fallback;
  }

  constexpr std::optional<Enum> parse(std::string_view name) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (names_[i] == name) return static_cast<Enum>(i);
    }
    return std::nullopt;
  }

  constexpr std::span<const std::string_view> all() const { return names_; }

 private:
  std::array<std::string_view, N> names_;
};

}  // namespace baton
