#pragma once
// Measures the FAQ assistant's retrieval on labelled visitor questions
// (tests/fixtures/faq): each question is asked of one FAQ file and either
// expects one entry or expects no answer at all. Questions in the FAQ's own
// language and in another are counted apart.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/lang.hpp"
#include "relay/assistant/faq_index.hpp"

namespace baton::quality {

struct LabelledQuestion {
  std::size_t line = 0;      // in its file: even lines tune, odd lines report
  std::string faq;           // the FAQ file, in the fixtures folder
  Lang lang = Lang::en;      // the language the question is written in
  std::size_t expected = 0;  // 1-based entry, 0 when the FAQ does not answer it
  std::string text;
};

struct Tally {
  std::size_t answerable = 0;  // questions the FAQ answers
  std::size_t top1_right = 0;  // answerable questions whose best entry is the right one
  std::size_t top4_right = 0;  // ... whose right entry is among the best four (what a model is shown)
  std::size_t answered_right = 0;
  std::size_t answered_wrong = 0;  // a wrong entry given as the answer
  std::size_t unanswerable = 0;
  std::size_t answered_unanswerable = 0;  // an answer where there is none
  std::size_t answered_two = 0;           // answers that gave two entries
  // When no entry is given, the entries suggested instead (FaqIndex::suggest).
  std::size_t answerable_unanswered = 0;   // answerable questions given no entry
  std::size_t suggested_right = 0;         // ... with the right entry among those suggested
  std::size_t suggestions = 0;             // entries suggested to them, in all
  std::size_t unanswerable_suggested = 0;  // questions the FAQ does not answer that got suggestions

  std::size_t questions() const { return answerable + unanswerable; }
  // The best entry is the right one (threshold ignored).
  double precision_at_1() const;
  double recall_at_4() const;
  // Of all questions, the share that got a wrong answer or one where none exists.
  double false_answer_rate() const;
  // Of answerable questions, the share answered rightly.
  double recall() const;
  // Of answerable questions given no entry, the share whose entry was suggested.
  double suggested_right_rate() const;
  // Of questions the FAQ does not answer, the share that got suggestions.
  double unanswerable_suggested_rate() const;
  // Entries suggested to each answerable question given no entry, on average.
  double suggestions_per_unanswered() const;
  void add(const Tally& other);
};

// Reads one file of labelled questions: `faq lang expected question`, or
// the bike shop's older `lang expected question` (its FAQ is shop.<lang>.md).
std::vector<LabelledQuestion> read_questions(const std::filesystem::path& tsv);
// questions.tsv and every *.questions.tsv in the folder.
std::vector<LabelledQuestion> read_all_questions(const std::filesystem::path& dir);

// Which questions to count: thresholds are chosen on the tuning half and
// reported on the held-out half, so the numbers are not fitted to themselves.
enum class Half { all, tuning, held_out };
bool in_half(const LabelledQuestion& q, Half half);

// "dental" for "dental.en.md"; the FAQ's language from its name.
std::string business_of(const std::string& faq);
Lang faq_language(const std::string& faq);
bool cross_language(const LabelledQuestion& q);

// Builds each FAQ's index once.
class Evaluator {
 public:
  Evaluator(std::filesystem::path dir, FaqIndex::Weights weights);
  ~Evaluator();

  // Tallies one question into `t`; a miss is described in `misses`.
  void evaluate(const LabelledQuestion& q, FaqIndex::Confidence confidence, Tally& t,
                std::vector<std::string>* misses = nullptr);
  const FaqIndex& index(const std::string& faq);

 private:
  std::filesystem::path dir_;
  FaqIndex::Weights weights_;
  std::map<std::string, std::unique_ptr<FaqIndex>> indexes_;
};

// Handover intent on tests/fixtures/intent/handover.tsv (lang, label, text;
// label human, frustrated or none), per language.
struct IntentTally {
  std::size_t handover = 0;        // rows asking for a person or frustrated
  std::size_t handover_found = 0;  // of those, detected (either signal)
  std::size_t none = 0;
  std::size_t none_flagged = 0;  // false alarms
  std::vector<std::string> misses;
};
std::map<Lang, IntentTally> evaluate_intent(const std::filesystem::path& tsv);

}  // namespace baton::quality
