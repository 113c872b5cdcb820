#include "common/author.hpp"

namespace baton {

std::string_view to_string(Author author) {
  switch (author) {
    case Author::visitor: return "visitor";
    case Author::bot: return "bot";
    case Author::agent: return "agent";
    case Author::system: return "system";
  }
  return "system";
}

std::optional<Author> author_from_string(std::string_view name) {
  for (auto a : {Author::visitor, Author::bot, Author::agent, Author::system}) {
    if (to_string(a) == name) return a;
  }
  return std::nullopt;
}

}  // namespace baton
