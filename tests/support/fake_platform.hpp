#pragma once
// A scripted browser for the widget's core: records what the widget asked
// for (socket frames, HTTP calls, timers) and keeps a storage map that tests
// can share between two "tabs".

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/core/platform.hpp"
#include "common/time_format.hpp"
#include "tests/support/seeded_random.hpp"

namespace baton::test {

struct HttpCall {
  client::HttpPurpose purpose;
  std::string method;
  std::string path;
  std::string body;
  std::string bearer;
};

// Times in UTC, marked so tests can tell the platform formatted them.
class UtcLocalTime final : public client::LocalTime {
 public:
  std::string day_time(std::int64_t utc_ms, std::string_view language_tag) const override {
    return std::string(language_tag) + ":" + format_rfc3339(utc_ms).substr(0, 16);
  }
  std::string time(std::int64_t utc_ms, std::string_view language_tag) const override {
    return std::string(language_tag) + ":" + format_rfc3339(utc_ms).substr(11, 5);
  }
  std::string day(std::int64_t utc_ms, std::string_view language_tag) const override {
    return std::string(language_tag) + ":" + format_rfc3339(utc_ms).substr(0, 10);
  }
  std::string minutes_ago(std::int64_t minutes, std::string_view language_tag) const override {
    return std::string(language_tag) + ":-" + std::to_string(minutes) + "min";
  }
  std::string full(std::int64_t utc_ms, std::string_view language_tag) const override {
    return std::string(language_tag) + ":full:" + format_rfc3339(utc_ms);
  }
  bool same_day(std::int64_t a_ms, std::int64_t b_ms) const override {
    return format_rfc3339(a_ms).substr(0, 10) == format_rfc3339(b_ms).substr(0, 10);
  }
};

class FakePlatform final : public client::Platform {
 public:
  explicit FakePlatform(std::shared_ptr<std::map<std::string, std::string>> storage =
                            std::make_shared<std::map<std::string, std::string>>())
      : storage_(std::move(storage)) {}

  void open_socket() override {
    ++sockets_opened;
    socket_open = true;
  }
  void send_socket(std::string_view bytes) override { sent.emplace_back(bytes); }
  void close_socket() override { socket_open = false; }
  void http(client::HttpPurpose purpose, std::string_view method, std::string_view path, std::string_view body,
            std::string_view bearer) override {
    calls.push_back({purpose, std::string(method), std::string(path), std::string(body), std::string(bearer)});
  }
  void forget_file(int file) override { forgotten_files.push_back(file); }
  void upload(int file, std::string_view path, std::string_view bearer) override {
    uploads.push_back(
        {client::HttpPurpose::upload, "POST", std::string(path), std::to_string(file), std::string(bearer)});
  }
  std::optional<std::string> load(const char* key) override {
    auto it = storage_->find(key);
    if (it == storage_->end()) return std::nullopt;
    return it->second;
  }
  bool store(const char* key, std::string_view value) override {
    if (storage_full) return false;
    (*storage_)[key] = value;
    return true;
  }
  void start_timer(client::TimerKind kind, std::int64_t delay_ms) override { timers.push_back({kind, delay_ms}); }
  std::int64_t now_ms() override { return now; }
  RandomSource& random() override { return random_; }
  const client::LocalTime& local_time() override { return local_time_; }
  void chime(std::string_view line) override {
    ++chimes;
    chime_lines.emplace_back(line);
  }
  void notify(std::string_view event, std::string_view detail_json) override {
    notified.emplace_back(event, detail_json);
  }

  std::shared_ptr<std::map<std::string, std::string>> storage() const { return storage_; }

  int sockets_opened = 0;
  bool socket_open = false;
  bool storage_full = false;
  std::int64_t now = 1'764'000'000'000;
  std::vector<std::string> sent;
  std::vector<HttpCall> calls;
  std::vector<HttpCall> uploads;  // body: the file's handle
  std::vector<int> forgotten_files;
  std::vector<std::pair<client::TimerKind, std::int64_t>> timers;
  std::vector<std::pair<std::string, std::string>> notified;  // event, details
  int chimes = 0;
  std::vector<std::string> chime_lines;

 private:
  std::shared_ptr<std::map<std::string, std::string>> storage_;
  SeededRandom random_;
  UtcLocalTime local_time_;
};

}  // namespace baton::test
