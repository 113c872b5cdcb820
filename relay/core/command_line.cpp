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
    if (std::none_of(flags.begin(), flags.end(), [&](const FlagSpec& f) { return f.name == name; })) {
      throw CommandLineError("unknown flag --" + name + " (see --help)");
    }
    if (eq != std::string_view::npos) {
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

}  // namespace baton
