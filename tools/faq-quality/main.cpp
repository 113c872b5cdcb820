// Prints the FAQ assistant's retrieval quality on the labelled questions of
// tests/fixtures/faq. `faq-quality grid` searches coverage x margin on the
// tuning half (even lines); `faq-quality report` prints the default
// confidence on the held-out half (odd lines), per language.
// `faq-quality intent` prints handover intent per language.
// Usage: faq-quality [grid|report|intent] [--fixtures DIR] [--misses]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "relay/assistant/faq.hpp"
#include "relay/core/command_line.hpp"
#include "tools/faq-quality/faq_evaluation.hpp"

using namespace baton;
using namespace baton::quality;

namespace {

Tally evaluate_all(const std::filesystem::path& dir, const std::vector<LabelledQuestion>& questions,
                   FaqIndex::Confidence confidence, Half half, bool print_langs, bool misses) {
  Tally all;
  for (auto lang : all_langs) {
    std::vector<std::string> missed;
    auto t = evaluate(dir / ("shop." + std::string(to_string(lang)) + ".md"), questions, lang, confidence, half,
                      misses ? &missed : nullptr);
    all.add(t);
    if (print_langs) {
      std::printf("| %s | %zu | %.1f%% | %.1f%% | %zu | %.1f%% |\n", std::string(to_string(lang)).c_str(),
                  t.questions(), 100 * t.precision_at_1(), 100 * t.recall(), t.answered_two,
                  100 * t.false_answer_rate());
    }
    for (const auto& m : missed) std::printf("    %s\n", m.c_str());
  }
  return all;
}

const FlagSpec flags[] = {
    {"fixtures", "DIR", "the labelled FAQ fixtures (default tests/fixtures/faq)"},
    {"misses", "", "also print every question answered wrongly or not at all", false},
};

constexpr const char* usage = "usage: faq-quality [grid|report|intent] [--fixtures DIR] [--misses]\n\n";

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
  try {
    FlagValues given(args, flags);
    dir = given.text("fixtures", "tests/fixtures/faq");
    misses = given.has("misses");
  } catch (const CommandLineError& e) {
    std::fprintf(stderr, "faq-quality: %s\n%s", e.what(), usage);
    return 2;
  }
  auto questions = read_questions(dir / "questions.tsv");
  if (mode == "grid") {
    std::printf("tuning half: coverage margin -> answered (of answerable), false answers (of all)\n");
    for (double coverage : {0.25, 0.3, 0.35, 0.4, 0.45, 0.5}) {
      for (double margin : {0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4}) {
        auto t = evaluate_all(dir, questions, {coverage, margin}, Half::tuning, false, false);
        std::printf("%.2f %.2f  answered %5.1f%%  false %4.1f%%\n", coverage, margin, 100 * t.recall(),
                    100 * t.false_answer_rate());
      }
    }
    return 0;
  }
  if (mode == "intent") {
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
    return 0;
  }
  if (mode != "report") {
    std::fprintf(stderr, "faq-quality: unknown mode '%s'\n%s", mode.c_str(), usage);
    return 2;
  }
  FaqIndex::Confidence defaults;
  std::printf("held-out half, min coverage %.2f, min margin %.2f\n\n", defaults.min_coverage, defaults.min_margin);
  std::printf(
      "| language | questions | precision at 1 | answered | of which with two entries | false answers |\n"
      "|---|---|---|---|---|---|\n");
  auto all = evaluate_all(dir, questions, defaults, Half::held_out, true, misses);
  std::printf("| all | %zu | %.1f%% | %.1f%% | %zu | %.1f%% |\n", all.questions(), 100 * all.precision_at_1(),
              100 * all.recall(), all.answered_two, 100 * all.false_answer_rate());

  // How long one decision takes on the largest FAQ here (all questions, 20 rounds).
  FaqIndex index(load_faq(dir / "shop.en.md"));
  std::vector<double> micros;
  for (int round = 0; round < 20; ++round) {
    for (const auto& q : questions) {
      auto start = std::chrono::steady_clock::now();
      auto given = index.answer(q.text, defaults);
      auto end = std::chrono::steady_clock::now();
      if (given.size() > 99) std::printf("?");  // keeps the call from being optimised away
      micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  std::sort(micros.begin(), micros.end());
  std::printf("\ndecision time over %zu questions: median %.1f us, p99 %.1f us, max %.1f us\n", micros.size(),
              micros[micros.size() / 2], micros[micros.size() * 99 / 100], micros.back());
}
