#pragma once
// Shared pieces of the benchmark tools: latency statistics, process
// resource readings, and a blocking HTTP call for setting up sessions.

#include <cstdint>
#include <string>
#include <vector>

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

// A webhook as Meta sends it: text messages from one WhatsApp user (the
// agent, digits only) to the business, each with its wamid.
struct WebhookText {
  std::string wamid;
  std::string text;
};
std::string agent_webhook_body(const std::string& agent_digits, const std::vector<WebhookText>& messages);

// "--name value" arguments into a map; missing required ones exit with usage.
std::string argument(int argc, char** argv, const std::string& name, const std::string& fallback);

}  // namespace baton::bench
