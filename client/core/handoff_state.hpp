#pragma once
// Reading the relay's handoff answers (POST and GET /v1/sessions/{id}/handoff,
// DELETE .../call) and its call-back slots into the model. Links and images
// are taken only in the exact shapes the relay makes: a wa.me link and an
// SVG data URL, so nothing else can end up in an href or src.

#include <string_view>

#include "client/core/local_time.hpp"
#include "client/core/model.hpp"

namespace baton::client {

// State, agent and card from a handoff answer; false if it is not one.
bool read_handoff_answer(Model& m, std::string_view body, const LocalTime* local_time);

// The slots of GET /v1/availability/slots; false if it is not that.
bool read_slots(Model& m, std::string_view body, const LocalTime* local_time);

// "data:text/calendar,..." for an .ics text, for a download link.
std::string calendar_data_url(std::string_view ics);

}  // namespace baton::client
