#pragma once
// An in-memory DOM for testing the widget's view natively: elements with
// attributes, text and children, a launcher, and helpers to find nodes the
// way a person (or a screen reader) would, by role, label or text.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/core/dom.hpp"

namespace baton::test {

class FakeDom final : public client::Dom {
 public:
  struct Element {
    std::string tag;  // "#text" for text nodes
    std::map<std::string, std::string> attributes;
    std::string text;
    std::vector<client::Node> children;
    client::Node parent = -1;
    std::set<client::DomEvent> listeners;
    std::string value;
    bool checked = false;
  };

  FakeDom();

  client::Node root() override { return 0; }
  client::Node create(std::string_view tag) override;
  client::Node create_text(std::string_view text) override;
  void set_text(client::Node node, std::string_view text) override;
  void set_attribute(client::Node node, std::string_view name, std::string_view value) override;
  void remove_attribute(client::Node node, std::string_view name) override;
  void append(client::Node parent, client::Node child) override;
  void clear(client::Node node) override;
  void listen(client::Node node, client::DomEvent event) override;
  std::string value(client::Node node) override { return at(node).value; }
  void set_value(client::Node node, std::string_view value) override { at(node).value = value; }
  bool checked(client::Node node) override { return at(node).checked; }
  void set_checked(client::Node node, bool checked) override { at(node).checked = checked; }
  void focus(client::Node node) override { focused = node; }
  void pick_file(client::Node input) override { picker_opened = input; }
  // Records the request; the attribute is set to "blob:" + path, as the
  // glue sets an object URL.
  void show_file(client::Node node, std::string_view attribute, std::string_view path,
                 std::string_view bearer) override;
  void scroll_to_end(client::Node) override { scrolled.push_back("end"); }
  void scroll_to_kept(client::Node) override { scrolled.push_back("kept"); }
  void set_launcher(bool open, std::string_view label, std::string_view badge, std::string_view badge_label) override;
  void focus_launcher() override { focused = -2; }
  void set_page_unread(std::size_t unread) override { page_unread = unread; }

  Element& at(client::Node node);
  // All text below a node, as a person would read it.
  std::string text_of(client::Node node);
  // The first visible element (no [hidden] up the tree) matching.
  std::optional<client::Node> find(const std::string& attribute, const std::string& value);
  std::optional<client::Node> find_tag_with_text(const std::string& tag, const std::string& text);
  std::vector<client::Node> all_with_tag(const std::string& tag);
  bool visible(client::Node node);

  client::Node focused = -1;
  client::Node picker_opened = -1;
  struct FileShown {
    client::Node node;
    std::string attribute;
    std::string path;
    std::string bearer;
  };
  std::vector<FileShown> files_shown;
  std::vector<std::string> scrolled;  // "end" or "kept", in order
  std::size_t page_unread = 0;
  bool launcher_open = false;
  std::string launcher_label;
  std::string badge;
  std::string badge_label;

 private:
  std::map<client::Node, Element> elements_;
  client::Node next_ = 1;
};

}  // namespace baton::test
