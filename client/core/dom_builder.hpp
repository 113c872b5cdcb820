#pragma once
// Terse element creation for the view code.

#include <initializer_list>
#include <string_view>
#include <utility>

#include "client/core/dom.hpp"

namespace baton::client {

class DomBuilder {
 public:
  explicit DomBuilder(Dom& dom) : dom_(dom) {}

  // <tag class="…" name="value"…>text</tag>, appended to `parent`.
  Node element(Node parent, std::string_view tag, std::string_view css_class = {},
               std::initializer_list<std::pair<std::string_view, std::string_view>> attributes = {},
               std::string_view text = {}) {
    Node node = dom_.create(tag);
    if (!css_class.empty()) dom_.set_attribute(node, "class", css_class);
    for (const auto& [name, value] : attributes) dom_.set_attribute(node, name, value);
    if (!text.empty()) dom_.set_text(node, text);
    dom_.append(parent, node);
    return node;
  }

  void show(Node node, bool visible) {
    if (visible) dom_.remove_attribute(node, "hidden");
    else dom_.set_attribute(node, "hidden", "");
  }

  Dom& dom() { return dom_; }

 private:
  Dom& dom_;
};

}  // namespace baton::client
