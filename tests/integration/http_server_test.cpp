// The HTTP server the relay, wa-sim and llm-sim share, and the TLS client
// wa-sim posts webhooks with: what only the simulators ask of them (a late,
// dropped, streamed or cut answer, a reset connection), limits, and verified
// TLS both ways.

#include "relay/http/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <doctest/doctest.h>
#include <future>
#include <mutex>
#include <thread>

#include "relay/http/responses.hpp"
#include "tests/support/cluster.hpp"
#include "tests/support/http_client.hpp"
#include "tools/wa-sim/webhook_sender.hpp"

namespace net = boost::asio;
namespace http = boost::beast::http;

namespace {

class ScriptedHandler : public baton::RequestHandler {
 public:
  std::function<baton::Reply(const baton::Request&)> reply = [](const baton::Request& request) {
    return baton::Reply{baton::text_response(request, 200, "ok")};
  };

  net::awaitable<baton::Reply> handle(const baton::Request& request, const baton::Peer& /*peer*/) override {
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(request);
    }
    co_return reply(request);
  }
  std::size_t body_limit(std::string_view /*target*/) const override { return 1024; }
  baton::Screening screen(const baton::RequestHeader& header, const baton::Peer& /*peer*/) override {
    baton::Screening screening;
    screening.reset = header.target() == "/reset";
    return screening;
  }

  std::vector<baton::Request> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  std::mutex mutex_;
  std::vector<baton::Request> seen_;
};

// A server on its own event loop thread, stopped and joined on destruction.
class RunningServer {
 public:
  explicit RunningServer(ScriptedHandler& handler, net::ssl::context* tls = nullptr)
      : server_(io_, handler, nullptr, tls) {
    port = server_.listen("127.0.0.1", 0).port();
    server_.start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~RunningServer() {
    net::post(io_, [this] {
      server_.stop();
      io_.stop();
    });
    thread_.join();
  }

  net::io_context& io() { return io_; }
  unsigned short port = 0;

 private:
  net::io_context io_;
  baton::HttpServer server_;
  std::thread thread_;
};

net::ssl::context server_tls() {
  net::ssl::context tls(net::ssl::context::tls_server);
  tls.use_certificate_chain_file((baton::test::certificates() / "server.pem").string());
  tls.use_private_key_file((baton::test::certificates() / "server.key").string(), net::ssl::context::pem);
  return tls;
}

baton::sim::Attempt post_webhook(net::io_context& io, baton::sim::WebhookSender& sender, std::string body) {
  std::promise<baton::sim::Attempt> done;
  net::co_spawn(io, sender.post(std::make_shared<const std::string>(std::move(body))),
                [&done](std::exception_ptr error, baton::sim::Attempt attempt) {
                  if (error) {
                    done.set_exception(error);
                  } else {
                    done.set_value(std::move(attempt));
                  }
                });
  return done.get_future().get();
}

const std::string get_request = "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

}  // namespace

TEST_CASE("http server: a body streamed in pieces ends with the last chunk, or is cut short") {
  ScriptedHandler handler;
  bool cut = false;
  handler.reply = [&cut](const baton::Request& request) {
    baton::Reply reply{baton::text_response(request, 200, "unused")};
    auto left = std::make_shared<std::vector<std::string>>(std::vector<std::string>{"bb", "a"});
    reply.pieces = [left]() -> net::awaitable<std::optional<std::string>> {
      if (left->empty()) co_return std::nullopt;
      auto piece = left->back();
      left->pop_back();
      co_return piece;
    };
    reply.cut_after_pieces = cut;
    return reply;
  };
  RunningServer server(handler);

  auto whole = baton::test::raw_exchange("127.0.0.1", server.port, get_request);
  CHECK(whole.starts_with("HTTP/1.1 200"));
  CHECK(whole.find("Transfer-Encoding: chunked") != std::string::npos);
  CHECK(whole.find("Content-Length") == std::string::npos);
  CHECK(whole.ends_with("\r\n\r\n1\r\na\r\n2\r\nbb\r\n0\r\n\r\n"));

  cut = true;
  auto broken = baton::test::raw_exchange("127.0.0.1", server.port, get_request);
  CHECK(broken.ends_with("\r\n\r\n1\r\na\r\n2\r\nbb\r\n"));
}

