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

class BrowserPlatform final : public Platform {
 public:
  void open_socket() override;
  void send_socket(std::string_view bytes) override;
  void close_socket() override;
  void http(HttpPurpose purpose, std::string_view method, std::string_view path, std::string_view body,
            std::string_view bearer) override;
  std::optional<std::string> load(const char* key) override;
  bool store(const char* key, std::string_view value) override;
  void start_timer(TimerKind kind, std::int64_t delay_ms) override;
  std::int64_t now_ms() override;
  RandomSource& random() override { return random_; }

 private:
  BrowserRandom random_;
};

}  // namespace baton::client
