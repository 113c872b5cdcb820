#include "relay/core/command_line.hpp"

#include <algorithm>
#include <charconv>

namespace baton {

std::vector<std::pair<std::string, std::string>> read_flags(const std::vector<std::string>& args,
                                                            std::span<const FlagSpec> flags) {
  std::vector<std::pair<std::string, std::string>> given;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (!arg.starts_with("--")) throw CommandLineError("unexpected argument '" + std::string(arg) + "'");
    arg.remove_prefix(2);
    auto eq = arg.find('=');
    std::string name(arg.substr(0, eq));
    auto spec = std::find_if(flags.begin(), flags.end(), [&](const FlagSpec& f) { return f.name == name; });
    if (spec == flags.end()) throw CommandLineError("unknown flag --" + name + " (see --help)");
    if (!spec->takes_value) {
      if (eq != std::string_view::npos) throw CommandLineError("--" + name + " takes no value");
      given.emplace_back(name, std::string());
    } else if (eq != std::string_view::npos) {
      given.emplace_back(name, std::string(arg.substr(eq + 1)));
    } else if (i + 1 < args.size()) {
      given.emplace_back(name, args[++i]);
    } else {
      throw CommandLineError("--" + name + " needs a value");
    }
  }
  return given;
}

std::string flag_usage(std::span<const FlagSpec> flags) {
  std::size_t width = 0;
  for (const auto& f : flags) width = std::max(width, f.name.size() + f.value.size() + 5);
  std::string out;
  for (const auto& f : flags) {
    std::string left = "  --" + std::string(f.name) + (f.value.empty() ? "" : " " + std::string(f.value));
    left.resize(width + 2, ' ');
    out += left + std::string(f.help) + "\n";
  }
  return out;
}

bool wants_help(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; });
}

HostPort parse_host_port(std::string_view flag, std::string_view text) {
  auto fail = [&](const std::string& problem) {
    throw CommandLineError("--" + std::string(flag) + ": " + problem + ", got \"" + std::string(text) + "\"");
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) fail("expected HOST:PORT");
  auto host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto port_text = text.substr(colon + 1);
  std::uint16_t port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size()) {
    fail("expected a port number after the colon");
  }
  return HostPort{std::string(host), port};
}

std::uint64_t parse_whole_number(std::string_view flag, std::string_view text, std::uint64_t min, std::uint64_t max) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw CommandLineError("--" + std::string(flag) + ": expected a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max) + ", got \"" + std::string(text) + "\"");
  }
  return value;
}

double parse_number(std::string_view flag, std::string_view text, double min, double max) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(value >= min && value <= max)) {
    auto shown = [](double n) {
      auto s = std::to_string(n);
      s.erase(s.find_last_not_of('0') + 1);
      if (s.ends_with('.')) s.pop_back();
      return s;
    };
    throw CommandLineError("--" + std::string(flag) + ": expected a number from " + shown(min) + " to " + shown(max) +
                           ", got \"" + std::string(text) + "\"");
  }
  return value;
}

FlagValues::FlagValues(const std::vector<std::string>& args, std::span<const FlagSpec> flags)
    : given_(read_flags(args, flags)) {}

const std::string* FlagValues::find(std::string_view name) const {
  // The last one wins, as with the other programs' flags.
  for (auto it = given_.rbegin(); it != given_.rend(); ++it) {
    if (it->first == name) return &it->second;
  }
  return nullptr;
}

bool FlagValues::has(std::string_view name) const { return find(name) != nullptr; }

std::string FlagValues::text(std::string_view name, std::string_view fallback) const {
  const auto* value = find(name);
  return value ? *value : std::string(fallback);
}

std::string FlagValues::required(std::string_view name) const {
  const auto* value = find(name);
  if (!value) throw CommandLineError("--" + std::string(name) + " is required");
  return *value;
}

std::uint64_t FlagValues::whole_number(std::string_view name, std::uint64_t fallback, std::uint64_t min,
                                       std::uint64_t max) const {
  const auto* value = find(name);
  return value ? parse_whole_number(name, *value, min, max) : fallback;
}

double FlagValues::number(std::string_view name, double fallback, double min, double max) const {
  const auto* value = find(name);
  return value ? parse_number(name, *value, min, max) : fallback;
}

}  // namespace baton
