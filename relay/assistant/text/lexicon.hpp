#pragma once
// The linguistic data the FAQ assistant reads, from Debian's packages: a
// thesaurus per language (mythes-*) and bilingual dictionaries (dict-
// freedict-*). Each file is opened on first use and kept; a missing package
// only makes the assistant understand less (the relay says so at start).

#include <array>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
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

  // nullptr when the package is not installed. Safe from several threads:
  // a file is opened once, under the lock, and from then on found without
  // it, so a question on the event loop never waits for another file being
  // opened. A stop request ends an opening part way (nullptr, and the file
  // is tried again next time): a relay stopped while it loads does not wait.
  const Thesaurus* thesaurus(Lang lang, std::stop_token stop = {}) const;
  const BilingualDictionary* dictionary(Lang from, Lang to, std::stop_token stop = {}) const;

  // The word is a headword of the language's thesaurus or of its dictionary
  // into English: evidence of which language a short question is written in.
  bool knows(Lang lang, std::string_view folded_word) const;
  // Opens the files knows() reads, so that a question on the event loop
  // never opens one (the German dictionary takes tens of milliseconds).
  void open_what_knows_reads(std::stop_token stop) const;

  // "thesaurus en, dictionary es-en, ..." for what is installed, and what is not.
  std::string describe() const;

 private:
  std::filesystem::path dictionary_base(Lang from, Lang to) const;

  // The lock, taken unless `stop` is requested first: one FAQ's loader
  // stopping must not wait for another's file to finish opening.
  std::unique_lock<std::timed_mutex> lock_unless_stopped(const std::stop_token& stop) const;

  // One file: `tried` is set, after `file`, once it is open or known
  // missing; only then is `file` read without the lock.
  template <class File>
  struct Slot {
    std::atomic<bool> tried = false;
    std::unique_ptr<File> file;
  };
  template <class File, class Open>
  const File* find_or_open(Slot<File>& slot, const std::stop_token& stop, Open open) const;

  LexiconFiles files_;
  mutable std::timed_mutex mutex_;
  mutable std::array<Slot<Thesaurus>, lang_count> thesauri_;
  mutable std::array<std::array<Slot<BilingualDictionary>, lang_count>, lang_count> dictionaries_;  // [from][to]
};

}  // namespace baton
