#pragma once
// The command line every Baton program reads (the relay, wa-sim, llm-sim, the
// benchmarks, faq-quality):
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
  bool takes_value = true;  // false: a switch ("--misses"), read with an empty value
};

// The flags in `args` (without argv[0]) as (name, value) pairs, in order.
// Refuses what is not a flag, a flag not in `flags`, a flag without its
// value and a switch with one. `--help` is the caller's, before this.
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

// A whole number from `min` to `max`; throws CommandLineError naming `flag`.
std::uint64_t parse_whole_number(std::string_view flag, std::string_view text, std::uint64_t min, std::uint64_t max);

// A decimal number from `min` to `max`; throws CommandLineError naming `flag`.
double parse_number(std::string_view flag, std::string_view text, double min, double max);

// The flags of a program that takes each at most once, by name, with the
// value checked as it is asked for (the benchmarks, faq-quality).
class FlagValues {
 public:
  // Throws CommandLineError as read_flags does.
  FlagValues(const std::vector<std::string>& args, std::span<const FlagSpec> flags);

  bool has(std::string_view name) const;
  // The value, `fallback` if the flag was not given.
  std::string text(std::string_view name, std::string_view fallback) const;
  // The value; throws CommandLineError if the flag was not given.
  std::string required(std::string_view name) const;
  std::uint64_t whole_number(std::string_view name, std::uint64_t fallback, std::uint64_t min, std::uint64_t max) const;
  double number(std::string_view name, double fallback, double min, double max) const;

 private:
  const std::string* find(std::string_view name) const;
  std::vector<std::pair<std::string, std::string>> given_;
};

}  // namespace baton
