#pragma once
// Conversions (docs/metrics.md, "Conversion"): the page in the browser that
// had a chat reports a success with ChatWidget.track(event, {value,
// currency}); the loader posts it to /v1/sessions/{id}/conversions with the
// chat's token. Each is kept once per page-chosen id, and the metrics count
// a chat as converted when one came within the owner's window.

#include <boost/json/value.hpp>
#include <string>
#include <variant>

#include "relay/conversation/session_log.hpp"

namespace baton {

inline constexpr std::int64_t conversions_per_chat_per_day = 100;
inline constexpr double max_conversion_value = 1e12;

// {"cid", "event", "value"?, "currency"?}: cid 1 to 64 of A-Z a-z 0-9 _ -,
// event 1 to 64 bytes without control characters, value a number from 0 to
// 10^12 (absent: 0), currency three capital letters (ISO 4217), required
// with a value above 0. The record (session and time left empty), or what is
// wrong with it.
std::variant<ConversionRecord, std::string> conversion_from_json(const boost::json::value& body);

// True when stored, false for a cid the chat already had. Refused too_many
// past conversions_per_chat_per_day.
bool record_conversion_tx(SessionLog& log, ConversionRecord conversion);

}  // namespace baton
