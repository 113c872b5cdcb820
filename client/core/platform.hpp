#pragma once
// What the widget needs from the browser besides the DOM: the relay's live
// stream and REST API, persistent storage shared by the site's tabs, timers,
// the clock and randomness. client/web implements it; tests fake it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "client/core/actions.hpp"
#include "client/core/local_time.hpp"
#include "common/random_source.hpp"

namespace baton::client {

class Platform {
 public:
  virtual ~Platform() = default;
  // The relay's /v1/ws with the binary subprotocol; events come back as actions.
  virtual void open_socket() = 0;
  virtual void send_socket(std::string_view bytes) = 0;
  virtual void close_socket() = 0;
  virtual void http(HttpPurpose purpose, std::string_view method, std::string_view path, std::string_view body,
                    std::string_view bearer) = 0;
  // POSTs the bytes of the file the glue keeps under `file` to `path`,
  // reporting upload progress (action::UploadProgress) and the answer
  // (HttpDone with HttpPurpose::upload).
  virtual void upload(int file, std::string_view path, std::string_view bearer) = 0;
  // The file under `file` is not wanted any more: an upload of it is
  // aborted (no HttpDone follows) and its bytes are released.
  virtual void forget_file(int file) = 0;
  virtual std::optional<std::string> load(const char* key) = 0;
  // False when the storage refused (quota): the visitor must be told.
  virtual bool store(const char* key, std::string_view value) = 0;
  virtual void start_timer(TimerKind kind, std::int64_t delay_ms) = 0;
  virtual std::int64_t now_ms() = 0;
  virtual RandomSource& random() = 0;
  virtual const LocalTime& local_time() = 0;
  // Tells the site's callbacks (ChatWidget.on): "open", "close", "message",
  // "handoff", with a JSON object of details.
  virtual void notify(std::string_view event, std::string_view detail_json) = 0;
  // A short sound for a new message (the visitor turned sound on) and, while
  // the page is hidden, a browser notification saying `line` if the browser
  // allows them; `line` is empty when the visitor has just turned them on.
  virtual void chime(std::string_view line) = 0;
};

}  // namespace baton::client
