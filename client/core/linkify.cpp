#include "client/core/linkify.hpp"

namespace baton::client {
namespace {

bool ends_url(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '<' || c == '>' || c == '"'; }

// Punctuation that ends a sentence rather than the URL.
bool trailing_punctuation(char c) {
  return c == '.' || c == ',' || c == ')' || c == '!' || c == '?' || c == ';' || c == ':' || c == '\'';
}

std::size_t find_scheme(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text.substr(i).starts_with("https://") || text.substr(i).starts_with("http://")) {
      if (i == 0 || ends_url(text[i - 1]) || text[i - 1] == '(') return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<TextRun> linkify(std::string_view text) {
  std::vector<TextRun> runs;
  std::size_t emitted = 0;  // text before this is in `runs`
  std::size_t search = 0;
  for (;;) {
    auto start = find_scheme(text, search);
    if (start == std::string_view::npos) break;
    auto end = start;
    while (end < text.size() && !ends_url(text[end])) ++end;
    while (end > start && trailing_punctuation(text[end - 1])) --end;
    auto url = text.substr(start, end - start);
    auto scheme_length = url.starts_with("https://") ? 8u : 7u;
    if (url.size() <= scheme_length) {  // a bare "https://" is not a link
      search = start + 1;
      continue;
    }
    if (start > emitted) runs.push_back({std::string(text.substr(emitted, start - emitted)), false});
    runs.push_back({std::string(url), true});
    emitted = search = end;
  }
  if (emitted < text.size()) runs.push_back({std::string(text.substr(emitted)), false});
  return runs;
}

}  // namespace baton::client
