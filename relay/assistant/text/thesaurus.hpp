#pragma once
// A LibreOffice (MyThes) thesaurus, as Debian's mythes-* packages install it:
// an index of headwords and a data file of their meanings, each meaning a
// list of synonyms. Only single words are kept, folded as fold_words folds a
// visitor's words. Broader and related terms are kept ("molar" gives
// "tooth"; measured to help, docs/benchmarks.md); antonyms are left out.

#include <filesystem>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "relay/assistant/text/headword_table.hpp"
#include "relay/assistant/text/mapped_file.hpp"

namespace baton {

class Thesaurus {
 public:
  // nullptr when either file is missing or unreadable.
  static std::unique_ptr<Thesaurus> open(const std::filesystem::path& index_file,
                                         const std::filesystem::path& data_file, std::stop_token stop = {});

  // The synonyms of a folded word, folded, each once, in the thesaurus's
  // order (its first meanings are its commonest); empty when the word is
  // not a headword.
  std::vector<std::string> synonyms(std::string_view folded_word, std::size_t limit) const;

  // Folded headwords that start with `prefix` ("bleach" finds "bleaching").
  std::vector<std::string> headwords_starting_with(std::string_view prefix, std::size_t limit) const;

  bool has(std::string_view folded_word) const { return !table_.find(folded_word).empty(); }
  std::size_t headwords() const { return table_.size(); }

 private:
  Thesaurus(MappedFile data, bool latin1) : data_(std::move(data)), latin1_(latin1) {}

  MappedFile data_;
  bool latin1_ = false;
  HeadwordTable table_;
};

}  // namespace baton
