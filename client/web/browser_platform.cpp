#include "client/web/browser_platform.hpp"

#include <cstdlib>
#include <emscripten/emscripten.h>
#include <emscripten/em_js.h>

namespace {

// One live socket at a time; a newer one makes the older one's events stale.
EM_JS(void, js_open_socket, (), { Module.baton.openSocket(); });

EM_JS(void, js_send_socket, (const char* bytes, int length), {
  const socket = Module.baton.socket;
  if (socket && socket.readyState === 1) socket.send(HEAPU8.slice(bytes, bytes + length));
});

EM_JS(void, js_close_socket, (), { Module.baton.closeSocket(); });

EM_JS(void, js_http,
      (int purpose, const char* method, int method_length, const char* path, int path_length, const char* body,
       int body_length, const char* bearer, int bearer_length),
      {
        Module.baton.http(purpose, UTF8ToString(method, method_length), UTF8ToString(path, path_length),
                          UTF8ToString(body, body_length), UTF8ToString(bearer, bearer_length));
      });

EM_JS(void, js_upload, (int purpose, int file, const char* path, int path_length, const char* bearer, int bearer_length), {
  Module.baton.upload(purpose, file, UTF8ToString(path, path_length), UTF8ToString(bearer, bearer_length));
});

EM_JS(void, js_forget_file, (int file), { Module.baton.forgetFile(file); });

// Returns a malloc'd string, or 0 when the key is absent or storage is off.
EM_JS(char*, js_load, (const char* key), {
  let text = null;
  try {
    text = window.localStorage.getItem(UTF8ToString(key));
  } catch (e) {
  }
  if (text === null) return 0;
  const size = lengthBytesUTF8(text) + 1;
  const pointer = _malloc(size);
  stringToUTF8(text, pointer, size);
  return pointer;
});

EM_JS(int, js_store, (const char* key, const char* value, int length), {
  try {
    window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value, length));
    return 1;
  } catch (e) {
    return 0;  // QuotaExceededError, or storage disabled
  }
});

EM_JS(void, js_start_timer, (int kind, double delay), {
  setTimeout(() => Module['_baton_timer'](kind), delay);
});

EM_JS(double, js_now, (), { return Date.now(); });

EM_JS(void, js_notify, (const char* event, int event_length, const char* detail, int detail_length), {
  Module.baton.emit(UTF8ToString(event, event_length), JSON.parse(UTF8ToString(detail, detail_length)));
});

EM_JS(void, js_random, (std::uint8_t* out, int length), {
  crypto.getRandomValues(HEAPU8.subarray(out, out + length));
});

// A malloc'd string; formatters are made once per language and kind.
// `what`: 0 the time, 1 the day and time, 2 the day, 3 all of it, 4 the
// local date as YYYY-M-D (for comparing days), 5 "N minutes ago" (ms is N).
// One Intl formatter per language and kind, so every date reads alike.
EM_JS(char*, js_format_time, (double ms, const char* tag, int tag_length, int what), {
  const b = Module.baton;
  const language = UTF8ToString(tag, tag_length);
  const key = language + what;
  b.formats = b.formats || {};
  let text;
  try {
    if (what == 5) {
      b.formats[key] = b.formats[key] || new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
      // Zero minutes is "now", not "this minute".
      text = ms == 0 ? b.formats[key].format(0, 'second') : b.formats[key].format(-ms, 'minute');
    } else if (what == 4) {
      const d = new Date(ms);
      text = d.getFullYear() + '-' + d.getMonth() + '-' + d.getDate();
    } else {
      const day = { weekday: 'short', day: 'numeric', month: 'short' };
      const time = { hour: '2-digit', minute: '2-digit' };
      const options = what == 3 ? { dateStyle: 'full', timeStyle: 'short' }
                    : what == 2 ? day : what == 1 ? Object.assign({}, day, time) : time;
      b.formats[key] = b.formats[key] || new Intl.DateTimeFormat(language, options);
      text = b.formats[key].format(new Date(ms));
    }
  } catch (e) {
    text = new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }
  const size = lengthBytesUTF8(text) + 1;
  const pointer = _malloc(size);
  stringToUTF8(text, pointer, size);
  return pointer;
});

int size(std::string_view text) { return static_cast<int>(text.size()); }

std::string format_time(std::int64_t utc_ms, std::string_view language_tag, int what) {
  char* text = js_format_time(static_cast<double>(utc_ms), language_tag.data(), size(language_tag), what);
  std::string out(text);
  std::free(text);
  return out;
}

}  // namespace

namespace baton::client {

void BrowserRandom::fill(std::span<std::uint8_t> out) { js_random(out.data(), static_cast<int>(out.size())); }

void BrowserPlatform::open_socket() { js_open_socket(); }
void BrowserPlatform::send_socket(std::string_view bytes) { js_send_socket(bytes.data(), size(bytes)); }
void BrowserPlatform::close_socket() { js_close_socket(); }

void BrowserPlatform::http(HttpPurpose purpose, std::string_view method, std::string_view path, std::string_view body,
                           std::string_view bearer) {
  js_http(static_cast<int>(purpose), method.data(), size(method), path.data(), size(path), body.data(), size(body),
          bearer.data(), size(bearer));
}

void BrowserPlatform::forget_file(int file) { js_forget_file(file); }

void BrowserPlatform::upload(int file, std::string_view path, std::string_view bearer) {
  js_upload(static_cast<int>(HttpPurpose::upload), file, path.data(), size(path), bearer.data(), size(bearer));
}

std::optional<std::string> BrowserPlatform::load(const char* key) {
  char* text = js_load(key);
  if (!text) return std::nullopt;
  std::string out(text);
  std::free(text);
  return out;
}

bool BrowserPlatform::store(const char* key, std::string_view value) {
  return js_store(key, value.data(), size(value)) != 0;
}

void BrowserPlatform::start_timer(TimerKind kind, std::int64_t delay_ms) {
  js_start_timer(static_cast<int>(kind), static_cast<double>(delay_ms));
}

std::int64_t BrowserPlatform::now_ms() { return static_cast<std::int64_t>(js_now()); }

EM_JS(void, js_chime, (const char* line, int length), { Module.baton.chime(UTF8ToString(line, length)); });

void BrowserPlatform::chime(std::string_view line) { js_chime(line.data(), size(line)); }

void BrowserPlatform::notify(std::string_view event, std::string_view detail_json) {
  js_notify(event.data(), size(event), detail_json.data(), size(detail_json));
}

std::string BrowserLocalTime::day_time(std::int64_t utc_ms, std::string_view language_tag) const {
  return format_time(utc_ms, language_tag, 1);
}

std::string BrowserLocalTime::time(std::int64_t utc_ms, std::string_view language_tag) const {
  return format_time(utc_ms, language_tag, 0);
}

std::string BrowserLocalTime::day(std::int64_t utc_ms, std::string_view language_tag) const {
  return format_time(utc_ms, language_tag, 2);
}

std::string BrowserLocalTime::minutes_ago(std::int64_t minutes, std::string_view language_tag) const {
  return format_time(minutes, language_tag, 5);
}

std::string BrowserLocalTime::full(std::int64_t utc_ms, std::string_view language_tag) const {
  return format_time(utc_ms, language_tag, 3);
}

bool BrowserLocalTime::same_day(std::int64_t a_ms, std::int64_t b_ms) const {
  return format_time(a_ms, "en", 4) == format_time(b_ms, "en", 4);
}

}  // namespace baton::client
