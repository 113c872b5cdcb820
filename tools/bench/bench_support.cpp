#include "tools/bench/bench_support.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "relay/whatsapp/signature.hpp"

namespace baton::bench {

double Latencies::percentile(double p) {
  if (values_.empty()) return 0;
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values_.size() - 1) + 0.5);
  return values_[std::min(rank, values_.size() - 1)];
}

std::string Latencies::summary(const std::string& name) {
  char line[256];
  std::snprintf(line, sizeof line, "%s: n=%zu p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms", name.c_str(), count(),
                percentile(50), percentile(90), percentile(99), percentile(100));
  return line;
}

namespace {

long status_kib(int pid, std::string_view field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(field)) return std::stol(line.substr(field.size()));
  }
  return -1;
}

}  // namespace

long resident_kib(int pid) { return status_kib(pid, "VmRSS:"); }

long anonymous_kib(int pid) { return status_kib(pid, "RssAnon:"); }

double cpu_seconds(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = content.rfind(')');
  std::istringstream fields(content.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) {
      stime = std::stol(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

HttpAnswer http_call(const std::string& host, unsigned short port, const std::string& method, const std::string& target,
                     const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(host), port));
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, host);
  request.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return HttpAnswer{response.result_int(), response.body()};
}

std::string agent_webhook_body(const std::string& agent_digits, const std::vector<WebhookText>& messages) {
  boost::json::array list;
  for (const auto& m : messages) {
    list.push_back(boost::json::object{{"from", agent_digits},
                                       {"id", m.wamid},
                                       {"timestamp", std::to_string(std::time(nullptr))},
                                       {"type", "text"},
                                       {"text", boost::json::object{{"body", m.text}}}});
  }
  boost::json::object value{
      {"messaging_product", "whatsapp"},
      {"metadata",
       boost::json::object{{"display_phone_number", "15550001234"}, {"phone_number_id", "100000000000001"}}},
      {"contacts", boost::json::array{boost::json::object{{"profile", boost::json::object{{"name", "Bench"}}},
                                                          {"wa_id", agent_digits}}}},
      {"messages", std::move(list)}};
  boost::json::object root{
      {"object", "whatsapp_business_account"},
      {"entry", boost::json::array{boost::json::object{
                    {"id", "1"},
                    {"changes", boost::json::array{boost::json::object{{"field", "messages"}, {"value", value}}}}}}}};
  return boost::json::serialize(root);
}

BenchSession open_session(const std::string& host, unsigned short port) {
  auto answer = http_call(host, port, "POST", "/v1/sessions", R"({"context":{"page_url":"https://bench.example/"}})");
  if (answer.status != 201) throw std::runtime_error("session: " + answer.body);
  auto json = boost::json::parse(answer.body);
  return BenchSession{std::string(json.at("session_id").as_string()), std::string(json.at("token").as_string()),
                      std::string(json.at("code").as_string())};
}

void hand_to_agent(const std::string& host, unsigned short port, const std::string& secret,
                   const std::string& agent_digits, const std::vector<BenchSession>& sessions) {
  std::vector<WebhookText> takes;
  for (const auto& s : sessions) {
    auto answer = http_call(host, port, "POST", "/v1/sessions/" + s.id + "/handoff",
                            R"({"mode":"live","name":"Bench"})", {{"Authorization", "Bearer " + s.token}});
    if (answer.status != 200) throw std::runtime_error("handoff: " + std::to_string(answer.status) + " " + answer.body);
    takes.push_back({"wamid.bench.take." + std::to_string(::getpid()) + "." + s.id, "#" + s.code + " hello, I'm here"});
  }
  for (std::size_t first = 0; first < takes.size(); first += 50) {
    std::vector<WebhookText> batch(takes.begin() + static_cast<std::ptrdiff_t>(first),
                                   takes.begin() + static_cast<std::ptrdiff_t>(std::min(takes.size(), first + 50)));
    auto body = agent_webhook_body(agent_digits, batch);
    auto answer = http_call(host, port, "POST", "/webhooks/whatsapp", body,
                            {{"X-Hub-Signature-256", sign_body(secret, body)}});
    if (answer.status != 200) throw std::runtime_error("webhook: " + std::to_string(answer.status) + " " + answer.body);
  }
}

void print_usage_and_exit(std::string_view about, std::span<const FlagSpec> flags) {
  std::printf("%s\n\n%s", std::string(about).c_str(), flag_usage(flags).c_str());
  std::exit(0);
}

void exit_with_usage_error(const char* program, const std::string& problem) {
  std::fprintf(stderr, "%s: %s (see --help)\n", program, problem.c_str());
  std::exit(2);
}

}  // namespace baton::bench
