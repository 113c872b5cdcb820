#pragma once
// The console's end of GET /v1/admin/ws in the browser: opens it on the page's
// own origin, says hello with the token, feeds each line to the model, and
// reconnects (to a fresh snapshot) when the connection drops. The token is
// held here, in memory, for reconnects; never in the URL or storage.

#include <emscripten/websocket.h>

#include <string>

#include "client/console/console_model.hpp"

namespace baton::console {

class ConsoleSocket {
 public:
  explicit ConsoleSocket(ConsoleModel& model) : model_(model) {}

  void sign_in(std::string token);
  void sign_out();
  void send(const std::string& line);
  // Called every frame: reconnects once the back-off has passed.
  void tick(double now_ms);

 private:
  void open();
  void dispose();
  static EM_BOOL on_open(int, const EmscriptenWebSocketOpenEvent*, void* self);
  static EM_BOOL on_message(int, const EmscriptenWebSocketMessageEvent* event, void* self);
  static EM_BOOL on_close(int, const EmscriptenWebSocketCloseEvent* event, void* self);

  ConsoleModel& model_;
  std::string token_;
  EMSCRIPTEN_WEBSOCKET_T socket_ = 0;
  double reconnect_at_ms_ = 0;
  double backoff_ms_ = 1000;
};

}  // namespace baton::console
