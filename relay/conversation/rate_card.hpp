#pragma once
// What the site owner pays, as they set it on the admin page
// (docs/metrics.md, "Cost per resolution"): a price per billable WhatsApp
// message in each of Meta's pricing categories, and a price per 1,000 of
// the model's input and output tokens, in one currency. Kept in the
// settings table; without one, cost is not measured.

#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "relay/store/store_tx.hpp"

namespace baton {

struct RateCard {
  std::string currency;                    // ISO 4217
  std::map<std::string, double> whatsapp;  // category -> price per billable message
  double input_per_1k = 0;
  double output_per_1k = 0;

  friend bool operator==(const RateCard&, const RateCard&) = default;
};

inline constexpr std::string_view rate_card_key = "rate_card";

// {"currency", "whatsapp": {"marketing": 0.05, ...}, "model": {"input_per_1k", "output_per_1k"}}:
// the card, or what is wrong with it.
std::variant<RateCard, std::string> rate_card_from_json(const boost::json::value& value);
boost::json::value rate_card_to_json(const RateCard& card);

// The stored card, if there is a readable one.
std::optional<RateCard> stored_rate_card(StoreTx& tx);

// What a chat cost on this card.
struct ChatCost {
  double whatsapp = 0;
  double model = 0;
};
ChatCost cost_of(const ChatUsage& usage, const RateCard& card);

}  // namespace baton
