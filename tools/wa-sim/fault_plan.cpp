#include "tools/wa-sim/fault_plan.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "common/phone.hpp"
#include "tools/wa-sim/json_fields.hpp"

namespace baton::sim {
namespace {

using boost::json::object;

constexpr std::array<std::pair<FaultKind, std::string_view>, 15> kind_names{{
    {FaultKind::error, "error"},
    {FaultKind::http_status, "http_status"},
    {FaultKind::slow, "slow"},
    {FaultKind::drop_response, "drop_response"},
    {FaultKind::reject, "reject"},
    {FaultKind::duplicate_webhooks, "duplicate_webhooks"},
    {FaultKind::reorder_statuses, "reorder_statuses"},
    {FaultKind::batch_statuses, "batch_statuses"},
    {FaultKind::undeliverable, "undeliverable"},
    {FaultKind::window, "window"},
    {FaultKind::account, "account"},
    {FaultKind::late_failure, "late_failure"},
    {FaultKind::media_upload, "media_upload"},
    {FaultKind::media_download, "media_download"},
    {FaultKind::media_expired, "media_expired"},
}};

bool is_send_fault(FaultKind kind) {
  return kind == FaultKind::error || kind == FaultKind::http_status || kind == FaultKind::slow ||
         kind == FaultKind::drop_response;
}

// A whole number in [min, max] at o[key], or `fallback` when absent.
std::optional<std::int64_t> integer(const object& o, std::string_view key, std::int64_t fallback, std::int64_t min,
                                    std::int64_t max) {
  const auto* v = fields::find(o, key);
  if (!v) return fallback;
  std::int64_t n = 0;
  if (auto i = v->if_int64()) n = *i;
  else if (auto u = v->if_uint64(); u && *u <= static_cast<std::uint64_t>(max)) n = static_cast<std::int64_t>(*u);
  else return std::nullopt;
  if (n < min || n > max) return std::nullopt;
  return n;
}

}  // namespace

std::string_view to_string(FaultKind kind) {
  for (const auto& [k, name] : kind_names) {
    if (k == kind) return name;
  }
  return "error";
}

std::optional<std::string> FaultPlan::parse(const boost::json::value& item, FaultRule& rule) {
  const auto* o = item.if_object();
  if (!o) return "a fault rule must be a JSON object";
  auto kind = fields::string_or(*o, "kind");
  auto found = std::find_if(kind_names.begin(), kind_names.end(),
                            [&](const auto& entry) { return entry.second == kind; });
  if (found == kind_names.end()) return "unknown fault kind \"" + std::string(kind) + "\"";
  rule.kind = found->first;
  auto count = integer(*o, "count", 1, 1, 1000000);
  if (!count) return "count must be a whole number from 1 to 1000000";
  rule.remaining = static_cast<std::uint32_t>(*count);
  switch (rule.kind) {
    case FaultKind::error: {
      auto code = integer(*o, "code", 131000, 0, 99999999);
      if (!code) return "code must be a Graph error code such as 131000";
      rule.code = *code;
      break;
    }
    case FaultKind::http_status: {
      auto status = integer(*o, "status", 503, 100, 599);
      if (!status) return "status must be an HTTP status from 100 to 599";
      rule.status = static_cast<unsigned>(*status);
      break;
    }
    case FaultKind::slow: {
      auto delay = integer(*o, "delay_ms", 2000, 0, 600000);
      if (!delay) return "delay_ms must be a whole number of milliseconds up to 600000";
      rule.delay_ms = *delay;
      break;
    }
    case FaultKind::undeliverable: {
      auto phone = normalize_e164(fields::string_or(*o, "phone"));
      if (!phone) return "phone must be an E.164 number such as +15551230001";
      rule.phone = *phone;
      break;
    }
    case FaultKind::account: {
      auto code = integer(*o, "code", 190, 1, 99999999);
      if (!code) return "code must be a Graph error code such as 190, 368, 131031 or 131042";
      rule.code = *code;
      break;
    }
    case FaultKind::late_failure: {
      auto code = integer(*o, "code", 131000, 1, 99999999);
      if (!code) return "code must be a Graph error code such as 131000";
      rule.code = *code;
      auto after = fields::string_or(*o, "after", "sent");
      if (after != "sent" && after != "delivered") return "after must be sent or delivered";
      rule.after_delivered = after == "delivered";
      break;
    }
    case FaultKind::media_upload: {
      auto code = integer(*o, "code", 131053, 1, 99999999);
      if (!code) return "code must be a Graph error code such as 131053 or 131016";
      rule.code = *code;
      break;
    }
    case FaultKind::media_download: {
      auto status = integer(*o, "status", 500, 400, 599);
      if (!status) return "status must be an HTTP status from 400 to 599";
      rule.status = static_cast<unsigned>(*status);
      break;
    }
    case FaultKind::window: {
      auto mode = fields::string_or(*o, "mode");
      if (mode != "sync" && mode != "async") return "mode must be sync or async";
      rule.window = mode == "sync" ? WindowErrors::sync : WindowErrors::async;
      break;
    }
    default: break;
  }
  return std::nullopt;
}

std::optional<std::string> FaultPlan::add(const boost::json::value& request) {
  std::vector<FaultRule> rules;
  const auto* o = request.if_object();
  const auto* list = o ? fields::array_at(*o, "rules") : nullptr;
  if (o && fields::given(*o, "rules") && !list) return "rules must be an array";
  if (list) {
    for (const auto& item : *list) {
      FaultRule rule;
      if (auto error = parse(item, rule)) return error;
      rules.push_back(std::move(rule));
    }
  } else {
    FaultRule rule;
    if (auto error = parse(request, rule)) return error;
    rules.push_back(std::move(rule));
  }
  for (auto& rule : rules) {
    if (rule.kind == FaultKind::undeliverable) undeliverable_.insert(rule.phone);
    else if (rule.kind == FaultKind::account) account_ = rule.code;
    else if (rule.kind == FaultKind::window) window_ = rule.window;
    else counted_.push_back(std::move(rule));
  }
  return std::nullopt;
}

std::optional<FaultRule> FaultPlan::take_send_fault() {
  auto it = std::find_if(counted_.begin(), counted_.end(), [](const auto& rule) { return is_send_fault(rule.kind); });
  if (it == counted_.end()) return std::nullopt;
  FaultRule rule = *it;
  if (--it->remaining == 0) counted_.erase(it);
  return rule;
}

std::optional<FaultRule> FaultPlan::take_late_failure() { return take_rule(FaultKind::late_failure); }

std::optional<FaultRule> FaultPlan::take_rule(FaultKind kind) {
  auto it = std::find_if(counted_.begin(), counted_.end(), [kind](const auto& rule) { return rule.kind == kind; });
  if (it == counted_.end()) return std::nullopt;
  FaultRule rule = *it;
  if (--it->remaining == 0) counted_.erase(it);
  return rule;
}

bool FaultPlan::take(FaultKind kind) { return take_rule(kind).has_value(); }

boost::json::array FaultPlan::to_json() const {
  boost::json::array out;
  for (const auto& rule : counted_) {
    object item{{"kind", to_string(rule.kind)}, {"count", rule.remaining}};
    if (rule.kind == FaultKind::error || rule.kind == FaultKind::media_upload) item["code"] = rule.code;
    if (rule.kind == FaultKind::http_status || rule.kind == FaultKind::media_download) item["status"] = rule.status;
    if (rule.kind == FaultKind::slow) item["delay_ms"] = rule.delay_ms;
    if (rule.kind == FaultKind::late_failure) {
      item["code"] = rule.code;
      item["after"] = rule.after_delivered ? "delivered" : "sent";
    }
    out.push_back(std::move(item));
  }
  for (const auto& phone : undeliverable_) out.push_back(object{{"kind", "undeliverable"}, {"phone", phone}});
  if (account_) out.push_back(object{{"kind", "account"}, {"code", *account_}});
  if (window_ != default_window_) {
    out.push_back(object{{"kind", "window"}, {"mode", window_ == WindowErrors::sync ? "sync" : "async"}});
  }
  return out;
}

void FaultPlan::clear() {
  counted_.clear();
  undeliverable_.clear();
  account_.reset();
  window_ = default_window_;
}

}  // namespace baton::sim
