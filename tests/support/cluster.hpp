#pragma once
// A relay and a wa-sim as real processes on loopback, the simulator speaking
// TLS with a test CA that the relay is told to trust: what every integration
// test starts from.

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/free_port.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace baton::test {

inline const std::string agent_ana = "+15551230001";
inline const std::string agent_ben = "+15551230002";
inline const std::string app_secret = "test-app-secret";
inline const std::string verify_token = "test-verify-token";
inline const std::string admin_token = "test-admin-token-of-at-least-32-chars";

struct ClusterOptions {
  std::vector<std::string> relay_flags;
  std::vector<std::string> sim_flags;
  bool start_relay = true;
  // --simulator-url to wa-sim's control API, as tools/dev demo passes it.
  bool simulator_link = false;
  // More than one: the relays share a PostgreSQL database and link through
  // a Redis of the test's own (--hub), as `tools/dev cluster` runs them.
  // wa-sim's webhooks go to relay 0.
  int relays = 1;
  // HAProxy in front of the relays (tools/haproxy-config), as `tools/dev
  // cluster` runs it; wa-sim's webhooks then go through it too.
  bool proxy = false;
};

struct VisitorSession {
  std::string id;
  std::string token;
  std::string code;
  Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
};

class Cluster {
 public:
  explicit Cluster(ClusterOptions options = {});
  ~Cluster();

  void start_relay();
  // kill -9, as a crash would.
  void kill_relay();
  // SIGTERM; returns the exit status.
  int stop_relay();

  // Relay `which` of options.relays (0 is the one above).
  void start_relay(int which);
  void kill_relay(int which);
  unsigned short relay_port(int which) const;
  HttpReply relay_at(int which, const std::string& method, const std::string& path, const std::string& body = "",
                     const Headers& headers = {}) const;
  ChildProcess& relay_process(int which);
  // Through HAProxy (options.proxy).
  unsigned short proxy_port() const { return proxy_port_; }
  HttpReply proxy(const std::string& method, const std::string& path, const std::string& body = "",
                  const Headers& headers = {}) const;
  // The relays' Redis (options.relays > 1).
  RedisServer& redis() { return *redis_; }
  // Runs one SQL statement on the relays' database (PostgreSQL for a
  // cluster or BATON_TEST_STORE=postgres, else relay 0's baton.db, beside
  // it): what time alone would change, a test changes.
  void sql(const std::string& statement) const;

  unsigned short relay_port() const { return relay_port_; }
  std::string relay_url(const std::string& path = "") const;
  std::string sim_url(const std::string& path = "") const;

  HttpReply relay(const std::string& method, const std::string& path, const std::string& body = "",
                  const Headers& headers = {}) const;
  HttpReply sim(const std::string& method, const std::string& path, const std::string& body = "") const;

  VisitorSession open_session(const std::string& context_json = "{}") const;
  HttpReply post_message(const VisitorSession& s, const std::string& cid, const std::string& text) const;
  boost::json::array messages(const VisitorSession& s, std::uint64_t after = 0) const;
  HttpReply hand_off(const VisitorSession& s,
                     const std::string& body = R"({"mode":"live","name":"Vera Visitor"})") const;

  // wa-sim's record of what the business sent, optionally to one number.
  boost::json::array sent_to(const std::string& phone = "") const;
  // Every line of every text message sent to `phone`: a visitor's messages
  // that backed up reach the agent joined in one WhatsApp message.
  std::vector<std::string> lines_sent_to(const std::string& phone) const;
  // A WhatsApp user writes to the business; returns the inbound wamid.
  std::string whatsapp_from(const std::string& phone, const std::string& text, const std::string& reply_to = "") const;
  // The agent writes once so their 24-hour window is open.
  void open_window(const std::string& phone) const;
  // Hands the chat to a person (live) and has the agent it was offered to
  // take it with /take; returns that agent's number once the chat is live.
  std::string take_chat(const VisitorSession& s) const;

  ChildProcess& relay_process() { return *relay_; }
  ChildProcess& sim_process() { return *sim_; }
  const TempDir& dir() const { return dir_; }

 private:
  void start_sim();
  void start_proxy();
  std::vector<std::string> relay_args(unsigned short port);

  ClusterOptions options_;
  TempDir dir_;
  std::string store_url_;
  unsigned short relay_port_ = 0;
  unsigned short sim_port_ = 0;
  unsigned short sim_control_port_ = 0;
  std::unique_ptr<ChildProcess> sim_;
  std::unique_ptr<ChildProcess> relay_;
  int relay_starts_ = 0;
  std::vector<bool> started_;  // by relay: started once already
  std::unique_ptr<RedisServer> redis_;
  std::vector<unsigned short> peer_ports_;  // relays 1 and up
  std::vector<std::unique_ptr<ChildProcess>> peers_;
  unsigned short proxy_port_ = 0;
  std::unique_ptr<ChildProcess> haproxy_;
  int sim_starts_ = 0;
};

// How many messages the business sent `phone` whose text holds `needle`
// (with that wa-sim status, when one is given: "failed", "delivered", …).
std::size_t copies_sent(const Cluster& cluster, const std::string& phone, const std::string& needle,
                        const std::string& status = "");
// A live chat with Ana (her window open) whose handoff already reached her.
VisitorSession live_chat_with_ana(Cluster& cluster);
// Whether any line of the chat's log holds `words`.
bool chat_says(const Cluster& cluster, const VisitorSession& s, const std::string& words);
// Adds a wa-sim fault rule (docs/wa-sim.md, "Fault rules").
void add_fault(const Cluster& cluster, const std::string& rule);

// Posts messages 0 to total-1 from two threads, 10 ms apart each, and runs
// `crash` after `delay`: what the crash tests do to a relay mid-traffic.
// The numbers that were acknowledged (201); a request the crash cut is not.
std::set<int> post_through_crash(int total, const std::function<HttpReply(int)>& post, std::chrono::milliseconds delay,
                                 const std::function<void()>& crash);

// Polls `condition` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(15));

// Texts of the messages of a session log, in order.
std::vector<std::string> texts_of(const boost::json::array& messages);

// The files in `folder` and below it whose bytes contain `text`: where a secret
// that must be kept sealed would show.
std::vector<std::string> files_holding(const std::filesystem::path& folder, std::string_view text);

// The test CA (ca.pem) and a server certificate for 127.0.0.1 and localhost
// (server.pem, server.key), made once per test run by tools/make-certs.
const std::filesystem::path& certificates();

}  // namespace baton::test
