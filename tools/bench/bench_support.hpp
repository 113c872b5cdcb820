#pragma once
// Shared pieces of the benchmark tools: latency statistics, process
// resource readings, and a blocking HTTP call for setting up sessions.

#include <cstdint>
#include <string>
#include <vector>

#include "relay/core/command_line.hpp"

namespace baton::bench {

class Latencies {
 public:
  void add(double ms) { values_.push_back(ms); }
  std::size_t count() const { return values_.size(); }
  // p in [0, 100]
  double percentile(double p);
  std::string summary(const std::string& name);

 private:
  std::vector<double> values_;
  bool sorted_ = false;
};

// From /proc: resident memory in KiB (all of it; and only the process's own,
// without file-backed pages such as code), and CPU time (user + system) in seconds.
long resident_kib(int pid);
long anonymous_kib(int pid);
double cpu_seconds(int pid);

struct HttpAnswer {
  unsigned status = 0;
  std::string body;
};

HttpAnswer http_call(const std::string& host, unsigned short port, const std::string& method, const std::string& target,
                     const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers = {});

struct BenchSession {
  std::string id;
  std::string token;
  std::string code;
};

BenchSession open_session(const std::string& host, unsigned short port);

// The production path into a chat: each session asks for a person (live
// chat) and the agent's first WhatsApp reply takes it, so that the agent's
// next messages reach it. Throws std::runtime_error on any refusal.
void hand_to_agent(const std::string& host, unsigned short port, const std::string& secret,
                   const std::string& agent_digits, const std::vector<BenchSession>& sessions);

// A webhook as Meta sends it: text messages from one WhatsApp user (the
// agent, digits only) to the business, each with its wamid.
struct WebhookText {
  std::string wamid;
  std::string text;
};
std::string agent_webhook_body(const std::string& agent_digits, const std::vector<WebhookText>& messages);

[[noreturn]] void print_usage_and_exit(std::string_view about, std::span<const FlagSpec> flags);
[[noreturn]] void exit_with_usage_error(const char* program, const std::string& problem);

// The benchmark's settings, as `read(FlagValues)` makes them: --help prints
// `about` and the flags and exits 0; a bad command line (an unknown flag, a
// missing or malformed value) prints the problem and exits 2.
template <class Read>
auto read_bench_flags(int argc, char** argv, std::string_view about, std::span<const FlagSpec> flags, Read read) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (wants_help(args)) print_usage_and_exit(about, flags);
  try {
    return read(FlagValues(args, flags));
  } catch (const CommandLineError& e) {
    exit_with_usage_error(argv[0], e.what());
  }
}

}  // namespace baton::bench
