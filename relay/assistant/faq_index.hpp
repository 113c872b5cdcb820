#pragma once
// Retrieval over the FAQ. Each entry has two fields, searched with BM25 and
// weighted apart: its question (with the other ways visitors ask it) and its
// answer. Each word of the visitor's question is one slot, matched by its
// stem; or, counting less, through a synonym from the FAQ language's
// thesaurus; or, when the question is in another language, through a
// bilingual dictionary. Besides the score, a match carries its coverage: the
// share of the visitor's words, weighted by how rare they are, that the
// entry contains. Scores rank; a small fitted model over coverage, the
// lead over the next entry and what the FAQ knows of the question decides
// whether the best entry really answers it, so that one shared rare word
// ("capital of switzerland" and the countries a shop ships to) is not an
// answer.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/lang.hpp"
#include "relay/assistant/faq.hpp"
#include "relay/assistant/text/lexicon.hpp"

namespace baton {

class FaqIndex {
 public:
  struct Match {
    std::size_t entry = 0;
    double score = 0;
    double coverage = 0;  // 0..1
  };

  // What a decision reads about a question: its best entries, and how
  // much of it the FAQ has words for at all.
  struct Evidence {
    std::vector<Match> best;  // up to three, best first
    std::size_t words = 0;    // the question's content words
    double weight = 0;        // their rarity-weighted sum
    double known = 0;         // share of that weight the FAQ has a word for (0..1)
    bool other_language = false;
  };

  // The belief model's inputs, the first a constant 1: the best entry's
  // coverage, its margin over the second, its coverage beyond the second's,
  // the share the FAQ knows, log(1 + words), another language or not, and
  // the best score per unit of the question's weight.
  static constexpr std::size_t belief_inputs = 8;
  using BeliefInputs = std::array<double, belief_inputs>;
  static BeliefInputs belief_inputs_of(const Evidence& evidence);

  // When the best entry is given as the answer: when a logistic model of
  // "the best entry is the right one" believes it enough, and it passes
  // the floors. The model's weights were fitted, and the floors and the
  // belief needed chosen, on the tuning half of tests/fixtures/faq by
  // `faq-quality fit` (docs/benchmarks.md).
  struct Confidence {
    double min_coverage = 0.4;  // share of the question's rarity-weighted words the entry contains
    double min_margin = 0.1;    // (best - second) / best score
    double min_belief = 0.6;    // the model's chance that the best entry is right
    // The same for a question in another language than the FAQ's. Chosen on
    // its own: the budget counts false answers in each setting apart, and at
    // the same belief a question across languages is more often answered
    // wrongly than the model's one input for it says.
    double min_belief_other_language = 0.7;
    BeliefInputs belief_weights{-8.1994, 3.1878, 2.0922, 0.9463, 1.8829, 1.7396, 0.1599, 1.7543};
    // Two entries are given when the second scores within this share of the
    // best, the third does not, and both cover at least min_coverage_for_two.
    double two_within = 0.2;
    double min_coverage_for_two = 0.7;
    // When no entry is given, the closest are suggested as questions the
    // visitor may have meant: the best when the model believes it at least
    // this much, and each next one that scores at least `min_share_to_suggest`
    // of the best. Chosen on the tuning half (`faq-quality fit`): the most
    // unanswered questions given their entry, with suggestions to at most half
    // of the questions the FAQ does not answer.
    double min_belief_to_suggest = 0.15;
    double min_share_to_suggest = 0.3;
    // The chance, 0..1, that the best entry of `evidence` answers the question.
    double belief(const Evidence& evidence) const;
    // The chance needed before the best entry of `evidence` is given.
    double belief_needed(const Evidence& evidence) const {
      return evidence.other_language ? min_belief_other_language : min_belief;
    }
  };

  // How much each kind of match counts. Chosen on the tuning half too.
  struct Weights {
    double question = 2.0;     // a word in the entry's question
    double answer = 1.0;       // a word in its answer
    double synonym = 0.4;      // a visitor's word that matches through a synonym
    double translation = 1.0;  // a word of another language that matches through the dictionary
    // How much a word the FAQ does not know counts against coverage, as a
    // share of the rarest word's weight: "skateboards" in "do you sell
    // skateboards?" must keep "sell" from being an answer, but "thursday"
    // in "can I reschedule for thursday" is not the topic.
    double unknown = 0.3;
  };

