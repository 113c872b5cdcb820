#pragma once
// A place someone shared from WhatsApp: its name and address, and a link
// that opens the map there, instead of the map's long address. The relay
// writes it as "📍 name, address https://www.openstreetmap.org/…"
// (relay/whatsapp/webhook_parser.cpp).

#include <string>
#include <string_view>

#include "client/core/dom_builder.hpp"
#include "client/core/language.hpp"

namespace baton::client {

struct SharedPlace {
  std::string_view where;  // name and address; may be empty
  std::string_view map;    // an https link; empty when the text holds none
};

// The place in a location message's text, viewed in it.
SharedPlace shared_place(std::string_view text);

void draw_place(DomBuilder& build, Node parent, Lang language, std::string_view text);

}  // namespace baton::client
