#pragma once
// The DOM interface on a real browser: elements live in a JavaScript table
// (Module.baton.nodes) under the widget's shadow root; C++ holds their index.

#include "client/core/dom.hpp"

namespace baton::client {

class BrowserDom final : public Dom {
 public:
  Node root() override { return 0; }
  Node create(std::string_view tag) override;
  Node create_text(std::string_view text) override;
  void set_text(Node node, std::string_view text) override;
  void set_attribute(Node node, std::string_view name, std::string_view value) override;
  void remove_attribute(Node node, std::string_view name) override;
  void append(Node parent, Node child) override;
  void clear(Node node) override;
  void listen(Node node, DomEvent event) override;
  std::string value(Node node) override;
  void set_value(Node node, std::string_view value) override;
  bool checked(Node node) override;
  void set_checked(Node node, bool checked) override;
  void focus(Node node) override;
  void pick_file(Node input) override;
  void show_file(Node node, std::string_view attribute, std::string_view path, std::string_view bearer) override;
  void scroll_to_end(Node node) override;
  void scroll_to_kept(Node node) override;
  void set_launcher(bool open, std::string_view label, std::string_view badge, std::string_view badge_label) override;
  void focus_launcher() override;
  void set_page_unread(std::size_t unread) override;
};

}  // namespace baton::client
