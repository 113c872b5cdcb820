#include "client/console/web/console_socket.hpp"

#include <emscripten/emscripten.h>

#include <cstring>

#include "client/core/json_text.hpp"

namespace baton::console {
namespace {

// ws://host/v1/admin/ws or wss://, from the page's own address.
// (JavaScript inside: not C++ to format.)
// clang-format off
EM_JS(void, admin_stream_url, (char* out, int size), {
  var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/admin/ws';
  stringToUTF8(url, out, size);
});
// clang-format on

}  // namespace

void ConsoleSocket::sign_in(std::string token) {
  token_ = std::move(token);
  backoff_ms_ = 1000;
  open();
}

void ConsoleSocket::sign_out() {
  // Forgotten at once: wiped before the memory is given back.
  std::fill(token_.begin(), token_.end(), '\0');
  token_.clear();
  reconnect_at_ms_ = 0;
  dispose();
  model_.set_link(Link::signed_out);
}

void ConsoleSocket::open() {
  dispose();
  char url[512];
  admin_stream_url(url, sizeof url);
  EmscriptenWebSocketCreateAttributes attributes;
  emscripten_websocket_init_create_attributes(&attributes);
  attributes.url = url;
  attributes.createOnMainThread = EM_TRUE;
  socket_ = emscripten_websocket_new(&attributes);
  if (socket_ <= 0) {
    socket_ = 0;
    model_.set_link(Link::lost, "the browser could not open a WebSocket");
    return;
  }
  model_.set_link(Link::connecting);
  emscripten_websocket_set_onopen_callback(socket_, this, &ConsoleSocket::on_open);
  emscripten_websocket_set_onmessage_callback(socket_, this, &ConsoleSocket::on_message);
  emscripten_websocket_set_onclose_callback(socket_, this, &ConsoleSocket::on_close);
}

void ConsoleSocket::dispose() {
  if (socket_ == 0) return;
  emscripten_websocket_close(socket_, 1000, "signed out");
  emscripten_websocket_delete(socket_);
  socket_ = 0;
}

void ConsoleSocket::send(const std::string& line) {
  if (socket_ != 0) emscripten_websocket_send_utf8_text(socket_, line.c_str());
}

void ConsoleSocket::tick(double now_ms) {
  if (reconnect_at_ms_ > 0 && now_ms >= reconnect_at_ms_ && !token_.empty()) {
    reconnect_at_ms_ = 0;
    open();
  }
}

EM_BOOL ConsoleSocket::on_open(int, const EmscriptenWebSocketOpenEvent*, void* self) {
  auto& s = *static_cast<ConsoleSocket*>(self);
  s.send("{\"type\":\"hello\",\"token\":" + client::json::quote(s.token_) + "}");
  s.backoff_ms_ = 1000;
  return EM_TRUE;
}

EM_BOOL ConsoleSocket::on_message(int, const EmscriptenWebSocketMessageEvent* event, void* self) {
  if (!event->isText) return EM_TRUE;
  const char* data = reinterpret_cast<const char*>(event->data);
  static_cast<ConsoleSocket*>(self)->model_.apply(std::string_view(data, strnlen(data, event->numBytes)));
  return EM_TRUE;
}

EM_BOOL ConsoleSocket::on_close(int, const EmscriptenWebSocketCloseEvent* event, void* self) {
  auto& s = *static_cast<ConsoleSocket*>(self);
  emscripten_websocket_delete(s.socket_);
  s.socket_ = 0;
  if (event->code == 1008) {
    // A wrong token: asking again is for the developer, not a retry loop.
    std::fill(s.token_.begin(), s.token_.end(), '\0');
    s.token_.clear();
    s.model_.set_link(Link::refused, event->reason[0] ? event->reason : "invalid admin token");
    return EM_TRUE;
  }
  s.model_.set_link(Link::lost, event->reason[0] ? std::string(event->reason) : "reconnecting");
  s.reconnect_at_ms_ = emscripten_get_now() + s.backoff_ms_;
  s.backoff_ms_ = std::min(s.backoff_ms_ * 2, 15000.0);
  return EM_TRUE;
}

}  // namespace baton::console
