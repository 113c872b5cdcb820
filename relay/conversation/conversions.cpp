#include "relay/conversation/conversions.hpp"

#include <algorithm>
#include <boost/json/object.hpp>

#include "relay/core/json_fields.hpp"
#include "relay/core/refusal.hpp"

namespace baton {
namespace {

constexpr std::size_t max_id_bytes = 64;
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

bool is_id(std::string_view text) {
  return !text.empty() && text.size() <= max_id_bytes && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool is_event_name(std::string_view text) {
  return !text.empty() && text.size() <= max_id_bytes && std::none_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

bool is_currency(std::string_view text) {
  return text.size() == 3 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

std::variant<ConversionRecord, std::string> conversion_from_json(const boost::json::value& body) {
  const auto* o = body.if_object();
  if (!o) return std::string("send {\"cid\", \"event\", \"value\", \"currency\"}");
  ConversionRecord c;
  c.cid = text_at(*o, "cid");
  if (!is_id(c.cid)) return std::string("cid is 1 to 64 letters, digits, _ or -, new for each conversion");
  c.event = text_at(*o, "event");
  if (!is_event_name(c.event)) return std::string("event is a name of 1 to 64 characters, such as purchase");
  if (const auto* value = o->if_contains("value"); value && !value->is_null()) {
    if (!value->is_number()) return std::string("value is a number");
    c.value = value->to_number<double>();
    if (!(c.value >= 0 && c.value <= max_conversion_value)) return std::string("value is from 0 to 10^12");
  }
  c.currency = text_at(*o, "currency");
  if (!c.currency.empty() && !is_currency(c.currency)) {
    return std::string("currency is an ISO 4217 code of three capital letters, such as EUR");
  }
  if (c.value > 0 && c.currency.empty()) return std::string("a value needs its currency, such as EUR");
  return c;
}

bool record_conversion_tx(SessionLog& log, ConversionRecord conversion) {
  auto& conversions = log.tx().conversions();
  if (conversions.count_since(conversion.session_id, log.now_ms() - day_ms) >= conversions_per_chat_per_day) {
    Refusal refusal{RefusalKind::too_many, "too_many_conversions",
                    "at most " + std::to_string(conversions_per_chat_per_day) + " conversions per chat a day"};
    refusal.retry_after_ms = 3'600'000;
    throw Refused(std::move(refusal));
  }
  conversion.at_ms = log.now_ms();
  if (!conversions.record(conversion)) return false;
  ++log.effects().conversions;
  return true;
}

}  // namespace baton
