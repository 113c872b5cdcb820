#include "tools/bench/soak_load.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>
#include <unistd.h>

#include "relay/core/net.hpp"
#include "relay/whatsapp/signature.hpp"
#include "tools/bench/bench_support.hpp"

namespace baton::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::string wamid(const std::string& what, std::uint64_t n) {
  return "wamid.soak." + std::to_string(::getpid()) + "." + what + "." + std::to_string(n);
}

// Sends one request per tick at `plan.per_second` until `plan.until`, over
// one keep-alive connection (a new one after any failure). `make` builds
// request n; `expected` is the status that means it was stored.
template <class Make>
net::awaitable<void> paced_requests(const LoadPlan& plan, Make make, unsigned expected, std::uint64_t& stored,
                                    std::uint64_t& refused) {
  auto executor = co_await net::this_coro::executor;
  beast::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  net::steady_timer tick(executor);
  auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / plan.per_second));
  auto due = Clock::now();
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  for (std::uint64_t n = 0; Clock::now() < plan.until; ++n) {
    due += interval;
    tick.expires_at(due);
    co_await tick.async_wait(token);
    if (!stream) {
      stream = std::make_unique<beast::tcp_stream>(executor);
      stream->expires_after(std::chrono::seconds(10));
      co_await stream->async_connect(tcp::endpoint(net::ip::make_address(plan.host), plan.port), token);
      if (ec) {
        ++refused;
        stream.reset();
        continue;
      }
    }
    auto request = make(n);
    request.set(http::field::host, plan.host);
    request.prepare_payload();
    stream->expires_after(std::chrono::seconds(30));
    co_await http::async_write(*stream, request, token);
    http::response<http::string_body> response;
    if (!ec) co_await http::async_read(*stream, buffer, response, token);
    if (ec) {
      ++refused;
      stream.reset();
      buffer.clear();
      continue;
    }
    if (response.result_int() == expected) ++stored;
    else ++refused;
  }
}

}  // namespace

net::awaitable<void> send_agent_replies(LoadPlan plan, LoadCounters& counters) {
  const auto& chats = *plan.chats;
  auto make = [&](std::uint64_t n) {
    const auto& chat = chats[n % chats.size()];
    auto body = agent_webhook_body(plan.agent_digits,
                                   {{wamid("reply", n), "#" + chat.code + " soak " + std::to_string(n)}});
    http::request<http::string_body> request{http::verb::post, "/webhooks/whatsapp", 11};
    request.set(http::field::content_type, "application/json");
    request.set("X-Hub-Signature-256", sign_body(plan.secret, body));
    request.body() = std::move(body);
    return request;
  };
  co_await paced_requests(plan, make, 200, counters.webhooks_stored, counters.refused);
}

net::awaitable<void> send_visitor_messages(LoadPlan plan, LoadCounters& counters) {
  const auto& chats = *plan.chats;
  auto make = [&](std::uint64_t n) {
    // Every third chat in turn, so replies and questions land on different ones.
    const auto& chat = chats[(n * 3) % chats.size()];
    http::request<http::string_body> request{http::verb::post, "/v1/sessions/" + chat.id + "/messages", 11};
    request.set(http::field::content_type, "application/json");
    request.set(http::field::authorization, "Bearer " + chat.token);
    request.body() = boost::json::serialize(
        boost::json::object{{"cid", "soak-" + std::to_string(::getpid()) + "-" + std::to_string(n)},
                            {"text", "visitor question " + std::to_string(n)}});
    return request;
  };
  co_await paced_requests(plan, make, 201, counters.visitor_messages_stored, counters.refused);
}

void prepare_chats(const LoadPlan& plan, std::vector<SoakChat>& chats, std::size_t entries) {
  std::vector<WebhookText> batch;
  std::uint64_t n = 0;
  auto flush = [&] {
    if (batch.empty()) return;
    auto body = agent_webhook_body(plan.agent_digits, batch);
    auto answer = http_call(plan.host, plan.port, "POST", "/webhooks/whatsapp", body,
                            {{"X-Hub-Signature-256", sign_body(plan.secret, body)}});
    if (answer.status != 200) throw std::runtime_error("webhook: " + std::to_string(answer.status) + " " + answer.body);
    batch.clear();
  };
  std::vector<BenchSession> sessions;
  for (const auto& chat : chats) sessions.push_back({chat.id, chat.token, chat.code});
  hand_to_agent(plan.host, plan.port, plan.secret, plan.agent_digits, sessions);
  for (std::size_t i = 0; i < entries; ++i) {
    for (const auto& chat : chats) {
      batch.push_back({wamid("backlog", n++), "#" + chat.code + " backlog " + std::to_string(i)});
      if (batch.size() == 50) flush();
    }
  }
  flush();
}

std::uint64_t last_seq(const std::string& host, unsigned short port, const std::string& admin_token,
                       const SoakChat& chat) {
  auto answer = http_call(host, port, "GET", "/v1/admin/sessions/" + chat.id, "",
                          {{"Authorization", "Bearer " + admin_token}});
  if (answer.status != 200) throw std::runtime_error("admin session: " + std::to_string(answer.status));
  return boost::json::parse(answer.body).at("last_seq").to_number<std::uint64_t>();
}

}  // namespace baton::bench
