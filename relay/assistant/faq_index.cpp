#include "relay/assistant/faq_index.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "relay/assistant/text/folding.hpp"
#include "relay/assistant/text/stemmer.hpp"
#include "relay/assistant/text/stopwords.hpp"
#include "relay/assistant/text/terms.hpp"

namespace baton {
namespace {

constexpr double bm25_k1 = 1.2;
constexpr double bm25_b = 0.75;
constexpr std::size_t synonyms_per_word = 24;
constexpr std::size_t translations_per_word = 12;
constexpr std::size_t max_headwords_for_reverse = 100'000;
constexpr std::size_t slot_cache_limit = 20'000;

// Optimal string alignment distance, stopping early past `limit`. Three
// rolling rows on the stack: a spelling correction compares one word with
// the whole vocabulary.
std::size_t edit_distance(std::string_view a, std::string_view s, std::size_t limit) {
  constexpr std::size_t longest = 48;
  if (a.size() > s.size() + limit || s.size() > a.size() + limit) return limit + 1;
  if (a.size() >= longest || s.size() >= longest) return limit + 1;
  std::array<std::size_t, longest + 1> before_previous{};
  std::array<std::size_t, longest + 1> previous{};
  std::array<std::size_t, longest + 1> current{};
  for (std::size_t j = 0; j <= s.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_best = current[0];
    for (std::size_t j = 1; j <= s.size(); ++j) {
      std::size_t cost = a[i - 1] == s[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == s[j - 2] && a[i - 2] == s[j - 1])
        current[j] = std::min(current[j], before_previous[j - 2] + 1);
      row_best = std::min(row_best, current[j]);
    }
    if (row_best > limit) return limit + 1;
    before_previous = previous;
    previous = current;
  }
  return previous[s.size()];
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

bool has_digit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double saturate(double tf, double length, double average) {
  if (tf <= 0) return 0;
  return tf * (bm25_k1 + 1) / (tf + bm25_k1 * (1 - bm25_b + bm25_b * length / average));
}

// Headwords of a thesaurus or a dictionary that are other forms of `word`:
// the same stem, another spelling ("bleach" for "bleaching", "enviar" for
// "envio"), for when the word itself is not a headword.
template <class Source>
std::vector<std::string> other_forms(const Source& source, const std::string& word, Lang lang, std::size_t limit) {
  std::vector<std::string> out;
  auto stemmed = stem(word, lang);
  if (stemmed.size() < 3) return out;
  for (auto& headword : source.headwords_starting_with(stemmed, limit)) {
    if (headword != word && stem(headword, lang) == stemmed) out.push_back(std::move(headword));
  }
  return out;
}

}  // namespace

FaqIndex::FaqIndex(std::vector<FaqEntry> entries) : FaqIndex(std::move(entries), Lexicon::system(), Weights{}) {}

FaqIndex::FaqIndex(std::vector<FaqEntry> entries, const Lexicon& lexicon, Weights weights, std::stop_token stop)
    : entries_(std::move(entries)), lexicon_(&lexicon), weights_(weights) {
  std::string all;
  for (const auto& e : entries_) all += e.question + "\n" + e.answer + "\n";
  lang_ = guess_language(all, Lang::en);

  auto id_of = [this](const std::string& text) {
    auto [it, added] = terms_.try_emplace(text, static_cast<TermId>(term_text_.size()));
    if (added) {
      term_text_.push_back(text);
      postings_.emplace_back();
    }
    return it->second;
  };
  std::set<std::string> surface_words;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    std::string asked = e.question;
    for (const auto& other : e.also_asked) asked += "\n" + other;
    std::map<TermId, Posting> counts;
    for (const auto& t : index_terms(asked, lang_)) counts[id_of(t)].in_question += 1;
    for (const auto& t : index_terms(e.answer, lang_)) counts[id_of(t)].in_answer += 1;
    double question_length = 0;
    double answer_length = 0;
    for (auto& [id, posting] : counts) {
      posting.entry = static_cast<std::uint32_t>(i);
      question_length += posting.in_question;
      answer_length += posting.in_answer;
      postings_[id].push_back(posting);
    }
    question_length_.push_back(question_length);
    answer_length_.push_back(answer_length);
    for (auto& w : fold_words(asked + "\n" + e.answer)) {
      if (!is_stopword(w, lang_) && !has_digit(w)) surface_words.insert(std::move(w));
    }
  }
  auto average = [](const std::vector<double>& lengths) {
    double total = 0;
    for (auto l : lengths) total += l;
    return lengths.empty() ? 1.0 : std::max(1.0, total / static_cast<double>(lengths.size()));
  };
  average_question_length_ = average(question_length_);
  average_answer_length_ = average(answer_length_);

