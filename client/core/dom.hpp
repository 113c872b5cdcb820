#pragma once
// The few DOM operations the widget's view needs, over integer handles. The
// browser glue implements them on the shadow root (client/web); tests use an
// in-memory tree. Text only ever goes in as text: there is no way to set
// HTML through this interface.

#include <cstdint>
#include <string>
#include <string_view>

namespace baton::client {

using Node = std::int32_t;

enum class DomEvent : std::uint8_t {
  click,
  submit,  // a form; the glue prevents the default navigation
  input,   // a field changed
  enter,   // Enter without Shift in the composer
  escape,
  // A file chosen in an <input type="file"> inside the node, dropped on it or
  // pasted into it: the glue reads it and dispatches action::ChooseFile.
  files,
};

class Dom {
 public:
  virtual ~Dom() = default;
  virtual Node root() = 0;
  virtual Node create(std::string_view tag) = 0;
  virtual Node create_text(std::string_view text) = 0;
  virtual void set_text(Node node, std::string_view text) = 0;
  virtual void set_attribute(Node node, std::string_view name, std::string_view value) = 0;
  virtual void remove_attribute(Node node, std::string_view name) = 0;
  virtual void append(Node parent, Node child) = 0;
  // Removes every child of `node` and forgets their handles.
  virtual void clear(Node node) = 0;
  virtual void listen(Node node, DomEvent event) = 0;
  virtual std::string value(Node node) = 0;
  virtual void set_value(Node node, std::string_view value) = 0;
  virtual bool checked(Node node) = 0;
  virtual void set_checked(Node node, bool checked) = 0;
  virtual void focus(Node node) = 0;
  // Opens the browser's file picker of an <input type="file">.
  virtual void pick_file(Node input) = 0;
  // An attachment's bytes for `node`: fetched from the relay's `path` with
  // the chat's token in the Authorization header (never in a URL), kept as an
  // object URL for the page's life, and set as the node's `attribute` (src;
  // for a download link, href, fetched only when the link is followed).
  virtual void show_file(Node node, std::string_view attribute, std::string_view path, std::string_view bearer) = 0;
  virtual void scroll_to_end(Node node) = 0;
  // For history a page replays: back to where the visitor left the log on
  // the site's previous page (kept per tab), else to its end.
  virtual void scroll_to_kept(Node node) = 0;
  // The loader's launcher button, outside the widget's own tree.
  virtual void set_launcher(bool open, std::string_view label, std::string_view badge,
                            std::string_view badge_label) = 0;
  virtual void focus_launcher() = 0;
  // "(2) " before the page's title while `unread` > 0 (the tab is hidden);
  // the page's own title otherwise.
  virtual void set_page_unread(std::size_t unread) = 0;
};

}  // namespace baton::client
