// The relay as an operator sees it: start-up line, exit codes, health,
// metrics, static files, graceful shutdown.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <csignal>
#include <doctest/doctest.h>
#include <fstream>

#include "tests/support/cluster.hpp"

using namespace baton::test;

TEST_CASE("process: a bad flag is one clear line on stderr and exit code 2") {
  TempDir dir;
  ChildProcess relay(BATON_RELAY_BIN, {"--listen", "nowhere"}, dir / "relay");
  CHECK(relay.wait(std::chrono::seconds(10)) == 2);
  auto err = relay.stderr_text();
  CHECK(err.starts_with("relay: --listen"));
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);

  ChildProcess unknown(BATON_RELAY_BIN, {"--frobnicate", "1"}, dir / "unknown");
  CHECK(unknown.wait(std::chrono::seconds(10)) == 2);
  ChildProcess unusable(BATON_RELAY_BIN, {"--listen", "127.0.0.1:0", "--data", "/proc/nope"}, dir / "data");
  CHECK(unusable.wait(std::chrono::seconds(10)) == 2);
  CHECK(unusable.stderr_text().starts_with("relay: --data"));
  // A cluster's relays share one PostgreSQL database: Redis beside SQLite is a mistake.
  ChildProcess alone(BATON_RELAY_BIN,
                     {"--listen", "127.0.0.1:0", "--data", (dir / "alone").string(), "--hub", "redis://127.0.0.1:6379"},
                     dir / "alone-relay");
  CHECK(alone.wait(std::chrono::seconds(10)) == 2);
  CHECK(alone.stderr_text().starts_with("relay: --hub: relays in a cluster share one --store postgres://"));
}