  // "reimburse" reaches an entry about refunds through the thesaurus entry
  // of "refund", even when "reimburse" has none of its own.
  if (const auto* thesaurus = lexicon_->thesaurus(lang_, stop)) {
    for (const auto& word : surface_words) {
      if (stop.stop_requested()) break;  // the relay is stopping: its exit waits for this thread
      auto own = terms_.find(stem(word, lang_));
      if (own == terms_.end()) continue;
      for (const auto& synonym : synonyms_of(*thesaurus, word)) {
        auto stemmed = stem(synonym, lang_);
        if (terms_.contains(stemmed)) continue;  // the FAQ's own words keep their own meaning
        auto& targets = synonym_of_[stemmed];
        if (std::find(targets.begin(), targets.end(), own->second) == targets.end()) targets.push_back(own->second);
      }
    }
  }
  if (entries_.empty()) return;  // nothing to answer, nothing to open
  // Open now what questions in other languages will need, and what telling
  // a question's language reads, whatever the FAQ's language: opened later,
  // on a question, a file would hold up the event loop.
  for (auto other : all_langs) lexicon_->dictionary(other, lang_, stop);
  lexicon_->open_what_knows_reads(stop);
  add_reverse_translations(surface_words, stop);
  stopped_ = stop.stop_requested();
}

void FaqIndex::add_reverse_translations(const std::set<std::string>& surface_words, std::stop_token stop) {
  for (auto other : all_langs) {
    // FreeDict's Spanish, French and Portuguese dictionaries into English
    // have under 11,000 headwords each and miss everyday words ("paiement");
    // the English side of each adds what it knows. The German one has half
    // a million and needs no help, and its English side is 80 MB to inflate
    // (so it is not even opened).
    if (other == lang_) continue;
    const auto* into_faq = lexicon_->dictionary(other, lang_, stop);
    if (into_faq != nullptr && into_faq->headwords() >= max_headwords_for_reverse) continue;
    const auto* out_of_faq = lexicon_->dictionary(lang_, other, stop);
    if (out_of_faq == nullptr) continue;
    auto& reverse = translated_from_[static_cast<std::size_t>(other)];
    for (const auto& word : surface_words) {
      if (stop.stop_requested()) return;
      auto own = terms_.find(stem(word, lang_));
      if (own == terms_.end()) continue;
      for (const auto& phrase : out_of_faq->translations(word, translations_per_word)) {
        auto words = fold_words(phrase);
        if (words.size() != 1 || is_stopword(words.front(), other)) continue;
        auto& targets = reverse[stem(words.front(), other)];
        if (std::find(targets.begin(), targets.end(), own->second) == targets.end()) targets.push_back(own->second);
      }
    }
  }
}

std::vector<std::string> FaqIndex::synonyms_of(const Thesaurus& thesaurus, const std::string& word) const {
  auto synonyms = thesaurus.synonyms(word, synonyms_per_word);
  if (!synonyms.empty()) return synonyms;
  for (const auto& headword : other_forms(thesaurus, word, lang_, 6)) {
    for (auto& s : thesaurus.synonyms(headword, synonyms_per_word)) synonyms.push_back(std::move(s));
    if (synonyms.size() >= synonyms_per_word) break;
  }
  return synonyms;
}

std::optional<FaqIndex::TermId> FaqIndex::term(const std::string& stemmed) const {
  auto it = terms_.find(stemmed);
  if (it == terms_.end()) return std::nullopt;
  return it->second;
}

double FaqIndex::idf(TermId t) const {
  double df = static_cast<double>(postings_[t].size());
  double n = static_cast<double>(entries_.size());
  return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

double FaqIndex::unknown_idf() const {
  double n = static_cast<double>(entries_.size());
  return std::log(1.0 + (n + 0.5) / 0.5);
}

std::optional<FaqIndex::TermId> FaqIndex::correct(const std::string& stemmed) const {
  // Short words have too many neighbours to guess from.
  if (stemmed.size() < 5) return std::nullopt;
  // Another form of a known word the stemmer did not reduce: "cancellation"
  // and "cancel". The shorter word must be almost all shared prefix.
  std::optional<TermId> by_prefix;
  std::size_t longest = 0;
  for (const auto& [known, id] : terms_) {
    auto shared = common_prefix(stemmed, known);
    if (shared >= 5 && shared * 4 >= std::min(stemmed.size(), known.size()) * 3 &&
        (shared > longest || (shared == longest && by_prefix && known < term_text_[*by_prefix]))) {
      by_prefix = id;
      longest = shared;
    }
  }
  if (by_prefix) return by_prefix;
  std::size_t limit = stemmed.size() >= 9 ? 2 : 1;
  std::optional<TermId> best;
  std::size_t best_distance = limit + 1;
  std::size_t best_frequency = 0;
  for (const auto& [known, id] : terms_) {
    auto distance = edit_distance(stemmed, known, limit);
    auto frequency = postings_[id].size();
    if (distance < best_distance ||
        (distance == best_distance && distance <= limit &&
         (frequency > best_frequency || (frequency == best_frequency && best && known < term_text_[*best])))) {
      best = id;
      best_distance = distance;
      best_frequency = frequency;
    }
  }
  return best_distance <= limit ? best : std::nullopt;
}

void FaqIndex::add_alternative(Slot& slot, const std::string& stemmed, double weight) const {
  auto add = [&](TermId id, double w) {
    for (auto& [known, known_weight] : slot.alternatives) {
      if (known == id) {
        known_weight = std::max(known_weight, w);
        return;
      }
    }
    slot.alternatives.emplace_back(id, w);
  };
  if (auto id = term(stemmed)) add(*id, weight);
  if (auto it = synonym_of_.find(stemmed); it != synonym_of_.end()) {
    for (auto id : it->second) add(id, weight * weights_.synonym);
  }
}

void FaqIndex::add_translations(Slot& slot, const std::string& word, Lang from) const {
  const auto& reverse = translated_from_[static_cast<std::size_t>(from)];
  if (auto it = reverse.find(stem(word, from)); it != reverse.end()) {
    for (auto id : it->second) add_alternative(slot, term_text_[id], weights_.translation);
  }
  const auto* dictionary = lexicon_->dictionary(from, lang_);
  if (dictionary == nullptr) return;
  auto translations = dictionary->translations(word, translations_per_word);
  if (translations.empty()) {
    for (const auto& headword : other_forms(*dictionary, word, from, 8)) {
      for (auto& t : dictionary->translations(headword, translations_per_word)) translations.push_back(std::move(t));
      if (translations.size() >= translations_per_word) break;
    }
  }
  for (const auto& phrase : translations) {
    for (const auto& translated : fold_words(phrase)) {
      if (is_stopword(translated, lang_)) continue;
      add_alternative(slot, stem(translated, lang_), weights_.translation);
    }
  }
}

std::optional<FaqIndex::Slot> FaqIndex::slot_for(const std::string& word, Lang question_lang) const {
  Slot slot;
  auto own = stem(word, lang_);
  add_alternative(slot, own, 1.0);
  if (question_lang != lang_) {
    add_translations(slot, word, question_lang);
  } else if (const auto* thesaurus = lexicon_->thesaurus(lang_)) {
    for (const auto& synonym : synonyms_of(*thesaurus, word))
      add_alternative(slot, stem(synonym, lang_), weights_.synonym);
  }
  if (slot.alternatives.empty()) {
    // Numbers the FAQ never mentions (a height, a date) are not the topic.
    if (has_digit(word)) return std::nullopt;
    // A misspelling of a word the FAQ uses; across languages, a word no
    // dictionary knows may be the FAQ's own ("restaurante", "invisalign").
    if (auto fixed = correct(question_lang == lang_ ? own : word)) slot.alternatives.emplace_back(*fixed, 1.0);
  }
  slot.importance = slot.alternatives.empty() ? weights_.unknown * unknown_idf() : 0;
  for (const auto& [id, weight] : slot.alternatives) slot.importance = std::max(slot.importance, idf(id));
  return slot;
}

std::vector<FaqIndex::Slot> FaqIndex::slots(std::string_view question, Lang question_lang) const {
  std::vector<Slot> out;
  std::set<std::string> seen;
  for (const auto& word : fold_words(question)) {
    if (is_stopword(word, question_lang) || !seen.insert(word).second) continue;
    // Visitors' words repeat; a word's slot is worked out once (a spelling
    // correction compares it with the whole vocabulary, a translation may
    // inflate a dictionary chunk).
    auto key = std::string(to_string(question_lang)) + ":" + word;
    std::optional<std::optional<Slot>> cached;
    {
      std::lock_guard lock(slot_cache_mutex_);
      if (auto it = slot_cache_.find(key); it != slot_cache_.end()) cached = it->second;
    }
    if (!cached) {
      cached = slot_for(word, question_lang);
      std::lock_guard lock(slot_cache_mutex_);
      if (slot_cache_.size() >= slot_cache_limit) slot_cache_.clear();
      slot_cache_.emplace(key, *cached);
    }
    if (*cached) out.push_back(std::move(**cached));
  }
  return out;
}

Lang FaqIndex::language_of(std::string_view question, std::optional<Lang> hint) const {
  // Without entries nothing was opened, and nothing is opened for this.
  return guess_language(question, hint.value_or(lang_), entries_.empty() ? nullptr : lexicon_);
}

FaqIndex::Evidence FaqIndex::rank(std::string_view question, std::size_t limit,
                                  std::optional<Lang> question_lang) const {
  Evidence evidence;
  auto lang = question_lang ? *question_lang : language_of(question);
  evidence.other_language = lang != lang_;
  auto question_slots = slots(question, lang);
  double known_importance = 0;
  for (const auto& slot : question_slots) {
    evidence.weight += slot.importance;
    if (!slot.alternatives.empty()) known_importance += slot.importance;
  }
  evidence.words = question_slots.size();
  evidence.known = evidence.weight > 0 ? known_importance / evidence.weight : 0;

  std::vector<double> score(entries_.size(), 0);
  std::vector<double> covered(entries_.size(), 0);
  std::vector<double> slot_score(entries_.size());
  std::vector<double> slot_weight(entries_.size());
  for (const auto& slot : question_slots) {
    std::fill(slot_score.begin(), slot_score.end(), 0);
    std::fill(slot_weight.begin(), slot_weight.end(), 0);
    for (const auto& [id, weight] : slot.alternatives) {
      double term_idf = idf(id);
      for (const auto& p : postings_[id]) {
        double s = weight * term_idf *
                   (weights_.question * saturate(p.in_question, question_length_[p.entry], average_question_length_) +
                    weights_.answer * saturate(p.in_answer, answer_length_[p.entry], average_answer_length_));
        slot_score[p.entry] = std::max(slot_score[p.entry], s);
        slot_weight[p.entry] = std::max(slot_weight[p.entry], weight);
      }
    }
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      score[i] += slot_score[i];
      covered[i] += slot.importance * slot_weight[i];
    }
  }
  auto& matches = evidence.best;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (score[i] <= 0) continue;
    matches.push_back({i, score[i], evidence.weight > 0 ? covered[i] / evidence.weight : 0});
  }
  // Only the first `limit` are kept: of hundreds of entries sharing a word
  // with the question, three or four.
  auto kept = std::min(limit, matches.size());
  std::partial_sort(
      matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(kept), matches.end(),
      [](const Match& x, const Match& y) { return x.score != y.score ? x.score > y.score : x.entry < y.entry; });
  matches.resize(kept);
  return evidence;
}

