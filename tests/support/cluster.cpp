#include "tests/support/cluster.hpp"

#include "tests/support/postgres_server.hpp"

#include "relay/store/postgres/pg_connection.hpp"
#include "relay/store/sqlite_db.hpp"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace baton::test {
namespace {

std::string loopback_url(unsigned short port, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(port) + path;
}

unsigned short port_of(const std::string& line) {
  return static_cast<unsigned short>(std::stoul(line.substr(line.rfind(':') + 1)));
}

}  // namespace

const std::filesystem::path& certificates() {
  // One CA for the whole test run.
  static const std::filesystem::path dir = [] {
    auto path = std::filesystem::temp_directory_path() / ("baton-test-certs-" + std::to_string(::getpid()));
    auto command = std::string(BATON_SOURCE_DIR) + "/tools/make-certs " + path.string();
    if (std::system(command.c_str()) != 0) throw std::runtime_error("tools/make-certs failed");
    return path;
  }();
  return dir;
}

std::vector<std::string> files_holding(const std::filesystem::path& folder, std::string_view text) {
  std::vector<std::string> holding;
  // Every file below it, the blob store's too.
  for (const auto& file : std::filesystem::recursive_directory_iterator(folder)) {
    if (!file.is_regular_file()) continue;
    std::ifstream in(file.path(), std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (bytes.find(text) != std::string::npos) holding.push_back(file.path().string());
  }
  return holding;
}

Cluster::Cluster(ClusterOptions options) : options_(std::move(options)) {
  if (options_.relays > 1) {
    redis_ = std::make_unique<RedisServer>();
    for (int i = 1; i < options_.relays; ++i) peer_ports_.push_back(free_port());
    peers_.resize(peer_ports_.size());
  }
  if (options_.proxy) proxy_port_ = free_port();
  // The relay's port must be known before wa-sim starts (its webhook URL), so
  // it is picked in advance; start_relay() tries another if it was taken.
  relay_port_ = free_port();
  start_sim();
  if (!options_.start_relay) return;
  start_relay();
  for (int i = 1; i < options_.relays; ++i) start_relay(i);
  if (options_.proxy) start_proxy();
}

void Cluster::start_sim() {
  const auto& certs = certificates();
  std::vector<std::string> sim_args{"--listen",
                                    "127.0.0.1:0",
                                    "--control-listen",
                                    "127.0.0.1:0",
                                    "--webhook-url",
                                    "http://127.0.0.1:" + std::to_string(options_.proxy ? proxy_port_ : relay_port_) +
                                        "/webhooks/whatsapp",
                                    "--app-secret",
                                    app_secret,
                                    "--tls-cert",
                                    (certs / "server.pem").string(),
                                    "--tls-key",
                                    (certs / "server.key").string(),
                                    "--webhook-retry-ms",
                                    "200",
                                    "--status-delay-ms",
                                    "10",
                                    "--users",
                                    "Ana:" + agent_ana + ",Ben:" + agent_ben};
  sim_args.insert(sim_args.end(), options_.sim_flags.begin(), options_.sim_flags.end());
  sim_ = std::make_unique<ChildProcess>(BATON_WA_SIM_BIN, sim_args, dir_ / ("wa-sim-" + std::to_string(sim_starts_++)));
  sim_port_ = port_of(sim_->wait_for_line("listening on "));
  sim_control_port_ = port_of(sim_->wait_for_line("control on "));
}

Cluster::~Cluster() {
  // Stopped as systemd stops them, so every test also runs their shutdown;
  // the relay must finish it cleanly. Then any sanitizer report that a
  // process of this test wrote fails the test.
  auto stop_cleanly = [](const std::unique_ptr<ChildProcess>& relay) {
    if (!relay || !relay->running()) return;
    auto status = relay->terminate();
    CHECK_MESSAGE(status == 0, "a relay's exit status after SIGTERM: " << status.value_or(-1000) << "\n"
                                                                       << relay->stderr_text().substr(0, 4000));
  };
  stop_cleanly(relay_);
  for (const auto& peer : peers_) stop_cleanly(peer);
  if (haproxy_) haproxy_->terminate();
  if (sim_) sim_->terminate();
  std::string reports;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path(), ec)) {
    if (entry.path().filename().string().find(".sanitizer.") == std::string::npos) continue;
    std::ifstream in(entry.path());
    reports += entry.path().filename().string() + ":\n" + std::string(std::istreambuf_iterator<char>(in), {}) + "\n";
  }
  if (!reports.empty()) FAIL_CHECK("a process of this test reported a sanitizer error:\n" << reports);
}

