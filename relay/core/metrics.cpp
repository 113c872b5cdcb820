#include "relay/core/metrics.hpp"

#include <cstdio>
#include <stdexcept>

namespace baton::metrics {
namespace {

std::string format_number(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

std::string with_label(const std::string& labels, const std::string& extra) {
  if (labels.empty()) return "{" + extra + "}";
  return "{" + labels + "," + extra + "}";
}

std::string braces(const std::string& labels) { return labels.empty() ? "" : "{" + labels + "}"; }

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(sum_mutex_);
  sum_ += value;
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.bounds = bounds_;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  std::lock_guard lock(sum_mutex_);
  s.sum = sum_;
  return s;
}

std::vector<double> latency_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Registry::Family& Registry::family(const std::string& name, const std::string& type, const std::string& help) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.type = type;
    it->second.help = help;
  } else if (it->second.type != type) {
    throw std::logic_error("metric " + name + " registered with two types");
  }
  return it->second;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, "counter", help).counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, "gauge", help).gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help, std::vector<double> bounds,
                               const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, "histogram", help).histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(std::move(bounds));
  return *slot;
}

std::string Registry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, fam] : families_) {
    out += "# HELP " + name + " " + fam.help + "\n# TYPE " + name + " " + fam.type + "\n";
    for (const auto& [labels, c] : fam.counters) out += name + braces(labels) + " " + std::to_string(c->value()) + "\n";
    for (const auto& [labels, g] : fam.gauges) out += name + braces(labels) + " " + std::to_string(g->value()) + "\n";
    for (const auto& [labels, h] : fam.histograms) {
      auto s = h->snapshot();
      for (std::size_t i = 0; i < s.bounds.size(); ++i) {
        out += name + "_bucket" + with_label(labels, "le=\"" + format_number(s.bounds[i]) + "\"") + " " +
               std::to_string(s.cumulative[i]) + "\n";
      }
      out += name + "_bucket" + with_label(labels, "le=\"+Inf\"") + " " + std::to_string(s.count) + "\n";
      out += name + "_sum" + braces(labels) + " " + format_number(s.sum) + "\n";
      out += name + "_count" + braces(labels) + " " + std::to_string(s.count) + "\n";
    }
  }
  return out;
}

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace baton::metrics
