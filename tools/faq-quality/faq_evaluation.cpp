#include "tools/faq-quality/faq_evaluation.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "relay/assistant/faq.hpp"
#include "relay/assistant/faq_index.hpp"
#include "relay/assistant/handover_intent.hpp"

namespace baton::quality {

double Tally::precision_at_1() const {
  return answerable == 0 ? 0 : static_cast<double>(top1_right) / static_cast<double>(answerable);
}

double Tally::recall_at_4() const {
  return answerable == 0 ? 0 : static_cast<double>(top4_right) / static_cast<double>(answerable);
}

double Tally::false_answer_rate() const {
  auto n = questions();
  return n == 0 ? 0 : static_cast<double>(answered_wrong + answered_unanswerable) / static_cast<double>(n);
}

double Tally::recall() const {
  return answerable == 0 ? 0 : static_cast<double>(answered_right) / static_cast<double>(answerable);
}

void Tally::add(const Tally& o) {
  answerable += o.answerable;
  top1_right += o.top1_right;
  top4_right += o.top4_right;
  answered_right += o.answered_right;
  answered_wrong += o.answered_wrong;
  unanswerable += o.unanswerable;
  answered_unanswerable += o.answered_unanswerable;
  answered_two += o.answered_two;
  answerable_unanswered += o.answerable_unanswered;
  suggested_right += o.suggested_right;
  suggestions += o.suggestions;
  unanswerable_suggested += o.unanswerable_suggested;
}

double Tally::suggested_right_rate() const {
  return answerable_unanswered == 0 ? 0
                                    : static_cast<double>(suggested_right) / static_cast<double>(answerable_unanswered);
}

double Tally::suggestions_per_unanswered() const {
  return answerable_unanswered == 0 ? 0 : static_cast<double>(suggestions) / static_cast<double>(answerable_unanswered);
}

double Tally::unanswerable_suggested_rate() const {
  return unanswerable == 0 ? 0 : static_cast<double>(unanswerable_suggested) / static_cast<double>(unanswerable);
}

std::vector<LabelledQuestion> read_questions(const std::filesystem::path& tsv) {
  std::ifstream in(tsv);
  if (!in) throw std::runtime_error("cannot read " + tsv.string());
  std::vector<LabelledQuestion> out;
  std::string line;
  std::getline(in, line);  // header
  bool names_faq = line.starts_with("faq\t");
  std::size_t number = 1;
  while (std::getline(in, line)) {
    ++number;
    std::vector<std::string> fields;
    std::size_t at = 0;
    for (int i = 0; i < (names_faq ? 3 : 2); ++i) {
      auto tab = line.find('\t', at);
      if (tab == std::string::npos) break;
      fields.push_back(line.substr(at, tab - at));
      at = tab + 1;
    }
    if (fields.size() != (names_faq ? 3u : 2u)) continue;
    fields.push_back(line.substr(at));
    if (!names_faq) fields.insert(fields.begin(), "shop." + fields[0] + ".md");
    auto lang = lang_from_tag(fields[1]);
    if (!lang) throw std::runtime_error("unknown language in " + tsv.string() + ": " + line);
    out.push_back({number, fields[0], *lang, std::stoul(fields[2]), fields[3]});
  }
  return out;
}

std::vector<LabelledQuestion> read_all_questions(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& item : std::filesystem::directory_iterator(dir)) {
    auto name = item.path().filename().string();
    if (name == "questions.tsv" || name.ends_with(".questions.tsv")) files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<LabelledQuestion> out;
  for (const auto& f : files) {
    auto some = read_questions(f);
    out.insert(out.end(), some.begin(), some.end());
  }
  return out;
}

bool in_half(const LabelledQuestion& q, Half half) {
  switch (half) {
    case Half::all: return true;
    case Half::tuning: return q.line % 2 == 0;
    case Half::held_out: return q.line % 2 == 1;
  }
  return true;
}

std::string business_of(const std::string& faq) { return faq.substr(0, faq.find('.')); }

Lang faq_language(const std::string& faq) {
  auto first = faq.find('.');
  auto second = faq.find('.', first + 1);
  return lang_from_tag(faq.substr(first + 1, second - first - 1)).value_or(Lang::en);
}

bool cross_language(const LabelledQuestion& q) { return q.lang != faq_language(q.faq); }

Evaluator::Evaluator(std::filesystem::path dir, FaqIndex::Weights weights) : dir_(std::move(dir)), weights_(weights) {}

Evaluator::~Evaluator() = default;

const FaqIndex& Evaluator::index(const std::string& faq) {
  auto& slot = indexes_[faq];
  if (!slot) slot = std::make_unique<FaqIndex>(load_faq(dir_ / faq), Lexicon::system(), weights_);
  return *slot;
}

void Evaluator::evaluate(const LabelledQuestion& q, FaqIndex::Confidence confidence, Tally& t,
                         std::vector<std::string>* misses) {
  const auto& faq = index(q.faq);
  // As the relay does: no browser language, so the question's own words decide.
  auto matches = faq.search(q.text, 4);
  bool has_match = !matches.empty();
  std::size_t best = has_match ? matches[0].entry + 1 : 0;
  auto evidence = faq.weigh(q.text);
  auto given = FaqIndex::decide(evidence, confidence);
  bool answers = !given.empty();
  auto suggested = answers ? std::vector<FaqIndex::Match>{} : FaqIndex::suggest(evidence, confidence);
  if (given.size() == 2) {
    ++t.answered_two;
    // Two entries answer rightly when either is the one expected.
    if (given[1].entry + 1 == q.expected) best = q.expected;
  }
  auto where = q.faq + ":" + std::to_string(q.line) + " ";
  if (q.expected == 0) {
    ++t.unanswerable;
    if (!suggested.empty()) ++t.unanswerable_suggested;
    if (answers) {
      ++t.answered_unanswerable;
      if (misses) misses->push_back(where + "answered (entry " + std::to_string(best) + "): " + q.text);
    }
    return;
  }
  ++t.answerable;
  if (has_match && matches[0].entry + 1 == q.expected) ++t.top1_right;
  for (const auto& m : matches) {
    if (m.entry + 1 == q.expected) ++t.top4_right;
  }
  if (answers && best == q.expected) ++t.answered_right;
  if (answers && best != q.expected) ++t.answered_wrong;
  if (!answers) {
    ++t.answerable_unanswered;
    t.suggestions += suggested.size();
    for (const auto& m : suggested) {
      if (m.entry + 1 == q.expected) ++t.suggested_right;
    }
  }
  if (misses && (!answers || best != q.expected)) {
    misses->push_back(where + (answers ? "WRONG " : "unsure ") + "(expected " + std::to_string(q.expected) + ", best " +
                      std::to_string(best) + ", coverage " +
                      (has_match ? std::to_string(matches[0].coverage).substr(0, 4) : "-") + "): " + q.text);
  }
}

std::map<Lang, IntentTally> evaluate_intent(const std::filesystem::path& tsv) {
  std::ifstream in(tsv);
  if (!in) throw std::runtime_error("cannot read " + tsv.string());
  std::map<Lang, IntentTally> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto a = line.find('\t');
    auto b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    auto lang = lang_from_tag(line.substr(0, a));
    if (!lang) throw std::runtime_error("unknown language in " + line);
    auto label = line.substr(a + 1, b - a - 1);
    auto text = line.substr(b + 1);
    bool flagged = detect_handover_intent(text) != HandoverIntent::none;
    auto& t = out[*lang];
    if (label == "none") {
      ++t.none;
      if (flagged) {
        ++t.none_flagged;
        t.misses.push_back("false alarm: " + text);
      }
    } else {
      ++t.handover;
      if (flagged) {
        ++t.handover_found;
      } else {
        t.misses.push_back("missed " + label + ": " + text);
      }
    }
  }
  return out;
}

}  // namespace baton::quality