void Cluster::start_relay() { start_relay(0); }

void Cluster::start_proxy() {
  std::string command = std::string(BATON_SOURCE_DIR) +
                        "/tools/haproxy-config 127.0.0.1:" + std::to_string(proxy_port_);
  for (int i = 0; i < options_.relays; ++i) command += " 127.0.0.1:" + std::to_string(relay_port(i));
  auto config = dir_ / "haproxy.cfg";
  command += " > " + config.string();
  if (std::system(command.c_str()) != 0) throw std::runtime_error("tools/haproxy-config failed");
  haproxy_ = std::make_unique<ChildProcess>("/usr/sbin/haproxy", std::vector<std::string>{"-f", config.string(), "-db"},
                                            dir_ / "haproxy");
  // Up once a request through it reaches a relay.
  if (!eventually([&] {
        try {
          return proxy("GET", "/healthz").status == 200;
        } catch (const std::exception&) {
          return false;
        }
      })) {
    throw std::runtime_error("HAProxy did not start: " + haproxy_->stderr_text());
  }
}

void Cluster::sql(const std::string& statement) const {
  if (store_url_.empty()) {
    // A second writer of the file, as SQLite allows: it waits for the
    // relay's commit in progress, if any.
    baton::sqlite::Database(dir_.path() / "relay-data" / "baton.db", baton::sqlite::Database::Mode::read_write)
        .exec(statement);
    return;
  }
  baton::postgres::PgConnection(store_url_).exec(statement);
}

HttpReply Cluster::proxy(const std::string& method, const std::string& path, const std::string& body,
                         const Headers& headers) const {
  return http_request(method, loopback_url(proxy_port_, path), body, headers);
}

void Cluster::start_relay(int which) {
  // A relay's first start: its port was picked in advance, and a test
  // running beside this one may have taken it since (seen once under the
  // sanitizers). Then another is picked; for relay 0, wa-sim, whose webhook
  // URL names it, starts again. Once HAProxy's configuration names the
  // ports, or on a restart (tabs come back to the same port), a start fails
  // as it is.
  const auto slot = static_cast<std::size_t>(which);
  if (started_.size() <= slot) started_.resize(slot + 1, false);
  auto& process = which == 0 ? relay_ : peers_.at(slot - 1);
  for (int attempt = 0;; ++attempt) {
    try {
      process = std::make_unique<ChildProcess>(BATON_RELAY_BIN, relay_args(relay_port(which)),
                                               dir_ / ("relay-" + std::to_string(relay_starts_++)));
      process->wait_for_line("listening on ");
      started_[slot] = true;
      return;
    } catch (const std::exception&) {
      bool port_taken = process && process->stderr_text().find("--listen") != std::string::npos;
      if (started_[slot] || haproxy_ || !port_taken || attempt == 4) throw;
      if (which > 0) {
        peer_ports_.at(slot - 1) = free_port();
        continue;
      }
      relay_port_ = free_port();
      sim_.reset();
      start_sim();
    }
  }
}

void Cluster::kill_relay(int which) {
  auto& process = relay_process(which);
  process.signal(SIGKILL);
  process.wait(std::chrono::seconds(5));
}

unsigned short Cluster::relay_port(int which) const {
  return which == 0 ? relay_port_ : peer_ports_.at(static_cast<std::size_t>(which - 1));
}

ChildProcess& Cluster::relay_process(int which) {
  return which == 0 ? *relay_ : *peers_.at(static_cast<std::size_t>(which - 1));
}

HttpReply Cluster::relay_at(int which, const std::string& method, const std::string& path, const std::string& body,
                            const Headers& headers) const {
  return http_request(method, loopback_url(relay_port(which), path), body, headers);
}

