// The FAQ assistant's decision: the belief model that says whether the best
// entry answers the question, how it is fitted (faq-quality fit), and that
// the weights the relay uses are the ones the fit gives on the tuning half.

#include <doctest/doctest.h>

#include <cmath>

#include "relay/assistant/faq.hpp"
#include "relay/assistant/faq_index.hpp"
#include "tools/faq-quality/belief_fit.hpp"
#include "tools/faq-quality/faq_evaluation.hpp"

using namespace baton;

namespace {

// Four content words, as the ranking would weigh them.
FaqIndex::Evidence four_words(std::vector<FaqIndex::Match> best, double weight, double known) {
  FaqIndex::Evidence evidence;
  evidence.best = std::move(best);
  evidence.words = 4;
  evidence.weight = weight;
  evidence.known = known;
  return evidence;
}

}  // namespace

TEST_CASE("faq belief: one rare word shared with an entry is not an answer, the same word on topic is") {
  FaqIndex index(load_faq(BATON_FIXTURES_DIR "/faq/shop.en.md"));
  FaqIndex::Confidence defaults;
  // "switzerland" is in the answer about countries and nowhere else.
  CHECK(index.answer("what is the capital of switzerland?", defaults).empty());
  CHECK(index.answer("who won the football last night", defaults).empty());
  auto shipping = index.answer("do you ship bikes to switzerland?", defaults);
  REQUIRE(shipping.size() == 1);
  CHECK(index.entry(shipping[0].entry).question == "Which countries do you ship to?");
}

TEST_CASE("faq belief: more of the question covered, or a wider lead, is believed more") {
  auto weak = four_words({{0, 4.0, 0.3}, {1, 3.5, 0.2}}, 8, 0.6);
  auto covered = weak;
  covered.best[0].coverage = 0.9;
  auto ahead = weak;
  ahead.best[1].score = 1.0;
  FaqIndex::Confidence defaults;
  CHECK(defaults.belief(covered) > defaults.belief(weak));
  CHECK(defaults.belief(ahead) > defaults.belief(weak));
  CHECK(defaults.belief(FaqIndex::Evidence{}) == 0);
}

TEST_CASE("faq belief: a question in another language than the FAQ's needs the belief set for it") {
  auto evidence = four_words({{3, 4.0, 0.8}, {1, 1.0, 0.2}}, 6, 0.9);
  FaqIndex::Confidence confidence;
  auto belief = confidence.belief(evidence);
  confidence.min_belief = belief - 0.01;
  confidence.min_belief_other_language = belief + 0.01;
  REQUIRE(FaqIndex::decide(evidence, confidence).size() == 1);
  CHECK(FaqIndex::decide(evidence, confidence)[0].entry == 3);
  CHECK(confidence.belief_needed(evidence) == confidence.min_belief);

  evidence.other_language = true;
  confidence.min_belief = 0;  // the other language's belief is the one read
  confidence.min_belief_other_language = confidence.belief(evidence) + 0.01;
  CHECK(FaqIndex::decide(evidence, confidence).empty());
  CHECK(confidence.belief_needed(evidence) == confidence.min_belief_other_language);
  confidence.min_belief_other_language -= 0.02;
  CHECK(FaqIndex::decide(evidence, confidence).size() == 1);
}

TEST_CASE("faq belief: the fit finds which way each input points") {
  // The right answers are those with high coverage; the margin is noise.
  std::vector<quality::BeliefSample> samples;
  for (int i = 0; i < 200; ++i) {
    FaqIndex::BeliefInputs x{};
    x[0] = 1;
    x[1] = (i % 20) / 20.0;
    x[2] = ((i * 7) % 13) / 13.0;
    samples.push_back({x, x[1] > 0.5});
  }
  auto w = quality::fit_belief(samples);
  CHECK(w[1] > 5);
  CHECK(std::abs(w[2]) < 1);
  FaqIndex::Confidence model;
  model.belief_weights = w;
  FaqIndex::Evidence high;
  high.best = {{0, 1, 0.9}};
  FaqIndex::Evidence low;
  low.best = {{0, 1, 0.1}};
  CHECK(model.belief(high) > 0.8);
  CHECK(model.belief(low) < 0.2);
}

TEST_CASE("faq belief: the relay's weights are what faq-quality fit gives on the tuning half") {
  // Change the ranking, the fixtures or the inputs, and this fails until
  // `faq-quality fit` is run again and its weights and belief copied into
  // FaqIndex::Confidence (and docs/benchmarks.md updated).
  using namespace baton::quality;
  auto questions = read_all_questions(BATON_FIXTURES_DIR "/faq");
  Evaluator evaluator(BATON_FIXTURES_DIR "/faq", FaqIndex::Weights{});
  auto samples = tuning_samples(evaluator, questions);
  auto fitted = fit_belief(samples);
  FaqIndex::Confidence relay;
  for (std::size_t i = 0; i < FaqIndex::belief_inputs; ++i) {
    CAPTURE(i);
    CHECK(relay.belief_weights[i] == doctest::Approx(fitted[i]).epsilon(0.001));
  }
}
