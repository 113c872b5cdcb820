// The widget's entry points for the browser: the glue (glue.js) calls these
// with DOM, socket, HTTP, timer, network and storage events; each becomes an
// action for the portable core.

#include <cstdlib>
#include <emscripten/emscripten.h>
#include <emscripten/em_js.h>
#include <memory>

#include "client/core/widget_app.hpp"
#include "client/web/browser_dom.hpp"
#include "client/web/browser_platform.hpp"

namespace {

using namespace baton::client;

struct Widget {
  BrowserPlatform platform;
  BrowserDom dom;
  WidgetApp app{platform, dom};
};

std::unique_ptr<Widget> widget;

// Page facts, read once at start.
EM_JS(char*, js_page_field, (int which), {
  const page = Module.baton.page(which);
  const size = lengthBytesUTF8(page) + 1;
  const pointer = _malloc(size);
  stringToUTF8(page, pointer, size);
  return pointer;
});

std::string page_field(int which) {
  char* text = js_page_field(which);
  std::string out(text);
  std::free(text);
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string text_at(const char* pointer, int length) {
  return pointer ? std::string(pointer, static_cast<std::size_t>(length)) : std::string();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void baton_start() {
  // The texts of the visitor's language, fetched by the loader beside the widget.
  if (auto file = page_field(11); !file.empty()) take_texts_file(file);
  widget = std::make_unique<Widget>();
  PageInfo page{page_field(0), page_field(1), page_field(2), page_field(3), page_field(4), page_field(5),
                split_lines(page_field(6)), {}};
  widget->app.start(std::move(page), page_field(7), Branding::from(page_field(8), page_field(9), page_field(10)));
}

EMSCRIPTEN_KEEPALIVE void baton_dom_event(int node, int event) {
  widget->app.dom_event(node, static_cast<DomEvent>(event));
}

EMSCRIPTEN_KEEPALIVE void baton_toggle() { widget->app.dispatch(action::Toggle{}); }
EMSCRIPTEN_KEEPALIVE void baton_open() { widget->app.dispatch(action::Open{}); }
EMSCRIPTEN_KEEPALIVE void baton_close() { widget->app.dispatch(action::Close{}); }
EMSCRIPTEN_KEEPALIVE void baton_reset() { widget->app.dispatch(action::Reset{}); }

EMSCRIPTEN_KEEPALIVE void baton_identify(const char* name, int name_length, const char* email, int email_length,
                                         const char* phone, int phone_length) {
  widget->app.dispatch(action::Identify{
      Identity{text_at(name, name_length), text_at(email, email_length), text_at(phone, phone_length)}});
}

EMSCRIPTEN_KEEPALIVE void baton_track(const char* name, int name_length, const char* value, int value_length) {
  widget->app.dispatch(action::Track{text_at(name, name_length), text_at(value, value_length)});
}

EMSCRIPTEN_KEEPALIVE void baton_socket_opened() { widget->app.dispatch(action::SocketOpened{}); }
EMSCRIPTEN_KEEPALIVE void baton_socket_closed(int code) { widget->app.dispatch(action::SocketClosed{code}); }
EMSCRIPTEN_KEEPALIVE void baton_socket_data(const char* bytes, int length) {
  widget->app.dispatch(action::SocketData{text_at(bytes, length)});
}

EMSCRIPTEN_KEEPALIVE void baton_http_done(int purpose, int status, const char* body, int length) {
  widget->app.dispatch(action::HttpDone{static_cast<HttpPurpose>(purpose), status, text_at(body, length)});
}

// A file the visitor chose, dropped or pasted: its first bytes, for the check.
EMSCRIPTEN_KEEPALIVE void baton_file(int handle, const char* name, int name_length, double size, const char* head,
                                     int head_length, const char* preview, int preview_length) {
  widget->app.dispatch(action::ChooseFile{handle, text_at(name, name_length), static_cast<std::uint64_t>(size),
                                          text_at(head, head_length), text_at(preview, preview_length)});
}

EMSCRIPTEN_KEEPALIVE void baton_upload_progress(double sent) {
  widget->app.dispatch(action::UploadProgress{static_cast<std::uint64_t>(sent)});
}

EMSCRIPTEN_KEEPALIVE void baton_timer(int kind) { widget->app.dispatch(action::Timer{static_cast<TimerKind>(kind)}); }
EMSCRIPTEN_KEEPALIVE void baton_network(int online) { widget->app.dispatch(action::Network{online != 0}); }
EMSCRIPTEN_KEEPALIVE void baton_wake() { widget->app.dispatch(action::Wake{}); }
EMSCRIPTEN_KEEPALIVE void baton_visibility(int visible) { widget->app.dispatch(action::Visibility{visible != 0}); }
EMSCRIPTEN_KEEPALIVE void baton_storage_changed() { widget->app.storage_changed(); }
// Asked by the glue once it holds the lock on making a chat: another tab may
// have made one while this tab waited, and this one has just read it.
EMSCRIPTEN_KEEPALIVE int baton_needs_session() { return widget->app.model().stored.session ? 0 : 1; }
EMSCRIPTEN_KEEPALIVE void baton_time_zone(const char* zone, int length) {
  widget->app.dispatch(action::TimeZone{text_at(zone, length)});
}

}  // extern "C"
