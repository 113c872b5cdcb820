#include "relay/core/log.hpp"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "common/time_format.hpp"

namespace baton::log {
namespace {

std::atomic<Level> threshold{Level::info};
std::mutex output_mutex;
std::string component = "relay";

constexpr std::string_view level_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

void append_quoted(std::string& out, std::string_view text) {
  out += boost::json::serialize(boost::json::string(text));
}

}  // namespace

void set_level(Level level) { threshold = level; }

bool parse_level(std::string_view name, Level& level) {
  for (auto l : {Level::debug, Level::info, Level::warn, Level::error}) {
    if (level_name(l) == name) {
      level = l;
      return true;
    }
  }
  return false;
}

void set_component(std::string_view name) {
  std::lock_guard lock(output_mutex);
  component = name;
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (level < threshold.load(std::memory_order_relaxed)) return;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::string line = "{\"ts\":\"" + format_rfc3339(now) + "\",\"level\":\"" + std::string(level_name(level)) +
                     "\",\"msg\":";
  append_quoted(line, message);
  for (const auto& field : fields) {
    line += ',';
    append_quoted(line, field.key);
    line += ':';
    std::visit(
        [&line](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::string_view>) {
            append_quoted(line, value);
          } else if constexpr (std::is_same_v<T, bool>) {
            line += value ? "true" : "false";
          } else {
            line += std::to_string(value);
          }
        },
        field.value);
  }
  std::lock_guard lock(output_mutex);
  line += ",\"component\":\"" + component + "\"}\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace baton::log
