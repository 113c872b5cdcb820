#include "relay/core/abuse_limits.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "relay/core/log.hpp"

namespace baton {
namespace {

using Check = std::pair<KeyedRateLimit*, const std::string*>;

// Takes one use from every limit, or from none: a refusal by the address's
// limit must not also spend the session's allowance.
std::int64_t take_all(std::initializer_list<Check> checks, std::int64_t now_ms) {
  std::int64_t wait = 0;
  for (const auto& [limit, key] : checks) wait = std::max(wait, limit->wait(*key, now_ms));
  if (wait > 0) return wait;
  for (const auto& [limit, key] : checks) limit->take(*key, now_ms);
  return 0;
}

std::optional<Refusal> refusal(std::int64_t wait_ms, std::string_view what) {
  if (wait_ms <= 0) return std::nullopt;
  Refusal r{RefusalKind::too_many, "rate_limited",
            "too many " + std::string(what) + " in a short time; try again " + retry_phrase(wait_ms)};
  r.retry_after_ms = wait_ms;
  return r;
}

}  // namespace

AbuseLimits::AbuseLimits(const AbuseRates& rates)
    : sessions_per_ip_(rates.sessions_per_ip),
      messages_per_session_(rates.messages_per_session),
      messages_per_ip_(rates.messages_per_ip),
      handoffs_per_session_(rates.handoffs_per_session),
      handoffs_per_ip_(rates.handoffs_per_ip),
      emails_per_session_(rates.emails_per_session),
      emails_per_ip_(rates.emails_per_ip),
      connects_per_ip_(rates.connects_per_ip),
      admin_failures_per_ip_(rates.admin_failures_per_ip) {}

std::optional<Refusal> AbuseLimits::new_session(const std::string& ip, std::int64_t now_ms) {
  auto result = refusal(take_all({{&sessions_per_ip_, &ip}}, now_ms), "new chats from this address");
  if (result) log::warn("rate limited", {{"what", "new session"}, {"address", ip}});
  return result;
}

std::optional<Refusal> AbuseLimits::message(const std::string& session_id, const std::string& ip, std::int64_t now_ms) {
  return refusal(take_all({{&messages_per_session_, &session_id}, {&messages_per_ip_, &ip}}, now_ms), "messages");
}

std::optional<Refusal> AbuseLimits::handoff(const std::string& session_id, const std::string& ip, bool by_email,
                                            std::int64_t now_ms) {
  std::int64_t wait = 0;
  if (by_email) {
    wait = take_all({{&handoffs_per_session_, &session_id},
                     {&handoffs_per_ip_, &ip},
                     {&emails_per_session_, &session_id},
                     {&emails_per_ip_, &ip}},
                    now_ms);
  } else {
    wait = take_all({{&handoffs_per_session_, &session_id}, {&handoffs_per_ip_, &ip}}, now_ms);
  }
  auto result = refusal(wait, by_email ? "messages for the team" : "requests for a person");
  if (result) log::warn("rate limited", {{"what", by_email ? "e-mail" : "handoff"}, {"address", ip}});
  return result;
}

std::optional<Refusal> AbuseLimits::connect(const std::string& ip, std::int64_t now_ms) {
  return refusal(take_all({{&connects_per_ip_, &ip}}, now_ms), "connections from this address");
}

std::optional<Refusal> AbuseLimits::admin_attempt(const std::string& ip, std::int64_t now_ms) {
  return refusal(admin_failures_per_ip_.wait(ip, now_ms), "wrong admin tokens from this address");
}

std::chrono::milliseconds AbuseLimits::admin_failed(const std::string& ip, std::int64_t now_ms) {
  admin_failures_per_ip_.take(ip, now_ms);
  auto failures = static_cast<int>(admin_failures_per_ip_.used(ip, now_ms) + 0.5);
  log::warn("wrong admin token", {{"address", ip}, {"recent_failures", failures}});
  auto doublings = std::clamp(failures - 1, 0, 5);
  return std::chrono::milliseconds(250 << doublings);
}

std::string retry_phrase(std::int64_t wait_ms) {
  auto seconds = (wait_ms + 999) / 1000;
  if (seconds < 120) return "in " + std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
  auto minutes = (seconds + 59) / 60;
  return "in " + std::to_string(minutes) + " minutes";
}

}  // namespace baton
