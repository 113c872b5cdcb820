#include "client/core/handoff_state.hpp"

#include <algorithm>

#include "client/core/json_text.hpp"
#include "common/percent_encoding.hpp"
#include "common/time_format.hpp"

namespace baton::client {
namespace {

std::string utc_label(std::int64_t ms) {
  auto text = format_rfc3339(ms);  // 2026-11-27T14:00:00.000Z
  return text.substr(0, 10) + " " + text.substr(11, 5) + " UTC";
}

std::string day_time(std::int64_t ms, const LocalTime* local_time, Lang language) {
  return local_time ? local_time->day_time(ms, to_string(language)) : utc_label(ms);
}

std::string day_of(std::int64_t ms, const LocalTime* local_time, Lang language) {
  return local_time ? local_time->day(ms, to_string(language)) : format_rfc3339(ms).substr(0, 10);
}

std::string time_of_day(std::int64_t ms, const LocalTime* local_time, Lang language) {
  return local_time ? local_time->time(ms, to_string(language)) : format_rfc3339(ms).substr(11, 5);
}

bool safe_link(std::string_view link) { return link.starts_with("https://wa.me/"); }
bool safe_image(std::string_view src) { return src.starts_with("data:image/svg+xml;base64,"); }

}  // namespace

bool read_handoff_answer(Model& m, std::string_view body, const LocalTime* local_time) {
  auto doc = json::parse_object(body);
  if (!doc) return false;
  auto state = session_state_from_string(json::string_at(*doc, "state"));
  if (!state) return false;
  m.state = *state;
  m.agent = json::string_at(*doc, "agent");
  HandoffCard card;
  card.mode = handoff_mode_from_string(json::string_at(*doc, "mode")).value_or(HandoffMode::live);
  bool shown = false;
  if (const auto* wa = json::member(*doc, "whatsapp"); wa && wa->IsObject()) {
    card.whatsapp_phone = json::string_at(*wa, "phone");
    auto link = json::string_at(*wa, "link");
    auto qr = json::string_at(*wa, "qr");
    if (safe_link(link)) card.whatsapp_link = link;
    if (safe_image(qr)) card.whatsapp_qr = qr;
    card.whatsapp_joined = json::bool_at(*wa, "joined");
    // A chat that has ended needs no way back into it.
    shown = m.state == SessionState::waiting || m.state == SessionState::live;
  }
  if (const auto* call = json::member(*doc, "call"); call && call->IsObject()) {
    auto start = parse_rfc3339(json::string_at(*call, "start"));
    auto end = parse_rfc3339(json::string_at(*call, "end"));
    if (start && end) {
      card.call_when = day_time(*start, local_time, m.language) + "–" + time_of_day(*end, local_time, m.language);
      card.call_phone = json::string_at(*call, "phone");
      card.call_ics = json::string_at(*call, "ics");
      shown = true;
    }
  }
  if (shown) m.card = card;
  else m.card.reset();
  return true;
}

bool read_slots(Model& m, std::string_view body, const LocalTime* local_time) {
  auto doc = json::parse_object(body);
  const auto* list = doc ? json::member(*doc, "slots") : nullptr;
  if (!list || !list->IsArray()) return false;
  m.slots.choices.clear();
  for (const auto& slot : list->GetArray()) {
    if (!slot.IsObject()) continue;
    auto start = json::string_at(slot, "start");
    auto start_ms = parse_rfc3339(start);
    if (!start_ms) continue;
    m.slots.choices.push_back(
        SlotChoice{start, day_of(*start_ms, local_time, m.language), time_of_day(*start_ms, local_time, m.language)});
  }
  // The day shown stays when it still has times; else the first day.
  bool kept = std::any_of(m.slots.choices.begin(), m.slots.choices.end(),
                          [&](const SlotChoice& c) { return c.day == m.form.slot_day; });
  if (!kept) m.form.slot_day = m.slots.choices.empty() ? std::string() : m.slots.choices.front().day;
  m.slots.loaded = true;
  return true;
}

std::string calendar_data_url(std::string_view ics) {
  // ':' and '@' are common in calendar text and safe in a data: URL.
  return "data:text/calendar;charset=utf-8," + percent_encode(ics, ":@");
}

}  // namespace baton::client