// The body is parsed from what the header's read brought when it is all
// there, and read on otherwise: however its bytes arrive, the handler gets
// it whole, and a request behind it is left for the next round.
TEST_CASE("http server: a body is read whole with its header, after it, in chunks, or with a request behind it") {
  ScriptedHandler handler;
  handler.reply = [](const baton::Request& request) {
    return baton::Reply{baton::text_response(request, 200, "got " + request.body())};
  };
  RunningServer server(handler);
  auto post = [](std::string target, std::string body, std::string more = "") {
    return "POST " + target + " HTTP/1.1\r\nHost: t\r\n" + more + "Content-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
  };

  // Two requests in one write: both answered, in order, each with its own body.
  auto both = baton::test::raw_exchange("127.0.0.1", server.port,
                                        post("/a", "hello") + post("/b", "bye", "Connection: close\r\n"));
  CHECK(both.find("got hello") != std::string::npos);
  CHECK(both.find("got bye") > both.find("got hello"));

  // The body after the header, in two more writes.
  {
    baton::test::RawConnection slow("127.0.0.1", server.port);
    slow.send("POST /c HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 11\r\n\r\nhel");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    slow.send("lo ");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    slow.send("world");
    CHECK(slow.receive().find("got hello world") != std::string::npos);
  }

  // Chunks in the same write as the header, and chunks that go past the
  // limit (1,024 bytes) before the end.
  auto chunked = baton::test::raw_exchange(
      "127.0.0.1", server.port,
      "POST /d HTTP/1.1\r\nHost: t\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n again\r\n0\r\n\r\n");
  CHECK(chunked.find("got hello again") != std::string::npos);
  auto too_long = baton::test::raw_exchange("127.0.0.1", server.port,
                                            "POST /e HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n500\r\n" +
                                                std::string(0x500, 'x') + "\r\n0\r\n\r\n");
  CHECK(too_long.starts_with("HTTP/1.1 413"));

  std::vector<std::string> bodies;
  for (const auto& request : handler.seen()) bodies.push_back(request.body());
  CHECK(bodies == std::vector<std::string>{"hello", "bye", "hello world", "hello again"});
}

TEST_CASE("http server: a dropped answer closes the connection after the delay, writing nothing") {
  ScriptedHandler handler;
  handler.reply = [](const baton::Request& request) {
    baton::Reply reply{baton::text_response(request, 200, "never sent")};
    reply.action = baton::Reply::Action::drop;
    reply.delay = std::chrono::milliseconds(50);
    return reply;
  };
  RunningServer server(handler);
  auto started = std::chrono::steady_clock::now();
  CHECK(baton::test::raw_exchange("127.0.0.1", server.port, get_request).empty());
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(50));
  CHECK(handler.seen().size() == 1);
}

TEST_CASE("http server: a reset is decided on the header, and a declared body over the limit is refused unread") {
  ScriptedHandler handler;
  RunningServer server(handler);
  CHECK(baton::test::raw_exchange("127.0.0.1", server.port,
                                  "POST /reset HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi")
            .empty());
  auto refused = baton::test::raw_exchange("127.0.0.1", server.port,
                                           "POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n");
  CHECK(refused.starts_with("HTTP/1.1 413"));
  CHECK(refused.find("body_too_large") != std::string::npos);
  CHECK(handler.seen().empty());

  // The server goes on serving, with keep-alive.
  auto two = baton::test::raw_exchange("127.0.0.1", server.port,
                                       "GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(two.find("HTTP/1.1 200", two.find("HTTP/1.1 200") + 1) != std::string::npos);
  CHECK(handler.seen().size() == 2);
}

TEST_CASE("http server and client: a webhook over verified TLS arrives signed, as Meta sends it") {
  ScriptedHandler handler;
  handler.reply = [](const baton::Request& request) { return baton::Reply{baton::text_response(request, 202, "")}; };
  auto tls = server_tls();
  RunningServer server(handler, &tls);
  auto url = "https://127.0.0.1:" + std::to_string(server.port) + "/webhooks/whatsapp?from=sim";

  baton::sim::WebhookSender trusted(url, "s3cret", baton::test::certificates() / "ca.pem", std::chrono::seconds(5));
  auto attempt = post_webhook(server.io(), trusted, R"({"object":"whatsapp_business_account"})");
  CHECK(attempt.status == 202);
  CHECK(attempt.error.empty());
  auto seen = handler.seen();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].target() == "/webhooks/whatsapp?from=sim");
  CHECK(seen[0][http::field::host] == "127.0.0.1:" + std::to_string(server.port));
  CHECK(seen[0][http::field::user_agent] == "facebookexternalua");
  CHECK(seen[0]["X-Hub-Signature-256"] == trusted.signature(seen[0].body()));
  CHECK(seen[0]["X-Hub-Signature"].starts_with("sha1="));

  // Without the test CA the certificate is not trusted: nothing is sent.
  baton::sim::WebhookSender untrusted(url, "s3cret", {}, std::chrono::seconds(5));
  auto refused = post_webhook(server.io(), untrusted, "{}");
  CHECK(refused.status == 0);
  CHECK(refused.error.starts_with("tls handshake"));
  CHECK(handler.seen().size() == 1);
}