std::vector<FaqIndex::Match> FaqIndex::search(std::string_view question, std::size_t limit,
                                              std::optional<Lang> question_lang) const {
  return rank(question, limit, question_lang).best;
}

FaqIndex::Evidence FaqIndex::weigh(std::string_view question, std::optional<Lang> question_lang) const {
  return rank(question, 3, question_lang);
}

FaqIndex::BeliefInputs FaqIndex::belief_inputs_of(const Evidence& e) {
  auto score = [&](std::size_t i) { return i < e.best.size() ? e.best[i].score : 0.0; };
  auto coverage = [&](std::size_t i) { return i < e.best.size() ? e.best[i].coverage : 0.0; };
  double best = score(0);
  return {1.0,
          coverage(0),
          best > 0 ? (best - score(1)) / best : 0.0,
          coverage(0) - coverage(1),
          e.known,
          std::log1p(static_cast<double>(e.words)),
          e.other_language ? 1.0 : 0.0,
          e.weight > 0 ? best / e.weight : 0.0};
}

double FaqIndex::Confidence::belief(const Evidence& evidence) const {
  if (evidence.best.empty()) return 0;
  auto inputs = belief_inputs_of(evidence);
  double z = 0;
  for (std::size_t i = 0; i < belief_inputs; ++i) z += belief_weights[i] * inputs[i];
  return 1 / (1 + std::exp(-z));
}

