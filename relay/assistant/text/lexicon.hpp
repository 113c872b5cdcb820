#pragma once
// The linguistic data the FAQ assistant reads, from Debian's packages: a
// thesaurus per language (mythes-*) and bilingual dictionaries (dict-
// freedict-*). Each file is opened on first use and kept; a missing package
// only makes the assistant understand less (the relay says so at start).

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>

#include "common/lang.hpp"
#include "relay/assistant/text/bilingual_dictionary.hpp"
#include "relay/assistant/text/thesaurus.hpp"

namespace baton {

struct LexiconFiles {
  std::filesystem::path thesaurus_dir = "/usr/share/mythes";
  std::filesystem::path dictionary_dir = "/usr/share/dictd";
};

class Lexicon {
 public:
  explicit Lexicon(LexiconFiles files = {}) : files_(std::move(files)) {}

  // The files Debian installs, shared by everything in the process.
  static const Lexicon& system();
  // No files at all: an index by the FAQ's own words.
  static const Lexicon& none();

  // nullptr when the package is not installed. Safe from several threads.
  // A stop request ends an opening part way (nullptr, and the file is tried
  // again next time): a relay stopped while it loads does not wait.
  const Thesaurus* thesaurus(Lang lang, std::stop_token stop = {}) const;
  const BilingualDictionary* dictionary(Lang from, Lang to, std::stop_token stop = {}) const;

  // The word is a headword of the language's thesaurus or of its dictionary
  // into English: evidence of which language a short question is written in.
  bool knows(Lang lang, std::string_view folded_word) const;

  // "thesaurus en, dictionary es-en, ..." for what is installed, and what is not.
  std::string describe() const;

 private:
  std::filesystem::path dictionary_base(Lang from, Lang to) const;

  // The lock, taken unless `stop` is requested first: one FAQ's loader
  // stopping must not wait for another's file to finish opening.
  std::unique_lock<std::timed_mutex> lock_unless_stopped(const std::stop_token& stop) const;

  LexiconFiles files_;
  mutable std::timed_mutex mutex_;
  mutable std::array<std::optional<std::unique_ptr<Thesaurus>>, lang_count> thesauri_;
  mutable std::map<std::pair<Lang, Lang>, std::unique_ptr<BilingualDictionary>> dictionaries_;
  mutable std::map<std::pair<Lang, Lang>, bool> dictionary_tried_;
};

}  // namespace baton
