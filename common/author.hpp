#pragma once
// Who wrote an entry of a conversation. The wire and the database use the
// lower-case names; the numeric values are part of the binary protocol.

#include <cstdint>
#include <optional>
#include <string_view>

namespace baton {

enum class Author : std::uint8_t { visitor = 0, bot = 1, agent = 2, system = 3 };

std::string_view to_string(Author author);
std::optional<Author> author_from_string(std::string_view name);

}  // namespace baton
