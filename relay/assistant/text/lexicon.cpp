#include "relay/assistant/text/lexicon.hpp"

#include <chrono>
#include <vector>

namespace baton {
namespace {

// The file names mythes-* install, without ".idx" and ".dat"; the first
// that exists is used.
std::vector<std::string_view> thesaurus_names(Lang lang) {
  switch (lang) {
    case Lang::en: return {"th_en_US_v2", "th_en_GB_v2"};
    case Lang::es: return {"th_es_ES_v2", "th_es_v2"};
    case Lang::pt: return {"th_pt_PT_v2", "th_pt_BR_v2"};
    case Lang::fr: return {"thes_fr", "th_fr_FR_v2"};
    case Lang::de: return {"th_de_DE_v2", "th_de_AT_v2"};
    case Lang::ar: return {"th_ar_EG_v2", "th_ar_SA_v2", "th_ar_v2"};
  }
  return {};
}

// FreeDict names its dictionaries by ISO 639-3 codes.
std::string_view freedict_code(Lang lang) {
  switch (lang) {
    case Lang::en: return "eng";
    case Lang::es: return "spa";
    case Lang::pt: return "por";
    case Lang::fr: return "fra";
    case Lang::de: return "deu";
    case Lang::ar: return "ara";
  }
  return "eng";
}

}  // namespace

const Lexicon& Lexicon::system() {
  static const Lexicon lexicon;
  return lexicon;
}

const Lexicon& Lexicon::none() {
  static const Lexicon lexicon({{}, {}});
  return lexicon;
}

std::unique_lock<std::timed_mutex> Lexicon::lock_unless_stopped(const std::stop_token& stop) const {
  std::unique_lock lock(mutex_, std::defer_lock);
  if (!stop.stop_possible()) {
    lock.lock();
    return lock;
  }
  // Another thread may hold the lock for seconds while it opens a large
  // file (under the sanitizers, tens); a relay that is stopping waits for
  // each FAQ's loader in turn, so each must give up as soon as it is asked.
  while (!lock.try_lock_for(std::chrono::milliseconds(20))) {
    if (stop.stop_requested()) break;
  }
  return lock;
}

template <class File, class Open>
const File* Lexicon::find_or_open(Slot<File>& slot, const std::stop_token& stop, Open open) const {
  if (slot.tried.load(std::memory_order_acquire)) return slot.file.get();
  auto lock = lock_unless_stopped(stop);
  if (!lock.owns_lock()) return nullptr;
  if (!slot.tried.load(std::memory_order_relaxed)) {
    auto opened = open();
    if (stop.stop_requested()) return nullptr;  // not known missing: tried again
    slot.file = std::move(opened);
    slot.tried.store(true, std::memory_order_release);
  }
  return slot.file.get();
}

const Thesaurus* Lexicon::thesaurus(Lang lang, std::stop_token stop) const {
  if (files_.thesaurus_dir.empty()) return nullptr;
  return find_or_open(thesauri_[static_cast<std::size_t>(lang)], stop, [&] {
    std::unique_ptr<Thesaurus> opened;
    for (auto name : thesaurus_names(lang)) {
      auto base = files_.thesaurus_dir / std::string(name);
      opened = Thesaurus::open(base.string() + ".idx", base.string() + ".dat", stop);
      if (opened) break;
    }
    return opened;
  });
}

const BilingualDictionary* Lexicon::dictionary(Lang from, Lang to, std::stop_token stop) const {
  if (from == to || files_.dictionary_dir.empty()) return nullptr;
  auto& slot = dictionaries_[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
  return find_or_open(slot, stop, [&] {
    auto base = dictionary_base(from, to);
    return BilingualDictionary::open(base.string() + ".index", base.string() + ".dict.dz", stop);
  });
}

bool Lexicon::knows(Lang lang, std::string_view folded_word) const {
  if (const auto* t = thesaurus(lang); t != nullptr && t->has(folded_word)) return true;
  // English has the largest thesaurus; the others' dictionaries into
  // English add the words their thesauri lack.
  const auto* d = lang == Lang::en ? nullptr : dictionary(lang, Lang::en);
  return d != nullptr && d->has(folded_word);
}

void Lexicon::open_what_knows_reads(std::stop_token stop) const {
  for (auto lang : all_langs) {
    thesaurus(lang, stop);
    dictionary(lang, Lang::en, stop);
  }
}

std::string Lexicon::describe() const {
  // Which files are there, without opening what this FAQ does not need.
  std::string found;
  std::string missing;
  auto note = [](std::string& list, std::string item) { list += (list.empty() ? "" : ", ") + item; };
  for (auto lang : all_langs) {
    bool present = false;
    for (auto name : thesaurus_names(lang)) {
      present = present || std::filesystem::exists(files_.thesaurus_dir / (std::string(name) + ".dat"));
    }
    note(present ? found : missing, "thesaurus " + std::string(to_string(lang)));
  }
  for (auto lang : all_langs) {
    if (lang == Lang::en) continue;
    for (auto [from, to] : {std::pair(lang, Lang::en), std::pair(Lang::en, lang)}) {
      note(std::filesystem::exists(dictionary_base(from, to).string() + ".dict.dz") ? found : missing,
           "dictionary " + std::string(to_string(from)) + "-" + std::string(to_string(to)));
    }
  }
  return "found " + (found.empty() ? std::string("none") : found) +
         (missing.empty() ? std::string() : "; missing " + missing);
}

std::filesystem::path Lexicon::dictionary_base(Lang from, Lang to) const {
  return files_.dictionary_dir /
         ("freedict-" + std::string(freedict_code(from)) + "-" + std::string(freedict_code(to)));
}

}  // namespace baton
