#pragma once
// Fits the FAQ assistant's belief model (FaqIndex::Confidence): a logistic
// regression of "the best entry is the right one" on the evidence of each
// labelled question of the tuning half.

#include <vector>

#include "relay/assistant/faq_index.hpp"
#include "tools/faq-quality/faq_evaluation.hpp"

namespace baton::quality {

struct BeliefSample {
  FaqIndex::BeliefInputs inputs{};
  bool right = false;  // the best entry is the one expected (never, for a question the FAQ does not answer)
};

// One sample per question of the tuning half that matches any entry.
std::vector<BeliefSample> tuning_samples(Evaluator& evaluator, const std::vector<LabelledQuestion>& questions);

// Weights for FaqIndex::Confidence::belief_weights. The inputs are
// standardised while fitting, so the L2 penalty treats them alike, and the
// weights are given back for the raw inputs.
FaqIndex::BeliefInputs fit_belief(const std::vector<BeliefSample>& samples, double l2 = 0.01);

}  // namespace baton::quality
