#include "client/core/contact_card.hpp"

namespace baton::client {
namespace {

constexpr std::string_view name_phone_separator = " · ";

bool looks_like_phone(std::string_view text) {
  return !text.empty() && (text.front() == '+' || (text.front() >= '0' && text.front() <= '9'));
}

// Calls `each` with every person in the text, in order.
template <class Each>
void for_each_contact(std::string_view text, Each&& each) {
  // The relay's label ends at the first ": ".
  auto colon = text.find(": ");
  if (colon == std::string_view::npos) return;
  text.remove_prefix(colon + 2);
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) continue;
    SharedContact contact;
    if (auto at = line.rfind(name_phone_separator); at != std::string_view::npos) {
      contact.name = line.substr(0, at);
      contact.phone = line.substr(at + name_phone_separator.size());
    } else if (looks_like_phone(line)) {
      contact.phone = line;
    } else {
      contact.name = line;
    }
    each(contact);
  }
}

}  // namespace

std::vector<SharedContact> shared_contacts(std::string_view text) {
  std::vector<SharedContact> out;
  for_each_contact(text, [&](const SharedContact& contact) { out.push_back(contact); });
  return out;
}

std::string tel_link(std::string_view phone) {
  std::string link = phone.starts_with('+') ? "tel:+" : "tel:";
  auto bare = link.size();
  for (char c : phone) {
    if (c >= '0' && c <= '9') link += c;
  }
  return link.size() == bare ? std::string() : link;
}

void draw_contact_card(DomBuilder& build, Node parent, Lang language, std::string_view text) {
  Node card = build.element(parent, "div", "contact-card");
  build.element(card, "p", "contact-heading", {}, client::text(language, Text::shared_contact));
  for_each_contact(text, [&](const SharedContact& contact) {
    Node row = build.element(card, "p", "contact");
    if (!contact.name.empty()) build.element(row, "span", "contact-name", {}, contact.name);
    if (auto link = tel_link(contact.phone); !link.empty()) {
      build.element(row, "a", "contact-phone", {{"href", link}}, contact.phone);
    } else if (!contact.phone.empty()) {
      build.element(row, "span", "contact-phone", {}, contact.phone);
    }
  });
}

}  // namespace baton::client