  // The FAQ's language is guessed from its text; the lexicon's files for
  // it are opened here, not on the first question.
  explicit FaqIndex(std::vector<FaqEntry> entries);
  // A stop request leaves the index without what was not opened yet (for a
  // relay stopped while it loads); `stopped()` then says so.
  FaqIndex(std::vector<FaqEntry> entries, const Lexicon& lexicon, Weights weights, std::stop_token stop = {});

  // The best entries first; entries that share no word with the question
  // are never returned. `question_lang` is the language the question is
  // written in (language_of), guessed from its words when not given.
  std::vector<Match> search(std::string_view question, std::size_t limit, std::optional<Lang> question_lang = {}) const;
  // What answer() decides on.
  Evidence weigh(std::string_view question, std::optional<Lang> question_lang = {}) const;

  // The entries that answer the question with the given confidence: one
  // that stands clear of the rest; or, when two are close and both cover the
  // question ("do you deliver to Portugal?": where, and how long), those
  // two; or none.
  std::vector<Match> answer(std::string_view question, Confidence confidence,
                            std::optional<Lang> question_lang = {}) const;
  // The same decision on a question already weighed.
  static std::vector<Match> decide(const Evidence& evidence, const Confidence& confidence);
  // The entries to suggest when decide() gives none: up to three, best first,
  // or none when even the best is too unlikely to be what was meant.
  static std::vector<Match> suggest(const Evidence& evidence, const Confidence& confidence);

  // The language the question is written in, judged by its words against
  // every language's (`hint` wins ties; the FAQ's language when nothing tells).
  Lang language_of(std::string_view question, std::optional<Lang> hint = {}) const;

  const FaqEntry& entry(std::size_t index) const { return entries_[index]; }
  std::size_t size() const { return entries_.size(); }
  Lang lang() const { return lang_; }
  bool stopped() const { return stopped_; }

 private:
  using TermId = std::uint32_t;
  struct Posting {
    std::uint32_t entry = 0;
    float in_question = 0;  // term frequency in each field
    float in_answer = 0;
  };
  struct Slot {                                           // one word of the visitor's question
    std::vector<std::pair<TermId, double>> alternatives;  // FAQ terms it may mean, with how much each counts
    double importance = 0;
  };

  std::optional<TermId> term(const std::string& stemmed) const;
  // A word's synonyms, or those of another form of it.
  std::vector<std::string> synonyms_of(const Thesaurus& thesaurus, const std::string& word) const;
  double idf(TermId term) const;
  double unknown_idf() const;
  std::vector<Slot> slots(std::string_view question, Lang question_lang) const;
  Evidence rank(std::string_view question, std::size_t limit, std::optional<Lang> question_lang) const;
  // One word's slot; nullopt for a word that is no topic (a number the FAQ
  // never mentions).
  std::optional<Slot> slot_for(const std::string& word, Lang question_lang) const;
  void add_alternative(Slot& slot, const std::string& stemmed, double weight) const;
  void add_translations(Slot& slot, const std::string& word, Lang from) const;
  void add_reverse_translations(const std::set<std::string>& surface_words, std::stop_token stop);
  // The vocabulary term a misspelt word most likely meant, if one is close.
  std::optional<TermId> correct(const std::string& stemmed) const;

  std::vector<FaqEntry> entries_;
  const Lexicon* lexicon_;
  Weights weights_;
  Lang lang_ = Lang::en;
  bool stopped_ = false;
  std::unordered_map<std::string, TermId> terms_;
  std::vector<std::string> term_text_;
  std::vector<std::vector<Posting>> postings_;  // by term
  // Stems of synonyms of the FAQ's words, and the FAQ terms they stand for.
  std::unordered_map<std::string, std::vector<TermId>> synonym_of_;
  // By language: stems of the FAQ's words translated into it, and the FAQ
  // terms they came from ("pago" from "payment"), from the dictionaries out
  // of the FAQ's language, for the small dictionaries into it.
  std::array<std::unordered_map<std::string, std::vector<TermId>>, lang_count> translated_from_;
  std::vector<double> question_length_;  // by entry
  std::vector<double> answer_length_;
  // Slots of words seen before, by "lang:word"; cleared when full.
  mutable std::mutex slot_cache_mutex_;
  mutable std::unordered_map<std::string, std::optional<Slot>> slot_cache_;
  double average_question_length_ = 1;
  double average_answer_length_ = 1;
};

}  // namespace baton
