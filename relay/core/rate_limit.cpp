#include "relay/core/rate_limit.hpp"

#include <charconv>
#include <iterator>

namespace baton {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t ms;
};

constexpr Unit units[] = {{"s", 1000}, {"min", 60 * 1000}, {"h", 3600 * 1000}, {"d", 24 * 3600 * 1000}};

}  // namespace

std::optional<Rate> Rate::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint32_t count = 0;
  auto digits = text.substr(0, slash);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (ec != std::errc() || end != digits.data() + digits.size() || count < 1 || count > 1'000'000) {
    return std::nullopt;
  }
  auto unit_name = text.substr(slash + 1);
  for (const auto& unit : units) {
    if (unit.name == unit_name) return Rate{count, unit.ms};
  }
  return std::nullopt;
}

std::string Rate::to_string() const {
  for (auto it = std::rbegin(units); it != std::rend(units); ++it) {
    if (period_ms == it->ms) return std::to_string(count) + "/" + std::string(it->name);
  }
  return std::to_string(count) + "/" + std::to_string(period_ms) + "ms";
}

KeyedRateLimit::KeyedRateLimit(Rate rate, std::size_t max_keys) : rate_(rate), max_keys_(max_keys) {}

std::int64_t KeyedRateLimit::take(const std::string& key, std::int64_t now_ms) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) make_room(now_ms);
    double per_second = static_cast<double>(rate_.count) * 1000.0 / static_cast<double>(rate_.period_ms);
    it = buckets_.emplace(key, TokenBucket(rate_.count, per_second)).first;
    // A fresh bucket has not seen the clock yet: start it at now, full.
    it->second.full(now_ms);
  }
  if (it->second.try_take(now_ms)) return 0;
  return it->second.ready_at(now_ms) - now_ms;
}

std::int64_t KeyedRateLimit::wait(const std::string& key, std::int64_t now_ms) {
  auto it = buckets_.find(key);
  return it == buckets_.end() ? 0 : it->second.ready_at(now_ms) - now_ms;
}

double KeyedRateLimit::used(const std::string& key, std::int64_t now_ms) {
  auto it = buckets_.find(key);
  return it == buckets_.end() ? 0.0 : it->second.used(now_ms);
}

void KeyedRateLimit::make_room(std::int64_t now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = it->second.full(now_ms) ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < max_keys_) return;
  auto half = buckets_.size() / 2;
  for (auto it = buckets_.begin(); it != buckets_.end() && half > 0; --half) it = buckets_.erase(it);
}

}  // namespace baton