std::vector<FaqIndex::Match> FaqIndex::answer(std::string_view question, Confidence confidence,
                                              std::optional<Lang> question_lang) const {
  return decide(weigh(question, question_lang), confidence);
}

std::vector<FaqIndex::Match> FaqIndex::decide(const Evidence& evidence, const Confidence& confidence) {
  const auto& matches = evidence.best;
  auto score = [&](std::size_t i) { return i < matches.size() ? matches[i].score : 0.0; };
  auto gap_to_next = [&](std::size_t i) { return (score(i) - score(i + 1)) / score(i); };
  if (matches.empty() || matches[0].coverage < confidence.min_coverage) return {};
  // Two close entries that both cover the question ("do you deliver to
  // Portugal?": where, and how long) are both given; two weak entries are
  // more often a question the FAQ does not answer.
  if (matches.size() > 1 && gap_to_next(0) < confidence.two_within && gap_to_next(1) >= confidence.two_within &&
      matches[0].coverage >= confidence.min_coverage_for_two &&
      matches[1].coverage >= confidence.min_coverage_for_two) {
    return {matches[0], matches[1]};
  }
  if (gap_to_next(0) >= confidence.min_margin && confidence.belief(evidence) >= confidence.belief_needed(evidence)) {
    return {matches[0]};
  }
  return {};
}

std::vector<FaqIndex::Match> FaqIndex::suggest(const Evidence& evidence, const Confidence& confidence) {
  const auto& matches = evidence.best;
  // A belief of 1 is never reached: the site owner's way to turn suggestions off.
  if (matches.empty() || confidence.min_belief_to_suggest >= 1 ||
      confidence.belief(evidence) < confidence.min_belief_to_suggest) {
    return {};
  }
  std::vector<Match> out{matches[0]};
  for (std::size_t i = 1; i < matches.size(); ++i) {
    if (matches[i].score >= confidence.min_share_to_suggest * matches[0].score) out.push_back(matches[i]);
  }
  return out;
}

}  // namespace baton
