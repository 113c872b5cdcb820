#include "client/web/browser_dom.hpp"

#include <cstdlib>
#include <emscripten/emscripten.h>
#include <emscripten/em_js.h>

namespace {

// Strings cross as (pointer, byte length) of UTF-8. Every element remembers
// its slot in the table (__baton) so that clearing can free slots directly.

EM_JS(int, js_create, (const char* tag, int tag_length), {
  return Module.baton.keep(document.createElement(UTF8ToString(tag, tag_length)));
});

EM_JS(int, js_create_text, (const char* text, int length), {
  return Module.baton.keep(document.createTextNode(UTF8ToString(text, length)));
});

EM_JS(void, js_set_text, (int node, const char* text, int length), {
  Module.baton.nodes[node].textContent = UTF8ToString(text, length);
});

EM_JS(void, js_set_attribute, (int node, const char* name, int name_length, const char* value, int value_length), {
  Module.baton.nodes[node].setAttribute(UTF8ToString(name, name_length), UTF8ToString(value, value_length));
});

EM_JS(void, js_remove_attribute, (int node, const char* name, int name_length), {
  Module.baton.nodes[node].removeAttribute(UTF8ToString(name, name_length));
});

EM_JS(void, js_append, (int parent, int child), {
  Module.baton.nodes[parent].appendChild(Module.baton.nodes[child]);
});

// Children are detached and their table slots released.
EM_JS(void, js_clear, (int node), {
  const b = Module.baton;
  const element = b.nodes[node];
  const forget = (n) => {
    for (const child of n.childNodes) forget(child);
    if (n.__baton > 0) {
      b.nodes[n.__baton] = null;
      b.free.push(n.__baton);
    }
  };
  for (const child of Array.from(element.childNodes)) forget(child);
  element.textContent = "";
});

EM_JS(void, js_listen, (int node, int event), {
  Module.baton.listen(node, event);
});

EM_JS(char*, js_value, (int node), {
  const text = String(Module.baton.nodes[node].value || "");
  const size = lengthBytesUTF8(text) + 1;
  const pointer = _malloc(size);
  stringToUTF8(text, pointer, size);
  return pointer;
});

EM_JS(void, js_set_value, (int node, const char* text, int length), {
  Module.baton.nodes[node].value = UTF8ToString(text, length);
});

EM_JS(int, js_checked, (int node), { return Module.baton.nodes[node].checked ? 1 : 0; });

EM_JS(void, js_set_checked, (int node, int checked), { Module.baton.nodes[node].checked = !!checked; });

// On a touch screen a text field focused by script pops the keyboard up over
// the chat: there the visitor taps the field when they are ready to type.
EM_JS(void, js_focus, (int node), {
  const element = Module.baton.nodes[node];
  if (matchMedia('(pointer: coarse)').matches && (element.tagName == 'TEXTAREA' || element.tagName == 'INPUT')) return;
  element.focus({preventScroll : true});
});

// Called from the attach button's click, so the browser lets the picker open.
EM_JS(void, js_pick_file, (int node), { Module.baton.nodes[node].click(); });

EM_JS(void, js_show_file,
      (int node, const char* attribute, int attribute_length, const char* path, int path_length, const char* bearer,
       int bearer_length),
      { Module.baton.showFile(Module.baton.nodes[node], UTF8ToString(attribute, attribute_length),
                              UTF8ToString(path, path_length), UTF8ToString(bearer, bearer_length)); });

// In the next frame, when layout happens anyway: reading scrollHeight now
// would force a layout in the middle of the task.
EM_JS(void, js_scroll_to_end, (int node), {
  const b = Module.baton;
  const element = b.nodes[node];
  b.scroller = element;
  // News after the replayed history: the place kept from the last page is spent.
  if (b.keptUsed) b.kept = undefined;
  requestAnimationFrame(() => { element.scrollTop = element.scrollHeight; });
});

// The log's place on the site's previous page (glue.js keeps it), as a
// distance from its end: every batch of replayed history lands there again.
EM_JS(void, js_scroll_to_kept, (int node), {
  const b = Module.baton;
  const element = b.nodes[node];
  b.scroller = element;
  b.keptUsed = b.kept !== undefined;
  requestAnimationFrame(() => { element.scrollTop = element.scrollHeight - element.clientHeight - (b.kept || 0); });
});

EM_JS(void, js_set_launcher,
      (int open, const char* label, int label_length, const char* badge, int badge_length, const char* badge_label,
       int badge_label_length),
      { Module.baton.setLauncher(!!open, UTF8ToString(label, label_length), UTF8ToString(badge, badge_length),
                                 UTF8ToString(badge_label, badge_label_length)); });

EM_JS(void, js_focus_launcher, (), { Module.baton.launcher.focus(); });
EM_JS(void, js_set_page_unread, (int unread), { Module.baton.setPageUnread(unread); });

int size(std::string_view text) { return static_cast<int>(text.size()); }

}  // namespace

namespace baton::client {

Node BrowserDom::create(std::string_view tag) { return js_create(tag.data(), size(tag)); }
Node BrowserDom::create_text(std::string_view text) { return js_create_text(text.data(), size(text)); }
void BrowserDom::set_text(Node node, std::string_view text) { js_set_text(node, text.data(), size(text)); }
void BrowserDom::set_attribute(Node node, std::string_view name, std::string_view value) {
  js_set_attribute(node, name.data(), size(name), value.data(), size(value));
}
void BrowserDom::remove_attribute(Node node, std::string_view name) { js_remove_attribute(node, name.data(), size(name)); }
void BrowserDom::append(Node parent, Node child) { js_append(parent, child); }
void BrowserDom::clear(Node node) { js_clear(node); }
void BrowserDom::listen(Node node, DomEvent event) { js_listen(node, static_cast<int>(event)); }

std::string BrowserDom::value(Node node) {
  char* text = js_value(node);
  std::string out(text);
  std::free(text);
  return out;
}

void BrowserDom::set_value(Node node, std::string_view value) { js_set_value(node, value.data(), size(value)); }
bool BrowserDom::checked(Node node) { return js_checked(node) != 0; }
void BrowserDom::set_checked(Node node, bool checked) { js_set_checked(node, checked ? 1 : 0); }
void BrowserDom::focus(Node node) { js_focus(node); }
void BrowserDom::pick_file(Node input) { js_pick_file(input); }
void BrowserDom::show_file(Node node, std::string_view attribute, std::string_view path, std::string_view bearer) {
  js_show_file(node, attribute.data(), size(attribute), path.data(), size(path), bearer.data(), size(bearer));
}
void BrowserDom::scroll_to_end(Node node) { js_scroll_to_end(node); }
void BrowserDom::scroll_to_kept(Node node) { js_scroll_to_kept(node); }

void BrowserDom::set_launcher(bool open, std::string_view label, std::string_view badge, std::string_view badge_label) {
  js_set_launcher(open ? 1 : 0, label.data(), size(label), badge.data(), size(badge), badge_label.data(),
                  size(badge_label));
}

void BrowserDom::focus_launcher() { js_focus_launcher(); }

void BrowserDom::set_page_unread(std::size_t unread) { js_set_page_unread(static_cast<int>(unread)); }

}  // namespace baton::client
