#pragma once
// A FreeDict bilingual dictionary, as Debian's dict-freedict-* packages
// install it for the dictd server: a sorted index of headwords and a
// dictzip'd data file (gzip in independent chunks, so one entry is read
// without inflating the whole file; the German one is 100 MB inflated).

#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "relay/assistant/text/headword_table.hpp"
#include "relay/assistant/text/mapped_file.hpp"

namespace baton {

class BilingualDictionary {
 public:
  // nullptr when a file is missing, unreadable or not dictzip.
  static std::unique_ptr<BilingualDictionary> open(const std::filesystem::path& index_file,
                                                   const std::filesystem::path& dict_file, std::stop_token stop = {});

  // The translations of a folded headword, as written ("shipping", "dispatch
  // note"), each once, most common sense first; empty when it is not in the
  // dictionary. Safe to call from several threads.
  std::vector<std::string> translations(std::string_view folded_word, std::size_t limit) const;

  // Folded headwords that start with `prefix` (for matching other forms of
  // a word: "envio" finds "enviar").
  std::vector<std::string> headwords_starting_with(std::string_view prefix, std::size_t limit) const;

  bool has(std::string_view folded_word) const { return !table_.find(folded_word).empty(); }
  std::size_t headwords() const { return table_.size(); }

 private:
  explicit BilingualDictionary(MappedFile dict) : dict_(std::move(dict)) {}
  bool read_chunk_table();
  // The inflated text of [offset, offset + length) of the dictionary.
  std::string read(std::uint32_t offset, std::uint32_t length) const;
  // Chunk `index` inflated up to at least byte `end` of it, or whole if it
  // is shorter; with mutex_ held.
  const std::string& chunk(std::size_t index, std::size_t end) const;

  MappedFile dict_;
  HeadwordTable table_;
  std::size_t chunk_size_ = 0;
  std::vector<std::size_t> chunk_starts_;  // offsets in dict_ of each chunk, plus the end

  // The last chunks inflated: questions come in bursts over the same words.
  // A chunk is inflated only as far as an entry needed, on average half of
  // it: a German question's first words each cost a chunk of 58 KB.
  struct Inflated {
    std::size_t index = 0;
    std::string text;  // the chunk's first bytes, or all of it
    bool whole = false;
  };
  mutable std::mutex mutex_;
  mutable std::list<Inflated> recent_chunks_;
};

// The translations in one dictd entry's text: every line after the headword
// line, numbering, grammar notes ("<n>", "[Br.]", "(informal)"), usage
// examples and cross-references removed, split at commas and semicolons.
std::vector<std::string> parse_translations(std::string_view entry);

}  // namespace baton
