#include "relay/whatsapp/graph_result.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <set>

namespace baton {
namespace {

// Codes worth retrying unchanged: Meta's own "try again" family.
const std::set<std::int64_t> transient_codes{1, 2, 131000, 131016, 131057, 133004, 131045};
// Codes that mean "too fast for this number or app".
const std::set<std::int64_t> throttle_codes{4, 80007, 130429, 131048};
// Codes that stop every message, not just this one: the token expired or was
// revoked (190, 102), the token lacks a permission (10, 200-299, 131005), the
// account is restricted or locked for a policy (368, 131031), or it cannot
// pay (131042). Sending more only collects more of the same error.
const std::set<std::int64_t> account_codes{190, 102, 10, 131005, 368, 131031, 131042};

SendOutcome outcome(SendOutcome::Kind kind, std::int64_t code, std::string description) {
  SendOutcome o;
  o.kind = kind;
  o.code = code;
  o.description = std::move(description);
  return o;
}

}  // namespace

SendOutcome::Kind kind_of_error(std::int64_t code, std::int64_t subcode) {
  using Kind = SendOutcome::Kind;
  if (code == 131047) return Kind::window_closed;
  if (code == 131056) return Kind::throttled_recipient;
  if (throttle_codes.contains(code)) return Kind::throttled;
  if (transient_codes.contains(code)) return Kind::retry;
  if (account_codes.contains(code) || (code >= 200 && code <= 299) || (code == 100 && subcode == 33)) {
    return Kind::account;
  }
  return Kind::permanent;
}

SendOutcome classify(const GraphResult& r) {
  using Kind = SendOutcome::Kind;
  if (r.transport == GraphResult::Transport::not_sent) return outcome(Kind::retry, 0, "not sent: " + r.detail);
  if (r.transport == GraphResult::Transport::lost) return outcome(Kind::in_doubt, 0, "no answer: " + r.detail);

  boost::system::error_code ec;
  auto body = boost::json::parse(r.body, ec);
  const auto* root = ec ? nullptr : body.if_object();

  if (r.http_status >= 200 && r.http_status < 300) {
    if (root) {
      if (const auto* messages = root->if_contains("messages"); messages && messages->is_array()) {
        const auto& list = messages->get_array();
        if (!list.empty() && list[0].is_object()) {
          if (const auto* id = list[0].get_object().if_contains("id"); id && id->is_string()) {
            SendOutcome o;
            o.kind = Kind::accepted;
            o.wamid = std::string(id->get_string());
            return o;
          }
        }
      }
    }
    // A success without an id: it may have been accepted.
    return outcome(Kind::in_doubt, 0, "HTTP " + std::to_string(r.http_status) + " without a message id");
  }

  const boost::json::object* error = nullptr;
  if (root) {
    if (const auto* e = root->if_contains("error")) error = e->if_object();
  }
  if (!error) {
    auto text = "HTTP " + std::to_string(r.http_status) + " without a Graph error";
    if (r.http_status >= 500 || r.http_status == 408) return outcome(Kind::retry, 0, text);
    if (r.http_status == 429) return outcome(Kind::throttled, 0, text);
    return outcome(Kind::permanent, 0, text);
  }

  auto number = [&](std::string_view name) -> std::int64_t {
    const auto* value = error->if_contains(name);
    const auto* n = value ? value->if_int64() : nullptr;
    return n ? *n : 0;
  };
  std::int64_t code = number("code");
  std::string description;
  if (const auto* m = error->if_contains("message"); m && m->is_string()) description = m->get_string();
  if (const auto* data = error->if_contains("error_data"); data && data->is_object()) {
    if (const auto* d = data->get_object().if_contains("details"); d && d->is_string() && !d->get_string().empty()) {
      description += ": " + std::string(d->get_string());
    }
  }
  if (description.empty()) description = "Graph error " + std::to_string(code);

  auto kind = kind_of_error(code, number("error_subcode"));
  // A code with no rule that keeps the message follows the HTTP status, as
  // an answer without a Graph error does: 429 is "too fast" and 5xx "try
  // again" (found on review: a 429 with a code not listed above failed its
  // message for good).
  if (kind == Kind::permanent && r.http_status == 429) return outcome(Kind::throttled, code, description);
  if (kind == Kind::permanent && (r.http_status >= 500 || r.http_status == 408)) {
    return outcome(Kind::retry, code, description);
  }
  return outcome(kind, code, description);
}

}  // namespace baton
