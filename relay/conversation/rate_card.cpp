#include "relay/conversation/rate_card.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

namespace baton {
namespace {

namespace json = boost::json;

constexpr std::size_t max_categories = 16;
constexpr double max_message_price = 100;
constexpr double max_token_price = 1000;

bool is_category(std::string_view name) {
  return !name.empty() && name.size() <= 40 &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

std::optional<double> price(const json::value* v, double most) {
  if (!v || v->is_null()) return 0.0;
  if (!v->is_number()) return std::nullopt;
  auto number = v->to_number<double>();
  if (!(number >= 0 && number <= most)) return std::nullopt;
  return number;
}

}  // namespace

std::variant<RateCard, std::string> rate_card_from_json(const json::value& value) {
  const auto* o = value.if_object();
  if (!o) return std::string("send {\"currency\", \"whatsapp\": {category: price}, \"model\": {...}}");
  RateCard card;
  const auto* currency = o->if_contains("currency");
  card.currency = currency && currency->is_string() ? std::string(currency->get_string()) : std::string();
  if (card.currency.size() != 3 ||
      !std::all_of(card.currency.begin(), card.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return std::string("currency is an ISO 4217 code of three capital letters, such as USD");
  }
  if (const auto* whatsapp = o->if_contains("whatsapp"); whatsapp && !whatsapp->is_null()) {
    const auto* prices = whatsapp->if_object();
    if (!prices || prices->size() > max_categories) {
      return std::string("whatsapp is at most 16 pricing categories, each with its price per billable message");
    }
    for (const auto& [name, given] : *prices) {
      auto amount = price(&given, max_message_price);
      if (!is_category(name) || !amount) {
        return "the price of WhatsApp's " + std::string(name) + " messages is a number from 0 to 100";
      }
      card.whatsapp[std::string(name)] = *amount;
    }
  }
  if (const auto* model = o->if_contains("model"); model && !model->is_null()) {
    const auto* prices = model->if_object();
    auto input = prices ? price(prices->if_contains("input_per_1k"), max_token_price) : std::nullopt;
    auto output = prices ? price(prices->if_contains("output_per_1k"), max_token_price) : std::nullopt;
    if (!input || !output) return std::string("the model's prices per 1,000 input and output tokens are 0 to 1000");
    card.input_per_1k = *input;
    card.output_per_1k = *output;
  }
  return card;
}

json::value rate_card_to_json(const RateCard& card) {
  json::object whatsapp;
  for (const auto& [name, amount] : card.whatsapp) whatsapp[name] = amount;
  return json::object{
      {"currency", card.currency},
      {"whatsapp", std::move(whatsapp)},
      {"model", json::object{{"input_per_1k", card.input_per_1k}, {"output_per_1k", card.output_per_1k}}}};
}

std::optional<RateCard> stored_rate_card(StoreTx& tx) {
  auto stored = tx.settings().get(rate_card_key);
  if (!stored) return std::nullopt;
  boost::system::error_code ec;
  auto value = json::parse(*stored, ec);
  if (ec) return std::nullopt;
  auto card = rate_card_from_json(value);
  if (auto* read = std::get_if<RateCard>(&card)) return *read;
  return std::nullopt;
}

ChatCost cost_of(const ChatUsage& usage, const RateCard& card) {
  ChatCost cost;
  for (const auto& [category, count] : usage.billable_messages) {
    // A category the card does not name costs what the owner has not said: 0.
    if (auto it = card.whatsapp.find(category); it != card.whatsapp.end()) {
      cost.whatsapp += it->second * static_cast<double>(count);
    }
  }
  cost.model = (static_cast<double>(usage.input_tokens) * card.input_per_1k +
                static_cast<double>(usage.output_tokens) * card.output_per_1k) /
               1000.0;
  return cost;
}

}  // namespace baton
