#pragma once
// The headwords of a dictionary or thesaurus file, folded as fold_words
// folds a visitor's words, sorted, each with where its entry lies in the
// file. Compact on purpose: the German dictionary has half a million.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

class HeadwordTable {
 public:
  struct Place {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };

  void add(std::string_view folded_headword, Place place);
  // Call once after the last add.
  void sort();

  // The entries of exactly this headword.
  std::vector<Place> find(std::string_view folded_headword) const;
  // The distinct headwords that start with `prefix`, in order, at most `limit`.
  std::vector<std::string> words_starting_with(std::string_view prefix, std::size_t limit) const;

  std::size_t size() const { return rows_.size(); }

 private:
  struct Row {
    std::uint32_t key = 0;  // into pool_
    std::uint32_t key_size = 0;
    Place place;
  };
  std::string_view key(const Row& row) const { return {pool_.data() + row.key, row.key_size}; }
  std::vector<Row>::const_iterator lower_bound(std::string_view word) const;

  std::string pool_;
  std::vector<Row> rows_;
};

// ISO-8859-1 text (one older thesaurus) as UTF-8.
std::string latin1_to_utf8(std::string_view text);

}  // namespace baton
