#include "relay/conversation/widget_look.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cmath>
#include <cstdio>

#include "common/lang.hpp"
#include "common/utf8.hpp"
#include "relay/core/json_fields.hpp"

namespace baton {
namespace {

namespace json = boost::json;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One channel of sRGB, linearized as WCAG 2 defines relative luminance.
double linear(int channel) {
  double c = channel / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 && c != '\n';
  });
}

}  // namespace

std::optional<double> contrast_with_white(std::string_view color) {
  if (color.size() != 7 || color[0] != '#') return std::nullopt;
  int rgb[3];
  for (int i = 0; i < 3; ++i) {
    int high = hex_digit(color[static_cast<std::size_t>(1 + 2 * i)]);
    int low = hex_digit(color[static_cast<std::size_t>(2 + 2 * i)]);
    if (high < 0 || low < 0) return std::nullopt;
    rgb[i] = high * 16 + low;
  }
  double luminance = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
  return 1.05 / (luminance + 0.05);
}

std::variant<WidgetLook, std::string> widget_look_from_json(const json::value& value) {
  const auto* o = value.if_object();
  if (!o) {
    return std::string(
        "send {\"color\", \"position\", \"launcher_label\", \"theme\", \"greeting\", \"ways\", \"lang\"}");
  }
  WidgetLook look;
  look.color = text_at(*o, "color");
  std::transform(look.color.begin(), look.color.end(), look.color.begin(),
                 [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  if (!look.color.empty()) {
    auto contrast = contrast_with_white(look.color);
    if (!contrast) return std::string("the colour is a hex colour such as #0b57d0");
    if (*contrast < 4.5) {
      char ratio[16];
      std::snprintf(ratio, sizeof ratio, "%.1f", *contrast);
      return "white text on " + look.color + " is hard to read (contrast " + ratio +
             ":1, at least 4.5:1 is needed): choose a darker colour";
    }
  }
  look.position = text_at(*o, "position");
  if (!look.position.empty() && look.position != "right" && look.position != "left") {
    return std::string("the position is right or left");
  }
  look.theme = text_at(*o, "theme");
  if (!look.theme.empty() && look.theme != "light" && look.theme != "dark") {
    return std::string("the theme is light, dark, or empty to follow the visitor's system");
  }
  look.launcher_label = text_at(*o, "launcher_label");
  if (look.launcher_label.size() > max_launcher_label_bytes || !utf8::is_valid(look.launcher_label) ||
      has_control_characters(look.launcher_label) || look.launcher_label.find('\n') != std::string::npos) {
    return "the launcher label is one line of at most " + std::to_string(max_launcher_label_bytes) + " characters";
  }
  look.greeting = text_at(*o, "greeting");
  if (look.greeting.size() > max_greeting_bytes || !utf8::is_valid(look.greeting) ||
      has_control_characters(look.greeting)) {
    return "the greeting is text of at most " + std::to_string(max_greeting_bytes) + " characters";
  }
  look.lang = text_at(*o, "lang");
  if (!look.lang.empty() && (look.lang.size() != 2 || !lang_from_tag(look.lang))) {
    return std::string("the default language is en, es, pt, fr, de or ar, or empty for English");
  }
  if (const auto* ways = o->if_contains("ways"); ways && !ways->is_null()) {
    const auto* list = ways->if_array();
    if (!list) return std::string("ways is a list such as [\"live\", \"whatsapp\", \"callback\", \"email\"]");
    for (const auto& item : *list) {
      auto mode = item.is_string() ? handoff_mode_from_string(std::string_view(item.get_string())) : std::nullopt;
      if (!mode) return std::string("each way is live, whatsapp, callback or email");
      if (std::find(look.ways.begin(), look.ways.end(), *mode) == look.ways.end()) look.ways.push_back(*mode);
    }
    if (look.ways.empty()) return std::string("offer at least one way to a person");
  }
  return look;
}

json::value widget_look_to_json(const WidgetLook& look) {
  json::array ways;
  for (auto mode : look.ways) ways.emplace_back(to_string(mode));
  return json::object{{"color", look.color}, {"position", look.position}, {"launcher_label", look.launcher_label},
                      {"theme", look.theme}, {"greeting", look.greeting}, {"ways", std::move(ways)},
                      {"lang", look.lang}};
}

json::value widget_look_for_loader(const WidgetLook& look) {
  json::object out;
  for (auto [key, field] : {std::pair{"color", &look.color}, std::pair{"position", &look.position},
                            std::pair{"launcher_label", &look.launcher_label}, std::pair{"theme", &look.theme},
                            std::pair{"lang", &look.lang}}) {
    if (!field->empty()) out[key] = *field;
  }
  return out;
}

bool offers(const WidgetLook& look, HandoffMode mode) {
  return look.ways.empty() || std::find(look.ways.begin(), look.ways.end(), mode) != look.ways.end();
}

}  // namespace baton
