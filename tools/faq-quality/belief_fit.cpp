#include "tools/faq-quality/belief_fit.hpp"

#include <cmath>

namespace baton::quality {

std::vector<BeliefSample> tuning_samples(Evaluator& evaluator, const std::vector<LabelledQuestion>& questions) {
  std::vector<BeliefSample> samples;
  for (const auto& q : questions) {
    if (!in_half(q, Half::tuning)) continue;
    auto evidence = evaluator.index(q.faq).weigh(q.text);
    if (evidence.best.empty()) continue;
    samples.push_back(
        {FaqIndex::belief_inputs_of(evidence), q.expected != 0 && evidence.best[0].entry + 1 == q.expected});
  }
  return samples;
}

FaqIndex::BeliefInputs fit_belief(const std::vector<BeliefSample>& samples, double l2) {
  constexpr std::size_t n = FaqIndex::belief_inputs;
  FaqIndex::BeliefInputs mean{};
  FaqIndex::BeliefInputs spread{};
  if (samples.empty()) return {};
  auto count = static_cast<double>(samples.size());
  for (const auto& s : samples) {
    for (std::size_t i = 0; i < n; ++i) mean[i] += s.inputs[i] / count;
  }
  for (const auto& s : samples) {
    for (std::size_t i = 0; i < n; ++i) spread[i] += (s.inputs[i] - mean[i]) * (s.inputs[i] - mean[i]) / count;
  }
  // Input 0 is the constant: it stays 1 and unpenalised.
  mean[0] = 0;
  spread[0] = 1;
  for (std::size_t i = 1; i < n; ++i) spread[i] = spread[i] > 1e-12 ? std::sqrt(spread[i]) : 1;
  auto standard = [&](const FaqIndex::BeliefInputs& x) {
    FaqIndex::BeliefInputs z{};
    for (std::size_t i = 0; i < n; ++i) z[i] = (x[i] - mean[i]) / spread[i];
    return z;
  };

  // Plain gradient descent: a few hundred samples and eight inputs converge
  // in well under a second, and the result does not depend on a library.
  FaqIndex::BeliefInputs w{};
  constexpr double step = 0.5;
  for (int round = 0; round < 4000; ++round) {
    FaqIndex::BeliefInputs gradient{};
    for (const auto& s : samples) {
      auto z = standard(s.inputs);
      double dot = 0;
      for (std::size_t i = 0; i < n; ++i) dot += w[i] * z[i];
      double error = 1 / (1 + std::exp(-dot)) - (s.right ? 1.0 : 0.0);
      for (std::size_t i = 0; i < n; ++i) gradient[i] += error * z[i] / count;
    }
    for (std::size_t i = 1; i < n; ++i) gradient[i] += l2 * w[i];
    for (std::size_t i = 0; i < n; ++i) w[i] -= step * gradient[i];
  }
  // Back to raw inputs: w·(x - mean)/spread = Σ (w/spread)·x - Σ w·mean/spread.
  FaqIndex::BeliefInputs raw{};
  raw[0] = w[0];
  for (std::size_t i = 1; i < n; ++i) {
    raw[i] = w[i] / spread[i];
    raw[0] -= w[i] * mean[i] / spread[i];
  }
  return raw;
}

}  // namespace baton::quality
