#include "relay/assistant/text/thesaurus.hpp"

#include <algorithm>
#include <charconv>

#include "relay/assistant/text/folding.hpp"

namespace baton {
namespace {

// The next line of `text` from `at`, without its "\n" or "\r".
std::string_view next_line(std::string_view text, std::size_t& at) {
  auto end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  auto line = text.substr(at, end - at);
  at = end + 1;
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

// The one folded word a headword or synonym is, or empty for phrases.
std::string single_word(std::string_view text, bool latin1) {
  return latin1 ? fold_single_word(latin1_to_utf8(text)) : fold_single_word(text);
}

bool is_antonym(std::string_view note) {
  for (std::string_view relation : {"antonym", "Antonym", "Gegenteil"}) {
    if (note.find(relation) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<Thesaurus> Thesaurus::open(const std::filesystem::path& index_file,
                                           const std::filesystem::path& data_file, std::stop_token stop) {
  auto index = MappedFile::open(index_file);
  auto data = MappedFile::open(data_file);
  if (!index || !data) return nullptr;
  auto text = index->bytes();
  std::size_t at = 0;
  auto encoding = next_line(text, at);
  bool latin1 = encoding.starts_with("ISO8859-1") || encoding.starts_with("ISO-8859-1");
  next_line(text, at);  // the number of headwords
  std::unique_ptr<Thesaurus> thesaurus(new Thesaurus(std::move(*data), latin1));
  for (std::size_t lines = 0; at < text.size(); ++lines) {
    if (lines % 4096 == 0 && stop.stop_requested()) return nullptr;
    auto line = next_line(text, at);
    auto bar = line.rfind('|');
    if (bar == std::string_view::npos) continue;
    std::uint32_t offset = 0;
    auto digits = line.substr(bar + 1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), offset).ec != std::errc{}) continue;
    auto word = single_word(line.substr(0, bar), latin1);
    if (!word.empty()) thesaurus->table_.add(word, {offset, 0});
  }
  thesaurus->table_.sort();
  return thesaurus;
}

std::vector<std::string> Thesaurus::synonyms(std::string_view folded_word, std::size_t limit) const {
  std::vector<std::string> out;
  auto add = [&](std::string word) {
    if (word.empty() || word == folded_word || std::find(out.begin(), out.end(), word) != out.end()) return;
    out.push_back(std::move(word));
  };
  auto text = data_.bytes();
  for (auto place : table_.find(folded_word)) {
    if (place.offset >= text.size()) continue;
    std::size_t at = place.offset;
    auto head = next_line(text, at);  // "word|meanings"
    auto bar = head.rfind('|');
    unsigned meanings = 0;
    if (bar == std::string_view::npos ||
        std::from_chars(head.data() + bar + 1, head.data() + head.size(), meanings).ec != std::errc{}) {
      continue;
    }
    for (unsigned m = 0; m < meanings && at < text.size() && out.size() < limit; ++m) {
      auto line = next_line(text, at);  // "(pos)|synonym|synonym (similar term)|..."
      auto field_start = line.find('|');
      while (field_start != std::string_view::npos && out.size() < limit) {
        auto field_end = line.find('|', field_start + 1);
        auto field = line.substr(field_start + 1, field_end == std::string_view::npos ? std::string_view::npos
                                                                                      : field_end - field_start - 1);
        field_start = field_end;
        // A note in brackets says how the word relates: keep synonyms, near,
        // broader and related terms and registers ("ugs."), not antonyms.
        auto note = field.find(" (");
        if (note != std::string_view::npos) {
          if (is_antonym(field.substr(note))) continue;
          field = field.substr(0, note);
        }
        add(single_word(field, latin1_));
      }
    }
  }
  return out;
}

std::vector<std::string> Thesaurus::headwords_starting_with(std::string_view prefix, std::size_t limit) const {
  return table_.words_starting_with(prefix, limit);
}

}  // namespace baton
