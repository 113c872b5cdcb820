#include "common/author.hpp"

#include "common/enum_names.hpp"

namespace baton {
namespace {

constexpr EnumNames<Author, 4> author_names{{"visitor", "bot", "agent", "system"}};

}  // namespace

std::string_view to_string(Author author) { return author_names.name(author, "system"); }

std::optional<Author> author_from_string(std::string_view name) { return author_names.parse(name); }

}  // namespace baton
