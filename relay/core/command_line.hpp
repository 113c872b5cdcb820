#pragma once
// The command line every Baton program reads (the relay, wa-sim, llm-sim):
// flags only, "--flag value" or "--flag=value", each named in the program's
// table with its help; the first problem is a CommandLineError that names
// the flag. Each program gives meaning to the values itself.

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baton {

class CommandLineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FlagSpec {
  std::string_view name;   // without "--"
  std::string_view value;  // what the value is, for the usage: "HOST:PORT", "FILE"
  std::string_view help;
};

// The flags in `args` (without argv[0]) as (name, value) pairs, in order.
// Refuses what is not a flag, a flag not in `flags`, and a flag without its
// value. `--help` is the caller's, before this.
std::vector<std::pair<std::string, std::string>> read_flags(const std::vector<std::string>& args,
                                                            std::span<const FlagSpec> flags);

// One aligned line per flag: "  --name VALUE   help".
std::string flag_usage(std::span<const FlagSpec> flags);

// Whether `args` asks for the usage (--help or -h anywhere).
bool wants_help(const std::vector<std::string>& args);

struct HostPort {
  std::string host;  // without the brackets of an IPv6 address
  std::uint16_t port = 0;
};

// "127.0.0.1:8080", "[::1]:0", "localhost:9000"; throws CommandLineError
// naming `flag`.
HostPort parse_host_port(std::string_view flag, std::string_view text);

}  // namespace baton
