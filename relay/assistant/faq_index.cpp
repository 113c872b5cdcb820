#include "relay/assistant/faq_index.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "relay/assistant/text/terms.hpp"
#include "relay/assistant/text/thesaurus.hpp"

namespace baton {
namespace {

constexpr double bm25_k1 = 1.2;
constexpr double bm25_b = 0.75;
constexpr double question_weight = 3.0;

// Optimal string alignment distance, stopping early past `limit`.
std::size_t edit_distance(std::string_view a, std::string_view s, std::size_t limit) {
  if (a.size() > s.size() + limit || s.size() > a.size() + limit) return limit + 1;
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(s.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= s.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t row_best = limit + 1;
    for (std::size_t j = 1; j <= s.size(); ++j) {
      std::size_t cost = a[i - 1] == s[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == s[j - 2] && a[i - 2] == s[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      row_best = std::min(row_best, d[i][j]);
    }
    if (row_best > limit) return limit + 1;
  }
  return d[a.size()][s.size()];
}

}  // namespace

FaqIndex::FaqIndex(std::vector<FaqEntry> entries) : entries_(std::move(entries)) {
  std::string all;
  for (const auto& e : entries_) all += e.question + "\n" + e.answer + "\n";
  lang_ = guess_language(all, Lang::en);
  double total = 0;
  for (const auto& e : entries_) {
    Document doc;
    for (const auto& t : index_terms(e.question, lang_)) doc.weights[concept_of(t, lang_)] += question_weight;
    for (const auto& t : index_terms(e.answer, lang_)) doc.weights[concept_of(t, lang_)] += 1.0;
    for (const auto& [term, weight] : doc.weights) {
      doc.length += weight;
      ++document_frequency_[term];
    }
    total += doc.length;
    documents_.push_back(std::move(doc));
  }
  average_length_ = documents_.empty() ? 1 : std::max(1.0, total / static_cast<double>(documents_.size()));
}

double FaqIndex::idf(const std::string& term) const {
  auto it = document_frequency_.find(term);
  double df = it == document_frequency_.end() ? 0 : static_cast<double>(it->second);
  double n = static_cast<double>(documents_.size());
  return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

static std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

std::optional<std::string> FaqIndex::correct(const std::string& term) const {
  // Short words have too many neighbours to guess from.
  if (term.size() < 5) return std::nullopt;
  // Another form of a known word the stemmer did not reduce: "cancellation"
  // and "cancel", "probefahren" and "probefahrt". The shorter word must be
  // almost all shared prefix.
  std::optional<std::string> by_prefix;
  std::size_t longest = 0;
  for (const auto& [known, frequency] : document_frequency_) {
    auto shared = common_prefix(term, known);
    if (shared >= 5 && shared * 4 >= std::min(term.size(), known.size()) * 3 && shared > longest) {
      by_prefix = known;
      longest = shared;
    }
  }
  if (by_prefix) return by_prefix;
  std::size_t limit = term.size() >= 9 ? 2 : 1;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  std::size_t best_frequency = 0;
  for (const auto& [known, frequency] : document_frequency_) {
    auto distance = edit_distance(term, known, limit);
    if (distance < best_distance || (distance == best_distance && distance <= limit && frequency > best_frequency)) {
      best = known;
      best_distance = distance;
      best_frequency = frequency;
    }
  }
  return best_distance <= limit ? best : std::nullopt;
}

std::vector<FaqIndex::Match> FaqIndex::search(std::string_view question, std::size_t limit) const {
  std::set<std::string> terms;
  for (auto t : index_terms(question, lang_)) {
    t = concept_of(t, lang_);
    if (!document_frequency_.contains(t)) {
      // Numbers the FAQ never mentions (a height, a date) are not the topic.
      if (std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
      if (auto fixed = correct(t)) t = *fixed;
    }
    terms.insert(std::move(t));
  }
  double total_idf = 0;
  for (const auto& t : terms) total_idf += idf(t);

  std::vector<Match> matches;
  for (std::size_t i = 0; i < documents_.size(); ++i) {
    const auto& doc = documents_[i];
    Match m{i, 0, 0};
    double covered = 0;
    for (const auto& t : terms) {
      auto it = doc.weights.find(t);
      if (it == doc.weights.end()) continue;
      double tf = it->second;
      double term_idf = idf(t);
      m.score += term_idf * tf * (bm25_k1 + 1) / (tf + bm25_k1 * (1 - bm25_b + bm25_b * doc.length / average_length_));
      covered += term_idf;
    }
    if (m.score <= 0) continue;
    m.coverage = total_idf > 0 ? covered / total_idf : 0;
    matches.push_back(m);
  }
  std::sort(matches.begin(), matches.end(),
            [](const Match& x, const Match& y) { return x.score != y.score ? x.score > y.score : x.entry < y.entry; });
  if (matches.size() > limit) matches.resize(limit);
  return matches;
}

std::vector<FaqIndex::Match> FaqIndex::answer(std::string_view question, Confidence confidence) const {
  auto matches = search(question, 3);
  auto score = [&](std::size_t i) { return i < matches.size() ? matches[i].score : 0.0; };
  auto clear_of_next = [&](std::size_t i) { return (score(i) - score(i + 1)) / score(i) >= confidence.min_margin; };
  if (matches.empty() || matches[0].coverage < confidence.min_coverage) return {};
  if (clear_of_next(0)) return {matches[0]};
  // Two answers only when both cover the question well: two weak entries
  // are more often a question the FAQ does not answer.
  if (matches.size() > 1 && matches[1].coverage >= confidence.min_coverage_for_two &&
      matches[0].coverage >= confidence.min_coverage_for_two && clear_of_next(1)) {
    return {matches[0], matches[1]};
  }
  return {};
}

}  // namespace baton