std::vector<std::string> Cluster::relay_args(unsigned short port) {
  // Every relay of a cluster shares the data folder (the attachments' bytes
  // and the secret key, docs/cluster.md) and the database.
  std::vector<std::string> args{"--listen",
                                "127.0.0.1:" + std::to_string(port),
                                "--data",
                                (dir_ / "relay-data").string(),
                                "--web-root",
                                (dir_ / "web").string(),
                                "--graph-url",
                                "https://127.0.0.1:" + std::to_string(sim_port_) + "/v23.0",
                                "--graph-ca",
                                (certificates() / "ca.pem").string(),
                                "--phone-number-id",
                                "100000000000001",
                                "--access-token",
                                "sim-access-token",
                                "--business-number",
                                "15550001234",
                                "--app-secret",
                                app_secret,
                                "--verify-token",
                                verify_token,
                                "--admin-token",
                                admin_token,
                                "--agents",
                                "Ana:" + agent_ana + ",Ben:" + agent_ben,
                                "--allowed-origins",
                                "https://shop.example",
                                "--graph-timeout-ms",
                                "2000",
                                "--in-doubt-grace-ms",
                                "1500",
                                "--log-level",
                                "debug"};
  // Every test visitor comes from 127.0.0.1: the abuse limits would count
  // the whole suite as one visitor. Tests of the limits set their own
  // (options_.relay_flags come later and win).
  for (const char* flag : {"--limit-sessions-per-ip", "--limit-messages-per-session", "--limit-messages-per-ip",
                           "--limit-handoffs-per-session", "--limit-handoffs-per-ip", "--limit-emails-per-session",
                           "--limit-emails-per-ip", "--limit-connects-per-ip"}) {
    args.insert(args.end(), {flag, "1000000/s"});
  }
  args.insert(args.end(), {"--max-connections-per-ip", "100000", "--limit-open-handoffs-per-ip", "0"});
  if (options_.simulator_link) args.insert(args.end(), {"--simulator-url", sim_url()});
  if (testing_on_postgres() || redis_) {
    // One database for this cluster, kept across the relays' restarts.
    if (store_url_.empty()) store_url_ = shared_postgres().new_database();
    args.insert(args.end(), {"--store", store_url_});
  }
  if (redis_) args.insert(args.end(), {"--hub", redis_->url()});
  args.insert(args.end(), options_.relay_flags.begin(), options_.relay_flags.end());
  return args;
}

void Cluster::kill_relay() {
  relay_->signal(SIGKILL);
  relay_->wait(std::chrono::seconds(5));
}

int Cluster::stop_relay() {
  relay_->signal(SIGTERM);
  auto status = relay_->wait(std::chrono::seconds(30));
  if (!status) throw std::runtime_error("relay did not stop after SIGTERM");
  return *status;
}

std::string Cluster::relay_url(const std::string& path) const { return loopback_url(relay_port_, path); }

std::string Cluster::sim_url(const std::string& path) const { return loopback_url(sim_control_port_, path); }

HttpReply Cluster::relay(const std::string& method, const std::string& path, const std::string& body,
                         const Headers& headers) const {
  return http_request(method, relay_url(path), body, headers);
}

HttpReply Cluster::sim(const std::string& method, const std::string& path, const std::string& body) const {
  return http_request(method, sim_url(path), body);
}

VisitorSession Cluster::open_session(const std::string& context_json) const {
  auto reply = relay("POST", "/v1/sessions", R"({"context":)" + context_json + "}");
  if (reply.status != 201) throw std::runtime_error("open_session: " + std::to_string(reply.status) + " " + reply.body);
  auto json = reply.json();
  return VisitorSession{std::string(json.at("session_id").as_string()), std::string(json.at("token").as_string()),
                        std::string(json.at("code").as_string())};
}

HttpReply Cluster::post_message(const VisitorSession& s, const std::string& cid, const std::string& text) const {
  boost::json::object body{{"cid", cid}, {"text", text}};
  return relay("POST", "/v1/sessions/" + s.id + "/messages", boost::json::serialize(body), s.auth());
}

boost::json::array Cluster::messages(const VisitorSession& s, std::uint64_t after) const {
  auto reply = relay("GET", "/v1/sessions/" + s.id + "/messages?after=" + std::to_string(after), "", s.auth());
  if (reply.status != 200) throw std::runtime_error("messages: " + reply.body);
  return reply.json().at("messages").as_array();
}

HttpReply Cluster::hand_off(const VisitorSession& s, const std::string& body) const {
  return relay("POST", "/v1/sessions/" + s.id + "/handoff", body, s.auth());
}

