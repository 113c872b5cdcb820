#pragma once
// Measures the FAQ assistant's retrieval on held-out questions
// (tests/fixtures/faq): for each language's FAQ, each visitor question
// either expects one entry or expects no answer at all.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/lang.hpp"
#include "relay/assistant/faq_index.hpp"

namespace baton::quality {

struct LabelledQuestion {
  std::size_t line = 0;  // in questions.tsv: even lines tune, odd lines report
  Lang lang = Lang::en;
  std::size_t expected = 0;  // 1-based entry, 0 when the FAQ does not answer it
  std::string text;
};

struct Tally {
  std::size_t answerable = 0;  // questions the FAQ answers
  std::size_t top1_right = 0;  // answerable questions whose best entry is the right one
  std::size_t answered_right = 0;
  std::size_t answered_wrong = 0;  // a wrong entry given as the answer
  std::size_t unanswerable = 0;
  std::size_t answered_unanswerable = 0;  // an answer where there is none
  std::size_t answered_two = 0;           // answers that gave two entries

  std::size_t questions() const { return answerable + unanswerable; }
  // The best entry is the right one (threshold ignored).
  double precision_at_1() const;
  // Of all questions, the share that got a wrong answer or one where none exists.
  double false_answer_rate() const;
  // Of answerable questions, the share answered (rightly).
  double recall() const;
  void add(const Tally& other);
};

// Reads questions.tsv (lang, expected, question).
std::vector<LabelledQuestion> read_questions(const std::filesystem::path& tsv);

// Which questions to count: thresholds are chosen on the tuning half and
// reported on the held-out half, so the numbers are not fitted to themselves.
enum class Half { all, tuning, held_out };
bool in_half(const LabelledQuestion& q, Half half);

// Evaluates one language's FAQ file at a confidence setting.
Tally evaluate(const std::filesystem::path& faq_file, const std::vector<LabelledQuestion>& questions, Lang lang,
               FaqIndex::Confidence confidence, Half half, std::vector<std::string>* misses = nullptr);

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
