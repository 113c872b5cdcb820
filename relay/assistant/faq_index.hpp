#pragma once
// BM25 retrieval over the FAQ. Each entry is one document: its question
// counts three times (a question names its topic), its answer once. Besides
// the score, a match carries its coverage: the share of the visitor's words,
// weighted by how rare they are, that the entry contains. Scores rank;
// coverage decides whether the best entry really answers the question, and
// its margin over the runner-up whether the question is ambiguous.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/lang.hpp"
#include "relay/assistant/faq.hpp"

namespace baton {

class FaqIndex {
 public:
  struct Match {
    std::size_t entry = 0;
    double score = 0;
    double coverage = 0;  // 0..1
  };

  // When the best entry is given as the answer. Tuned on the held-out
  // questions of tests/fixtures/faq (docs/benchmarks.md).
  struct Confidence {
    double min_coverage = 0.35;          // share of the question's rarity-weighted words the entry contains
    double min_margin = 0.15;            // (best - second) / best score
    double min_coverage_for_two = 0.45;  // both entries, when two are given
  };

  // The FAQ's language is guessed from its text.
  explicit FaqIndex(std::vector<FaqEntry> entries);

  // The best entries first; entries that share no word with the question
  // are never returned.
  std::vector<Match> search(std::string_view question, std::size_t limit) const;

  // The entries that answer the question with the given confidence: one
  // that stands clear of the rest; or, when two are close and both cover the
  // question ("do you deliver to Portugal?": where, and how long), those
  // two; or none.
  std::vector<Match> answer(std::string_view question, Confidence confidence) const;

  const FaqEntry& entry(std::size_t index) const { return entries_[index]; }
  std::size_t size() const { return entries_.size(); }
  Lang lang() const { return lang_; }

 private:
  struct Document {
    std::map<std::string, double> weights;  // term -> weighted count
    double length = 0;
  };
  double idf(const std::string& term) const;
  // The vocabulary term a misspelt word most likely meant, if one is close.
  std::optional<std::string> correct(const std::string& term) const;

  std::vector<FaqEntry> entries_;
  Lang lang_ = Lang::en;
  std::vector<Document> documents_;
  std::map<std::string, std::size_t> document_frequency_;
  double average_length_ = 0;
};

}  // namespace baton
