// The one command-line reader of the relay, wa-sim and llm-sim: both flag
// forms, the refusals every program words the same way, HOST:PORT, usage.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "relay/core/command_line.hpp"
#include "tools/wa-sim/sim_options.hpp"

namespace {

const baton::FlagSpec flags[] = {
    {"listen", "HOST:PORT", "where to listen"},
    {"key", "KEY", "the key"},
};

std::string refusal(const std::vector<std::string>& args) {
  try {
    baton::read_flags(args, flags);
    return "";
  } catch (const baton::CommandLineError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("command line: --flag value and --flag=value, in order, and what is refused") {
  auto given = baton::read_flags({"--listen", "127.0.0.1:0", "--key=a=b", "--key", ""}, flags);
  REQUIRE(given.size() == 3);
  CHECK(given[0] == std::pair<std::string, std::string>{"listen", "127.0.0.1:0"});
  CHECK(given[1] == std::pair<std::string, std::string>{"key", "a=b"});  // only the first '=' splits
  CHECK(given[2] == std::pair<std::string, std::string>{"key", ""});
  CHECK(refusal({"--nope", "1"}) == "unknown flag --nope (see --help)");
  CHECK(refusal({"--key"}) == "--key needs a value");
  CHECK(refusal({"stray"}) == "unexpected argument 'stray'");
  CHECK(refusal({}) == "");
  CHECK(baton::wants_help({"--key", "x", "-h"}));
  CHECK_FALSE(baton::wants_help({"--key", "--help-me"}));
}

TEST_CASE("command line: HOST:PORT, IPv6 in brackets, and the usage lines") {
  auto v4 = baton::parse_host_port("listen", "127.0.0.1:8080");
  CHECK(v4.host == "127.0.0.1");
  CHECK(v4.port == 8080);
  auto v6 = baton::parse_host_port("listen", "[::1]:0");
  CHECK(v6.host == "::1");
  CHECK(v6.port == 0);
  CHECK_THROWS_WITH_AS(baton::parse_host_port("listen", "8080"), "--listen: expected HOST:PORT, got \"8080\"",
                       baton::CommandLineError);
  CHECK_THROWS_AS(baton::parse_host_port("listen", "host:99999"), baton::CommandLineError);
  CHECK_THROWS_AS(baton::parse_host_port("listen", "host:"), baton::CommandLineError);
  auto usage = baton::flag_usage(flags);
  CHECK(usage.find("  --listen HOST:PORT  where to listen\n") != std::string::npos);
  CHECK(usage.find("  --key KEY") != std::string::npos);
}

TEST_CASE("command line: wa-sim reads its flags through it") {
  auto options = baton::sim::parse_options({"--listen=127.0.0.1:0", "--webhook-url", "http://127.0.0.1:1/hook",
                                            "--app-secret", "s", "--control-listen", "[::1]:9"});
  CHECK(options.listen.port == 0);
  CHECK(options.control_listen->host == "::1");
  CHECK_THROWS_WITH_AS(baton::sim::parse_options({"--listen", "127.0.0.1:0", "--bogus", "1"}),
                       "unknown flag --bogus (see --help)", baton::sim::OptionError);
  CHECK_THROWS_WITH_AS(baton::sim::parse_options({"--webhook-url", "http://x/"}), "--listen HOST:PORT is required",
                       baton::sim::OptionError);
  CHECK(baton::sim::options_usage().find("  --webhook-concurrency N") != std::string::npos);
}

TEST_CASE("command line: switches, typed values and the tools' FlagValues") {
  const baton::FlagSpec tool_flags[] = {
      {"rate", "N", "per second"},
      {"share", "F", "a fraction"},
      {"name", "TEXT", "a name"},
      {"misses", "", "print misses", false},
  };
  baton::FlagValues given({"--rate", "5", "--misses", "--rate=7", "--share", "0.25"}, tool_flags);
  CHECK(given.has("misses"));
  CHECK_FALSE(given.has("name"));
  CHECK(given.whole_number("rate", 1, 1, 10) == 7);  // the last one wins
  CHECK(given.number("share", 0.5, 0, 1) == doctest::Approx(0.25));
  CHECK(given.text("name", "fallback") == "fallback");
  CHECK_THROWS_WITH_AS(given.required("name"), "--name is required", baton::CommandLineError);
  CHECK_THROWS_WITH_AS(given.whole_number("rate", 1, 1, 5), "--rate: expected a whole number from 1 to 5, got \"7\"",
                       baton::CommandLineError);
  CHECK_THROWS_WITH_AS(baton::FlagValues({"--misses=yes"}, tool_flags), "--misses takes no value",
                       baton::CommandLineError);
  CHECK_THROWS_WITH_AS(baton::parse_number("share", "1.5", 0, 1), "--share: expected a number from 0 to 1, got \"1.5\"",
                       baton::CommandLineError);
  CHECK_THROWS_AS(baton::parse_whole_number("rate", "-1", 0, 9), baton::CommandLineError);
  CHECK_THROWS_AS(baton::parse_whole_number("rate", "", 0, 9), baton::CommandLineError);
  CHECK_THROWS_AS(baton::parse_number("share", "nan", 0, 1), baton::CommandLineError);
}
