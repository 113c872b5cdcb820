#include "client/core/place_view.hpp"

namespace baton::client {

SharedPlace shared_place(std::string_view text) {
  SharedPlace place;
  // Only the relay's own link: a name may end with any address its sender typed.
  auto link = text.rfind("https://www.openstreetmap.org/");
  if (link != std::string_view::npos && text.find_first_of(" \n", link) == std::string_view::npos) {
    place.map = text.substr(link);
    text = text.substr(0, link);
  }
  constexpr std::string_view pin = "📍";
  if (text.starts_with(pin)) text.remove_prefix(pin.size());
  auto first = text.find_first_not_of(" \n");
  auto last = text.find_last_not_of(" \n");
  if (first != std::string_view::npos) place.where = text.substr(first, last - first + 1);
  return place;
}

void draw_place(DomBuilder& build, Node parent, Lang language, std::string_view text) {
  auto place = shared_place(text);
  Node card = build.element(parent, "div", "place");
  build.element(card, "p", "place-name", {},
                place.where.empty() ? client::text(language, Text::shared_place) : place.where);
  if (!place.map.empty()) {
    build.element(card, "a", "place-map", {{"href", place.map}, {"target", "_blank"}, {"rel", "noopener noreferrer"}},
                  client::text(language, Text::open_map));
  }
}

}  // namespace baton::client
