#pragma once
// The Platform interface on a real browser: WebSocket, fetch, localStorage,
// setTimeout, Date.now and crypto.getRandomValues, through small JavaScript
// functions (EM_JS). Events come back through the exports in main.cpp.

#include "client/core/platform.hpp"

namespace baton::client {

class BrowserRandom final : public RandomSource {
 public:
  void fill(std::span<std::uint8_t> out) override;
};

// Intl.DateTimeFormat in the page's own time zone.
class BrowserLocalTime final : public LocalTime {
 public:
  std::string day_time(std::int64_t utc_ms, std::string_view language_tag) const override;
  std::string time(std::int64_t utc_ms, std::string_view language_tag) const override;
  std::string day(std::int64_t utc_ms, std::string_view language_tag) const override;
  std::string minutes_ago(std::int64_t minutes, std::string_view language_tag) const override;
  std::string full(std::int64_t utc_ms, std::string_view language_tag) const override;
  bool same_day(std::int64_t a_ms, std::int64_t b_ms) const override;
};

class BrowserPlatform final : public Platform {
 public:
  void open_socket() override;
  void send_socket(std::string_view bytes) override;
  void close_socket() override;
  void http(HttpPurpose purpose, std::string_view method, std::string_view path, std::string_view body,
            std::string_view bearer) override;
  void upload(int file, std::string_view path, std::string_view bearer) override;
  void forget_file(int file) override;
  std::optional<std::string> load(const char* key) override;
  bool store(const char* key, std::string_view value) override;
  void start_timer(TimerKind kind, std::int64_t delay_ms) override;
  std::int64_t now_ms() override;
  RandomSource& random() override { return random_; }
  const LocalTime& local_time() override { return local_time_; }
  void notify(std::string_view event, std::string_view detail_json) override;
  void chime(std::string_view line) override;

 private:
  BrowserRandom random_;
  BrowserLocalTime local_time_;
};

}  // namespace baton::client