boost::json::array Cluster::sent_to(const std::string& phone) const {
  std::string path = "/sim/messages";
  if (!phone.empty()) path += "?to=%2B" + phone.substr(1);
  return sim("GET", path).json().as_array();
}

std::vector<std::string> Cluster::lines_sent_to(const std::string& phone) const {
  std::vector<std::string> lines;
  for (const auto& m : sent_to(phone)) {
    const auto* body = m.as_object().if_contains("body");
    if (!body || !body->is_string()) continue;
    std::string text(body->as_string());
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  return lines;
}

std::string Cluster::whatsapp_from(const std::string& phone, const std::string& text,
                                   const std::string& reply_to) const {
  boost::json::object body{{"from", phone}, {"name", phone == agent_ana ? "Ana" : "Someone"}, {"text", text}};
  if (!reply_to.empty()) body["reply_to"] = reply_to;
  auto reply = sim("POST", "/sim/inbound", boost::json::serialize(body));
  if (reply.status != 200) throw std::runtime_error("sim inbound: " + reply.body);
  return std::string(reply.json().at("id").as_string());
}

void Cluster::open_window(const std::string& phone) const {
  auto before = sent_to(phone).size();
  whatsapp_from(phone, "hello");
  // No chat is open yet, so the relay answers the agent with a short notice.
  if (!eventually([&] { return sent_to(phone).size() > before; })) {
    throw std::runtime_error("the relay did not answer the agent's first message");
  }
}

std::string Cluster::take_chat(const VisitorSession& s) const {
  auto handed = hand_off(s);
  if (handed.status != 200) throw std::runtime_error("handoff refused: " + handed.body);
  std::string agent;
  bool offered = eventually([&] {
    for (const auto& phone : {agent_ana, agent_ben}) {
      for (const auto& m : sent_to(phone)) {
        if (std::string(m.at("body").as_string()).find("#" + s.code) != std::string::npos) agent = phone;
      }
    }
    return !agent.empty();
  });
  if (!offered) throw std::runtime_error("no agent was offered chat #" + s.code);
  whatsapp_from(agent, "/take " + s.code);
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  bool live = eventually([&] {
    // A copy: the reply is a temporary.
    auto rows = relay("GET", "/v1/admin/sessions", "", admin).json().at("sessions").as_array();
    for (const auto& row : rows) {
      if (row.at("session_id") == s.id) return row.at("state") == "live";
    }
    return false;
  });
  if (!live) throw std::runtime_error("chat #" + s.code + " did not become live");
  return agent;
}

std::set<int> post_through_crash(int total, const std::function<HttpReply(int)>& post, std::chrono::milliseconds delay,
                                 const std::function<void()>& crash) {
  std::set<int> acknowledged;
  std::mutex mutex;
  std::atomic<int> next{0};
  auto sender = [&] {
    for (int i = next++; i < total; i = next++) {
      try {
        if (post(i).status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.insert(i);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      } catch (const std::exception&) {
        // The relay died mid-request: not acknowledged.
      }
    }
  };
  std::thread a(sender), b(sender);
  std::this_thread::sleep_for(delay);
  crash();
  a.join();
  b.join();
  return acknowledged;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return condition();
}

std::vector<std::string> texts_of(const boost::json::array& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.emplace_back(m.at("text").as_string());
  return out;
}

std::size_t copies_sent(const Cluster& cluster, const std::string& phone, const std::string& needle,
                        const std::string& status) {
  std::size_t n = 0;
  for (const auto& m : cluster.sent_to(phone)) {
    if (std::string(m.at("body").as_string()).find(needle) == std::string::npos) continue;
    if (status.empty() || m.at("status") == status.c_str()) ++n;
  }
  return n;
}

VisitorSession live_chat_with_ana(Cluster& cluster) {
  cluster.open_window(agent_ana);
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s).status == 200);
  REQUIRE(eventually([&] { return copies_sent(cluster, agent_ana, "New chat #" + s.code) == 1; }));
  return s;
}

bool chat_says(const Cluster& cluster, const VisitorSession& s, const std::string& words) {
  for (const auto& m : cluster.messages(s)) {
    if (std::string(m.at("text").as_string()).find(words) != std::string::npos) return true;
  }
  return false;
}

void add_fault(const Cluster& cluster, const std::string& rule) {
  REQUIRE(cluster.sim("POST", "/sim/faults", rule).status == 200);
}

}  // namespace baton::test
