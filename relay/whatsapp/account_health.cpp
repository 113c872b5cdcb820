#include "relay/whatsapp/account_health.hpp"

#include <algorithm>

namespace baton {

AccountHealth::Opened AccountHealth::account_failed(std::int64_t code, std::string description, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  Opened opened = Opened::no;
  if (state_ == State::healthy) {
    bool relapse = closed_ms_ && now_ms - *closed_ms_ < relapse_ms;
    opened = relapse ? Opened::again : Opened::yes;
    problem_ = AccountProblem{code, std::move(description), now_ms};
    probe_wait_ms_ = relapse ? std::min(probe_wait_ms_ * 2, longest_probe_ms) : first_probe_ms;
  } else {
    // Still (or again, after a failed trial) broken: keep when it started,
    // tell what it says now, and wait longer before the next probe.
    if (!problem_) problem_ = AccountProblem{code, {}, now_ms};
    problem_->code = code;
    problem_->description = std::move(description);
    if (state_ == State::trial) probe_wait_ms_ = std::min(probe_wait_ms_ * 2, longest_probe_ms);
  }
  state_ = State::blocked;
  next_probe_ms_ = now_ms + probe_wait_ms_;
  return opened;
}

void AccountHealth::close(std::int64_t now_ms) {
  state_ = State::healthy;
  problem_.reset();
  closed_ms_ = now_ms;
  // probe_wait_ms_ stays: a relapse soon after goes on from it.
}

bool AccountHealth::message_accepted(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (state_ == State::healthy) return false;
  close(now_ms);
  return true;
}

bool AccountHealth::probe_worked(bool messages_waiting, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (state_ != State::blocked) return false;
  if (messages_waiting) {
    state_ = State::trial;
    return false;
  }
  close(now_ms);
  return true;
}

void AccountHealth::probe_failed(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (state_ != State::blocked) return;
  probe_wait_ms_ = std::min(probe_wait_ms_ * 2, longest_probe_ms);
  next_probe_ms_ = now_ms + probe_wait_ms_;
}

void AccountHealth::probe_now(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (state_ != State::blocked) return;
  probe_wait_ms_ = first_probe_ms;
  next_probe_ms_ = now_ms;
}

AccountHealth::State AccountHealth::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::optional<AccountProblem> AccountHealth::problem() const {
  std::lock_guard lock(mutex_);
  return problem_;
}

std::int64_t AccountHealth::next_probe_ms() const {
  std::lock_guard lock(mutex_);
  return next_probe_ms_;
}

void AccountHealth::template_status(const std::string& name, const std::string& status, const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (status == "APPROVED" || status == "REINSTATED") {
    templates_.erase(name);
    return;
  }
  templates_[name] = reason.empty() || reason == "NONE" ? status : status + ": " + reason;
}

std::map<std::string, std::string> AccountHealth::troubled_templates() const {
  std::lock_guard lock(mutex_);
  return templates_;
}

std::string AccountHealth::degraded_reason() const {
  std::lock_guard lock(mutex_);
  std::string reason;
  if (state_ != State::healthy && problem_) {
    reason = "WhatsApp cannot send (" + problem_->description + "); messages are kept until it can";
  }
  for (const auto& [name, status] : templates_) {
    if (!reason.empty()) reason += "; ";
    reason += "WhatsApp template " + name + " is " + status;
  }
  return reason;
}

std::string_view to_string(AccountHealth::State state) {
  switch (state) {
    case AccountHealth::State::healthy: return "healthy";
    case AccountHealth::State::blocked: return "blocked";
    case AccountHealth::State::trial: return "trial";
  }
  return "unknown";
}

}  // namespace baton
