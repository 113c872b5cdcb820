#include "tools/faq-quality/faq_evaluation.hpp"

#include <fstream>
#include <stdexcept>

#include "relay/assistant/faq.hpp"
#include "relay/assistant/faq_index.hpp"
#include "relay/assistant/handover_intent.hpp"

namespace baton::quality {

double Tally::precision_at_1() const {
  return answerable == 0 ? 0 : static_cast<double>(top1_right) / static_cast<double>(answerable);
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
  answered_right += o.answered_right;
  answered_wrong += o.answered_wrong;
  unanswerable += o.unanswerable;
  answered_unanswerable += o.answered_unanswerable;
  answered_two += o.answered_two;
}

std::vector<LabelledQuestion> read_questions(const std::filesystem::path& tsv) {
  std::ifstream in(tsv);
  if (!in) throw std::runtime_error("cannot read " + tsv.string());
  std::vector<LabelledQuestion> out;
  std::string line;
  std::getline(in, line);  // header
  std::size_t number = 1;
  while (std::getline(in, line)) {
    ++number;
    auto first = line.find('\t');
    auto second = line.find('\t', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    auto lang = lang_from_tag(line.substr(0, first));
    if (!lang) throw std::runtime_error("unknown language in " + line);
    out.push_back({number, *lang, std::stoul(line.substr(first + 1, second - first - 1)), line.substr(second + 1)});
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

Tally evaluate(const std::filesystem::path& faq_file, const std::vector<LabelledQuestion>& questions, Lang lang,
               FaqIndex::Confidence confidence, Half half, std::vector<std::string>* misses) {
  FaqIndex index(load_faq(faq_file));
  Tally t;
  for (const auto& q : questions) {
    if (q.lang != lang || !in_half(q, half)) continue;
    auto matches = index.search(q.text, 1);
    bool has_match = !matches.empty();
    std::size_t best = has_match ? matches[0].entry + 1 : 0;
    auto given = index.answer(q.text, confidence);
    bool answers = !given.empty();
    if (given.size() == 2) {
      ++t.answered_two;
      // Two entries answer rightly when either is the one expected.
      if (given[1].entry + 1 == q.expected) best = q.expected;
    }
    if (q.expected == 0) {
      ++t.unanswerable;
      if (answers) {
        ++t.answered_unanswerable;
        if (misses) misses->push_back("answered (entry " + std::to_string(best) + "): " + q.text);
      }
      continue;
    }
    ++t.answerable;
    if (has_match && matches[0].entry + 1 == q.expected) ++t.top1_right;
    if (answers && best == q.expected) ++t.answered_right;
    if (answers && best != q.expected) ++t.answered_wrong;
    if (misses && (!answers || best != q.expected)) {
      misses->push_back(std::string(answers ? "WRONG " : "unsure ") + "(expected " + std::to_string(q.expected) +
                        ", best " + std::to_string(best) + ", coverage " +
                        (has_match ? std::to_string(matches[0].coverage).substr(0, 4) : "-") + "): " + q.text);
    }
  }
  return t;
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