TEST_CASE("process: a secret key file that is missing, or another than the chats were sealed with, stops the start") {
  TempDir dir;
  auto data = (dir / "data").string();
  ChildProcess missing(BATON_RELAY_BIN,
                       {"--listen", "127.0.0.1:0", "--data", data, "--secret-key-file", (dir / "nope.key").string()},
                       dir / "missing");
  CHECK(missing.wait(std::chrono::seconds(10)) == 2);
  CHECK(missing.stderr_text().starts_with("relay: --secret-key-file"));
  CHECK_FALSE(std::filesystem::exists(dir / "nope.key"));

  // A chat sealed under data/secret.key, then a start with another key.
  {
    ChildProcess relay(BATON_RELAY_BIN, {"--listen", "127.0.0.1:0", "--data", data}, dir / "first");
    auto line = relay.wait_for_line("listening on http://127.0.0.1:");
    auto base = "http://127.0.0.1:" + line.substr(line.rfind(':') + 1);
    REQUIRE(http_request("POST", base + "/v1/sessions", "{}").status == 201);
  }
  {
    std::ofstream other(dir / "other.key", std::ios::binary);
    other << std::string(32, 'k');
  }
  std::filesystem::permissions(dir / "other.key",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  ChildProcess wrong(BATON_RELAY_BIN,
                     {"--listen", "127.0.0.1:0", "--data", data, "--secret-key-file", (dir / "other.key").string()},
                     dir / "wrong");
  CHECK(wrong.wait(std::chrono::seconds(10)) == 2);
  CHECK(wrong.stderr_text().find("sealed with another secret key") != std::string::npos);
}

TEST_CASE("process: port 0 picks a free port, the environment configures, SIGTERM exits 0") {
  TempDir dir;
  ChildProcess relay(BATON_RELAY_BIN, {"--listen", "127.0.0.1:0", "--data", (dir / "data").string()}, dir / "relay",
                     {{"RELAY_ADMIN_TOKEN", "env-admin-token-of-at-least-32-chars"}});
  auto line = relay.wait_for_line("listening on http://127.0.0.1:");
  auto port = line.substr(line.rfind(':') + 1);
  auto base = "http://127.0.0.1:" + port;
  CHECK(http_request("GET", base + "/healthz").body == "ok");
  CHECK(http_request("GET", base + "/v1/admin/sessions", "",
                     {{"Authorization", "Bearer env-admin-token-of-at-least-32-chars"}})
            .status == 200);
  relay.signal(SIGTERM);
  CHECK(relay.wait(std::chrono::seconds(30)) == 0);
}

TEST_CASE("process: without --admin-token one is generated, printed once, kept only hashed") {
  TempDir dir;
  std::string token;
  {
    ChildProcess relay(BATON_RELAY_BIN, {"--listen", "127.0.0.1:0", "--data", (dir / "data").string()}, dir / "first");
    relay.wait_for_line("listening on");
    auto line = relay.wait_for_line("admin token");
    token = line.substr(line.rfind(' ') + 1);
    CHECK(token.size() == 43);
    relay.signal(SIGTERM);
    relay.wait(std::chrono::seconds(30));
  }
  std::ifstream hash_file(dir / "data" / "admin-token.sha256");
  std::string stored;
  hash_file >> stored;
  CHECK(stored.size() == 64);
  CHECK(stored.find(token) == std::string::npos);
  ChildProcess again(BATON_RELAY_BIN, {"--listen", "127.0.0.1:0", "--data", (dir / "data").string()}, dir / "second");
  auto line = again.wait_for_line("listening on");
  CHECK(again.stdout_text().find("admin token") == std::string::npos);
  auto base = "http://127.0.0.1:" + line.substr(line.rfind(':') + 1);
  CHECK(http_request("GET", base + "/v1/admin/outbox", "", {{"Authorization", "Bearer " + token}}).status == 200);
  CHECK(http_request("GET", base + "/v1/admin/outbox", "", {{"Authorization", "Bearer wrong"}}).status == 401);
}

TEST_CASE("process: metrics in Prometheus text format") {
  Cluster cluster;
  cluster.open_session();
  auto metrics = cluster.relay("GET", "/metrics");
  CHECK(metrics.status == 200);
  CHECK(metrics.header("content-type").starts_with("text/plain"));
  CHECK(metrics.body.find("# TYPE baton_http_requests_total counter") != std::string::npos);
  CHECK(metrics.body.find("baton_store_commit_seconds_bucket{le=\"+Inf\"}") != std::string::npos);
  CHECK(metrics.body.find("baton_ws_connections") != std::string::npos);
}

// The harness itself: a relay's port is picked before it starts, and a test
// running beside this one may take it first (seen once under the sanitizers).
TEST_CASE("process: a relay whose port was taken before it started listens on another, webhooks follow") {
  Cluster cluster({.start_relay = false});
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor squatter(io, {boost::asio::ip::make_address("127.0.0.1"), cluster.relay_port()});
  auto taken = cluster.relay_port();
  cluster.start_relay();
  CHECK(cluster.relay_port() != taken);
  CHECK(cluster.relay("GET", "/healthz").status == 200);
  // wa-sim started again with the new port in its webhook URL: an agent's
  // /take reaches the relay, and the chat goes live.
  auto s = cluster.open_session();
  CHECK(cluster.take_chat(s) == agent_ana);
}

TEST_CASE("process: static files from --web-root") {
  Cluster cluster({.start_relay = false});
  std::filesystem::create_directories(cluster.dir() / "web" / "demo");
  std::ofstream(cluster.dir() / "web" / "demo" / "index.html") << "<!doctype html><title>demo</title>";
  std::ofstream(cluster.dir() / "web" / "widget.wasm") << "wasm";
  std::ofstream(cluster.dir() / "web" / "widget.wasm.br") << "brotli-bytes";
  cluster.start_relay();
  auto page = cluster.relay("GET", "/demo/");
  CHECK(page.status == 200);
  CHECK(page.header("content-type") == "text/html; charset=utf-8");
  auto wasm = cluster.relay("GET", "/widget.wasm", "", {{"Accept-Encoding", "gzip, br"}});
  CHECK(wasm.header("content-type") == "application/wasm");
  CHECK(wasm.header("content-encoding") == "br");
  CHECK(wasm.body == "brotli-bytes");
  CHECK(cluster.relay("GET", "/nothing.js").status == 404);
  CHECK(cluster.relay("GET", "/nothing.js").json().at("error").at("code") == "not_found");
  CHECK(cluster.relay("DELETE", "/demo/").status == 405);
}
