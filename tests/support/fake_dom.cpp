#include "tests/support/fake_dom.hpp"

#include <algorithm>
#include <stdexcept>

namespace baton::test {

FakeDom::FakeDom() { elements_[0] = Element{"div", {}, {}, {}, -1, {}, {}, false}; }

FakeDom::Element& FakeDom::at(client::Node node) {
  auto it = elements_.find(node);
  if (it == elements_.end()) throw std::logic_error("unknown node " + std::to_string(node));
  return it->second;
}

client::Node FakeDom::create(std::string_view tag) {
  auto node = next_++;
  elements_[node].tag = tag;
  return node;
}

client::Node FakeDom::create_text(std::string_view text) {
  auto node = create("#text");
  at(node).text = text;
  return node;
}

void FakeDom::set_text(client::Node node, std::string_view text) {
  clear(node);
  at(node).text = text;
}

void FakeDom::set_attribute(client::Node node, std::string_view name, std::string_view value) {
  at(node).attributes[std::string(name)] = value;
}

void FakeDom::remove_attribute(client::Node node, std::string_view name) {
  at(node).attributes.erase(std::string(name));
}

void FakeDom::append(client::Node parent, client::Node child) {
  auto& c = at(child);
  if (c.parent >= 0) std::erase(at(c.parent).children, child);
  c.parent = parent;
  at(parent).children.push_back(child);
}

void FakeDom::clear(client::Node node) {
  auto children = at(node).children;
  for (auto child : children) {
    clear(child);
    elements_.erase(child);
  }
  at(node).children.clear();
  at(node).text.clear();
}

void FakeDom::show_file(client::Node node, std::string_view attribute, std::string_view path, std::string_view bearer) {
  files_shown.push_back({node, std::string(attribute), std::string(path), std::string(bearer)});
  set_attribute(node, attribute, "blob:" + std::string(path));
}

void FakeDom::listen(client::Node node, client::DomEvent event) { at(node).listeners.insert(event); }

void FakeDom::set_launcher(bool open, std::string_view label, std::string_view badge_text,
                           std::string_view badge_label_text) {
  launcher_open = open;
  launcher_label = label;
  badge = badge_text;
  badge_label = badge_label_text;
}

std::string FakeDom::text_of(client::Node node) {
  auto& e = at(node);
  std::string out = e.text;
  for (auto child : e.children) out += text_of(child);
  return out;
}

bool FakeDom::visible(client::Node node) {
  for (auto n = node; n >= 0; n = at(n).parent) {
    if (at(n).attributes.contains("hidden")) return false;
  }
  return true;
}

std::optional<client::Node> FakeDom::find(const std::string& attribute, const std::string& value) {
  for (auto& [node, e] : elements_) {
    auto it = e.attributes.find(attribute);
    if (it != e.attributes.end() && it->second == value && visible(node)) return node;
  }
  return std::nullopt;
}

std::optional<client::Node> FakeDom::find_tag_with_text(const std::string& tag, const std::string& text) {
  for (auto& [node, e] : elements_) {
    if (e.tag == tag && text_of(node).find(text) != std::string::npos && visible(node)) return node;
  }
  return std::nullopt;
}

std::vector<client::Node> FakeDom::all_with_tag(const std::string& tag) {
  std::vector<client::Node> out;
  for (auto& [node, e] : elements_) {
    if (e.tag == tag) out.push_back(node);
  }
  return out;
}

}  // namespace baton::test
