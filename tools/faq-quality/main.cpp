// Prints the FAQ assistant's retrieval quality on the labelled questions of
// tests/fixtures/faq, per business and per language, for questions in the
// FAQ's own language and in another. `faq-quality grid` searches the
// weights and thresholds on the tuning half (even lines); `faq-quality fit`
// fits the belief model there and chooses the belief needed; `faq-quality
// report` prints the defaults on the held-out half (odd lines) and the time
// a decision takes on a 300-entry FAQ. `faq-quality intent` prints handover
// intent per language.
// Usage: faq-quality [grid|fit|report|intent] [--fixtures DIR] [--misses] [--tuning]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "relay/assistant/faq.hpp"
#include "relay/core/command_line.hpp"
#include "tools/faq-quality/belief_fit.hpp"
#include "tools/faq-quality/faq_evaluation.hpp"

using namespace baton;
using namespace baton::quality;

namespace {

struct SameAndCross {
  Tally same;
  Tally cross;
};

// Every question of the half, grouped by `key`.
std::map<std::string, SameAndCross> tally_by(Evaluator& evaluator, const std::vector<LabelledQuestion>& questions,
                                             FaqIndex::Confidence confidence, Half half,
                                             const std::function<std::string(const LabelledQuestion&)>& key,
                                             std::vector<std::string>* misses) {
  std::map<std::string, SameAndCross> out;
  for (const auto& q : questions) {
    if (!in_half(q, half)) continue;
    auto& group = out[key(q)];
    evaluator.evaluate(q, confidence, cross_language(q) ? group.cross : group.same, misses);
  }
  return out;
}

std::string cells(const Tally& t) {
  if (t.questions() == 0) return "| | | | | ";
  char line[160];
  std::snprintf(line, sizeof line, "| %zu | %.1f%% | %.1f%% | %.1f%% | %.1f%% ", t.questions(), 100 * t.recall(),
                100 * t.false_answer_rate(), 100 * t.precision_at_1(), 100 * t.recall_at_4());
  return line;
}

void print_table(const char* first_column, const std::map<std::string, SameAndCross>& rows) {
  std::printf(
      "| %s | same-language questions | answered right | false answers | precision at 1 | recall at 4 "
      "| cross-language questions | answered right | false answers | precision at 1 | recall at 4 |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|\n",
      first_column);
  SameAndCross all;
  for (const auto& [name, t] : rows) {
    std::printf("| %s %s%s|\n", name.c_str(), cells(t.same).c_str(), cells(t.cross).c_str());
    all.same.add(t.same);
    all.cross.add(t.cross);
  }
  std::printf("| all %s%s|\n\n", cells(all.same).c_str(), cells(all.cross).c_str());
}

// What the visitors given no answer were suggested instead.
void print_suggestions(const std::map<std::string, SameAndCross>& rows) {
  SameAndCross all;
  for (const auto& [name, t] : rows) {
    all.same.add(t.same);
    all.cross.add(t.cross);
  }
  auto line = [](const char* setting, const Tally& t) {
    std::printf(
        "  %s: %zu answerable questions given no answer, %.1f%% of them shown their entry (%.1f entries "
        "suggested each); %.1f%% of the %zu questions the FAQ does not answer got suggestions\n",
        setting, t.answerable_unanswered, 100 * t.suggested_right_rate(), t.suggestions_per_unanswered(),
        100 * t.unanswerable_suggested_rate(), t.unanswerable);
  };
  std::printf("when no entry is given, the closest suggested instead:\n");
  line("same language", all.same);
  line("across languages", all.cross);
  std::printf("\n");
}

// How long one decision takes on a FAQ of at least 300 entries: every
// English FAQ of the fixtures, repeated, against every question.
void print_timing(const std::filesystem::path& dir, const std::vector<LabelledQuestion>& questions,
                  FaqIndex::Confidence confidence) {
  std::vector<FaqEntry> entries;
  std::vector<std::filesystem::path> files;
  for (const auto& item : std::filesystem::directory_iterator(dir)) {
    if (item.path().filename().string().ends_with(".en.md")) files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  for (int copy = 1; entries.size() < 300 && !files.empty(); ++copy) {
    for (const auto& f : files) {
      for (auto e : load_faq(f)) {
        e.question += " (" + std::to_string(copy) + ")";
        entries.push_back(std::move(e));
      }
    }
  }
  auto started = std::chrono::steady_clock::now();
  FaqIndex index(std::move(entries));
  auto built = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  // The first time a word is seen costs most (a dictionary chunk to
  // inflate, a spelling to correct); after that its slot is remembered.
  std::vector<double> first;
  std::vector<double> again;
  for (int round = 0; round < 2; ++round) {
    for (const auto& q : questions) {
      auto start = std::chrono::steady_clock::now();
      auto given = index.answer(q.text, confidence);
      auto end = std::chrono::steady_clock::now();
      if (given.size() > 99) std::printf("?");  // keeps the call from being optimised away
      (round == 0 ? first : again).push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  auto summary = [](std::vector<double>& micros) {
    std::sort(micros.begin(), micros.end());
    char line[160];
    std::snprintf(line, sizeof line, "median %.1f us, p99 %.1f us, max %.1f us", micros[micros.size() / 2],
                  micros[micros.size() * 99 / 100], micros.back());
    return std::string(line);
  };
  std::printf("decision time on a %zu-entry FAQ (built in %.0f ms, lexicon included), %zu questions in six languages\n",
              index.size(), built, questions.size());
  std::printf("  first time (every word new to the index): %s\n", summary(first).c_str());
  std::printf("  asked again: %s\n", summary(again).c_str());
}

const FlagSpec flags[] = {
    {"fixtures", "DIR", "the labelled FAQ fixtures (default tests/fixtures/faq)"},
    {"misses", "", "also print every question answered wrongly or not at all", false},
    {"tuning", "", "report on the tuning half instead (to try a change without looking at the held-out half)", false},
};

constexpr const char* usage = "usage: faq-quality [grid|fit|report|intent] [--fixtures DIR] [--misses] [--tuning]\n\n";

int grid(const std::filesystem::path& dir, const std::vector<LabelledQuestion>& questions) {
  std::printf(
      "tuning half: question answer synonym translation unknown | coverage margin -> same-language right, false; "
      "cross-language right, false\n");
  for (double question : {1.5, 2.0, 3.0}) {
    for (double synonym : {0.4, 0.7}) {
      for (double translation : {0.8, 1.0}) {
        for (double unknown : {0.3, 0.6, 1.0}) {
          Evaluator evaluator(dir, {question, 1.0, synonym, translation, unknown});
          for (double coverage : {0.4, 0.5, 0.6, 0.7}) {
            for (double margin : {0.0, 0.1, 0.2, 0.3}) {
              SameAndCross t;
              for (const auto& q : questions) {
                if (in_half(q, Half::tuning)) {
                  // The floors alone: the belief model is fitted for one set
                  // of weights (`faq-quality fit`), so it stays out here.
                  FaqIndex::Confidence floors;
                  floors.min_coverage = coverage;
                  floors.min_margin = margin;
                  floors.min_belief = floors.min_belief_other_language = 0;
                  floors.min_coverage_for_two = coverage + 0.1;
                  evaluator.evaluate(q, floors, cross_language(q) ? t.cross : t.same);
                }
              }
              std::printf("%.1f 1.0 %.1f %.1f %.1f | %.2f %.2f -> %5.1f%% %4.1f%%  %5.1f%% %4.1f%%\n", question,
                          synonym, translation, unknown, coverage, margin, 100 * t.same.recall(),
                          100 * t.same.false_answer_rate(), 100 * t.cross.recall(), 100 * t.cross.false_answer_rate());
            }
          }
        }
      }
    }
  }
  return 0;
}

SameAndCross tally_tuning(Evaluator& evaluator, const std::vector<LabelledQuestion>& questions,
                          const FaqIndex::Confidence& confidence) {
  SameAndCross t;
  for (const auto& q : questions) {
    if (in_half(q, Half::tuning)) evaluator.evaluate(q, confidence, cross_language(q) ? t.cross : t.same);
  }
  return t;
}

// What is suggested when no entry is given: the belief the best entry needs
// and the share of its score the next ones need. Chosen for the most
// unanswered questions whose entry is suggested, with suggestions to at most half
// of the questions the FAQ does not answer: a suggestion that misses costs the
// visitor a glance at two or three questions, one that is not made costs
// them a rephrasing or a wait for a person.
void choose_suggestions(Evaluator& evaluator, const std::vector<LabelledQuestion>& questions,
                        FaqIndex::Confidence& chosen) {
  constexpr double allowed_suggestions = 0.5;
  std::printf(
      "\nsuggestions: belief share -> unanswered shown their entry, entries suggested each; "
      "questions without an answer that get suggestions\n");
  double best = -1;
  for (int belief = 5; belief <= 50; belief += 5) {
    for (double share : {0.3, 0.5, 0.7}) {
      auto tried = chosen;
      tried.min_belief_to_suggest = belief / 100.0;
      tried.min_share_to_suggest = share;
      Tally all;
      auto t = tally_tuning(evaluator, questions, tried);
      all.add(t.same);
      all.add(t.cross);
      std::printf("%.2f %.1f -> %5.1f%% %.1f; %5.1f%%\n", tried.min_belief_to_suggest, share,
                  100 * all.suggested_right_rate(), all.suggestions_per_unanswered(),
                  100 * all.unanswerable_suggested_rate());
      if (all.unanswerable_suggested_rate() <= allowed_suggestions && all.suggested_right_rate() > best) {
        best = all.suggested_right_rate();
        chosen.min_belief_to_suggest = tried.min_belief_to_suggest;
        chosen.min_share_to_suggest = share;
      }
    }
  }
  std::printf("\nchosen: suggest from belief %.2f, further entries from %.1f of the best's score\n",
              chosen.min_belief_to_suggest, chosen.min_share_to_suggest);
}

// Fits the belief model on the tuning half, then searches the floors and
// the belief needed: the most right answers, same-language and across
// languages together, with at most 5 % false answers on each. The two
// settings get a belief needed each, as the budget counts false answers in
// each on its own.
int fit(const std::filesystem::path& dir, const std::vector<LabelledQuestion>& questions) {
  Evaluator evaluator(dir, FaqIndex::Weights{});
  auto samples = tuning_samples(evaluator, questions);
  FaqIndex::Confidence chosen;
  chosen.belief_weights = fit_belief(samples);
  std::printf("belief weights, fitted on %zu tuning questions:", samples.size());
  for (auto w : chosen.belief_weights) std::printf(" %.4f", w);
  std::printf("\n\ncoverage margin belief -> same-language right, false; cross-language right, false\n");
  constexpr double allowed_false = 0.05;
  double best = -1;
  for (double coverage : {0.2, 0.3, 0.4, 0.5, 0.6}) {
    for (double margin : {0.0, 0.05, 0.1, 0.2}) {
      double best_same = -1, best_cross = -1, same_belief = 0, cross_belief = 0;
      for (int belief = 30; belief <= 90; belief += 5) {
        auto tried = chosen;
        tried.min_coverage = coverage;
        tried.min_margin = margin;
        tried.min_belief = tried.min_belief_other_language = belief / 100.0;
        auto t = tally_tuning(evaluator, questions, tried);
        std::printf("%.2f %.2f %.2f -> %5.1f%% %4.1f%%  %5.1f%% %4.1f%%\n", coverage, margin, tried.min_belief,
                    100 * t.same.recall(), 100 * t.same.false_answer_rate(), 100 * t.cross.recall(),
                    100 * t.cross.false_answer_rate());
        if (t.same.false_answer_rate() <= allowed_false && t.same.recall() > best_same) {
          best_same = t.same.recall();
          same_belief = tried.min_belief;
        }
        if (t.cross.false_answer_rate() <= allowed_false && t.cross.recall() > best_cross) {
          best_cross = t.cross.recall();
          cross_belief = tried.min_belief;
        }
      }
      if (best_same >= 0 && best_cross >= 0 && best_same + best_cross > best) {
        best = best_same + best_cross;
        chosen.min_coverage = coverage;
        chosen.min_margin = margin;
        chosen.min_belief = same_belief;
        chosen.min_belief_other_language = cross_belief;
      }
    }
  }
  std::printf("\nchosen: coverage %.2f, margin %.2f, belief %.2f (another language: %.2f)\n", chosen.min_coverage,
              chosen.min_margin, chosen.min_belief, chosen.min_belief_other_language);
  if (best < 0) return 1;
  choose_suggestions(evaluator, questions, chosen);
  return 0;
}

int intent(const std::filesystem::path& dir, bool misses) {
  auto by_lang = evaluate_intent(dir.parent_path() / "intent" / "handover.tsv");
  std::printf(
      "| language | asks for a person or frustrated | detected | other messages | false alarms |\n"
      "|---|---|---|---|---|\n");
  for (const auto& [lang, t] : by_lang) {
    std::printf("| %s | %zu | %zu (%.0f%%) | %zu | %zu |\n", std::string(to_string(lang)).c_str(), t.handover,
                t.handover_found, 100.0 * static_cast<double>(t.handover_found) / static_cast<double>(t.handover),
                t.none, t.none_flagged);
    if (misses) {
      for (const auto& m : t.misses) std::printf("    %s\n", m.c_str());
    }
  }
  return by_lang.empty() ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (wants_help(args)) {
    std::printf("%s%s", usage, flag_usage(flags).c_str());
    return 0;
  }
  std::string mode = "report";
  if (!args.empty() && !args.front().starts_with("--")) {
    mode = args.front();
    args.erase(args.begin());
  }
  std::filesystem::path dir;
  bool misses = false;
  Half half = Half::held_out;
  try {
    FlagValues given(args, flags);
    dir = given.text("fixtures", "tests/fixtures/faq");
    misses = given.has("misses");
    if (given.has("tuning")) half = Half::tuning;
  } catch (const CommandLineError& e) {
    std::fprintf(stderr, "faq-quality: %s\n%s", e.what(), usage);
    return 2;
  }
  if (mode == "intent") return intent(dir, misses);
  auto questions = read_all_questions(dir);
  if (questions.empty()) {
    std::fprintf(stderr, "faq-quality: no labelled questions in %s\n", dir.string().c_str());
    return 1;
  }
  if (mode == "grid") return grid(dir, questions);
  if (mode == "fit") return fit(dir, questions);
  if (mode != "report") {
    std::fprintf(stderr, "faq-quality: unknown mode '%s'\n%s", mode.c_str(), usage);
    return 2;
  }
  FaqIndex::Confidence defaults;
  FaqIndex::Weights weights;
  std::printf(
      "%s half; weights: question %.1f, answer %.1f, synonym %.1f, translation %.1f, unknown %.1f; "
      "min coverage %.2f, min margin %.2f, min belief %.2f (another language: %.2f)\n\n",
      half == Half::tuning ? "tuning" : "held-out", weights.question, weights.answer, weights.synonym,
      weights.translation, weights.unknown, defaults.min_coverage, defaults.min_margin, defaults.min_belief,
      defaults.min_belief_other_language);
  Evaluator evaluator(dir, weights);
  std::vector<std::string> missed;
  auto by_business = tally_by(
      evaluator, questions, defaults, half, [](const LabelledQuestion& q) { return business_of(q.faq); },
      misses ? &missed : nullptr);
  print_table("business", by_business);
  print_table("question language",
              tally_by(
                  evaluator, questions, defaults, half,
                  [](const LabelledQuestion& q) { return std::string(to_string(q.lang)); }, nullptr));
  print_suggestions(by_business);
  for (const auto& m : missed) std::printf("    %s\n", m.c_str());
  print_timing(dir, questions, defaults);
  return 0;
}
