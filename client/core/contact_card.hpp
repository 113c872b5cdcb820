#pragma once
// Contacts someone shared from WhatsApp, drawn as a card: a heading, then
// each person's name and number, the number a tel: link a phone can call.
// The relay writes them as "label: Name · +49 30 1234567", one person a
// line (relay/whatsapp/webhook_parser.cpp); the label is the relay's, in
// the reader's language, so the card heads itself in the widget's own.

#include <string>
#include <string_view>
#include <vector>

#include "client/core/dom_builder.hpp"
#include "client/core/language.hpp"

namespace baton::client {

struct SharedContact {
  std::string_view name;
  std::string_view phone;  // as written; may be empty
};

// The people in a contacts message's text, viewed in it.
std::vector<SharedContact> shared_contacts(std::string_view text);

// "tel:+49301234567" for "+49 30 1234567"; empty when it holds no digit.
std::string tel_link(std::string_view phone);

void draw_contact_card(DomBuilder& build, Node parent, Lang language, std::string_view text);

}  // namespace baton::client
