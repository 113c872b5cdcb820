#pragma once
// The widget's look and words as the site owner sets them on the admin page
// (docs/admin.md, "The widget"): brand colour, side, launcher label, theme,
// greeting, default language, and which ways to a person are offered. The loader reads the
// look from GET /v1/widget/check before it draws the launcher (a page's own
// data-* attributes win); the relay applies the greeting and the ways.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/protocol/handoff.hpp"

namespace baton {

struct WidgetLook {
  std::string color;              // "#rrggbb", white text readable on it; empty: the widget's own
  std::string position;           // "right" or "left"; empty: right
  std::string launcher_label;     // words beside the launcher's icon; empty: the icon alone
  std::string theme;              // "light", "dark"; empty: the visitor's system
  std::string greeting;           // the assistant's first message; empty: the relay's
  std::vector<HandoffMode> ways;  // offered, in the widget's order; empty: every way this relay can do
  std::string lang;               // the widget's language when the browser's is none of the six; empty: English

  friend bool operator==(const WidgetLook&, const WidgetLook&) = default;
};

inline constexpr std::size_t max_launcher_label_bytes = 40;
inline constexpr std::size_t max_greeting_bytes = 500;

// The contrast of white text on an "#rrggbb" background (WCAG 2 ratio, 1 to
// 21); nullopt if it is not such a colour.
std::optional<double> contrast_with_white(std::string_view color);

// The look, or what is wrong with it: a colour white text is hard to read
// on (below 4.5:1) is refused with the ratio.
std::variant<WidgetLook, std::string> widget_look_from_json(const boost::json::value& value);
boost::json::value widget_look_to_json(const WidgetLook& look);
// What the loader needs (GET /v1/widget/check): the set parts of the look.
boost::json::value widget_look_for_loader(const WidgetLook& look);

// Whether `mode` is offered under this look.
bool offers(const WidgetLook& look, HandoffMode mode);

}  // namespace baton
