#pragma once
// Plain HTTP/1.1 and WebSocket clients for integration tests, on loopback.

#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace baton::test {

// Tests compare JSON strings with std::string values often enough.
inline bool operator==(const boost::json::value& value, const std::string& text) {
  return value.is_string() && value.get_string() == text;
}
inline bool operator==(const boost::json::value& value, const char* text) {
  return value.is_string() && value.get_string() == text;
}

struct HttpReply {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names

  boost::json::value json() const;
  std::string header(const std::string& name) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// `url` is http://host:port/path?query.
HttpReply http_request(const std::string& method, const std::string& url, const std::string& body = "",
                       const Headers& headers = {});

// Sends bytes as they are and returns whatever comes back until the server
// closes or a second passes: for requests no well-behaved client would make.
std::string raw_exchange(const std::string& host, unsigned short port, const std::string& bytes);

// A connection that sends what it is told, when told, and reads what comes
// back: for requests sent in parts, or connections held open on purpose.
class RawConnection {
 public:
  RawConnection(const std::string& host, unsigned short port);
  ~RawConnection();
  void send(const std::string& bytes);
  // Everything the server sends until it closes or `wait` passes.
  std::string receive(std::chrono::milliseconds wait = std::chrono::seconds(2));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class WsClient {
 public:
  // Connects and upgrades; throws with the HTTP status if the relay refuses.
  WsClient(const std::string& host, unsigned short port, const std::vector<std::string>& protocols = {"baton.v1.json"},
           const std::string& origin = "", const std::string& path = "/v1/ws");
  ~WsClient();

  void send_text(const std::string& text);
  void send_binary(const std::string& bytes);
  // Control frames, as a browser or a proxy may send them at any moment.
  void send_ping(const std::string& payload = "");
  void send_pong(const std::string& payload = "");
  // Control frames that arrived from the relay.
  int pings_received() const;
  int pongs_received() const;

  // The next frame, or nothing if none arrives in time.
  std::optional<std::string> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::optional<boost::json::value> next_json(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Frames until one satisfies `type` (a JSON "type"); others are kept in `skipped`.
  std::optional<boost::json::value> next_of_type(const std::string& type,
                                                 std::chrono::milliseconds timeout = std::chrono::seconds(5));

  bool closed() const;
  int close_code() const;
  std::string accepted_protocol() const { return accepted_protocol_; }
  void close();

  std::vector<boost::json::value> skipped;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string accepted_protocol_;
};

// Refused upgrades: the HTTP status the relay answered with.
unsigned ws_upgrade_status(const std::string& host, unsigned short port, const std::vector<std::string>& protocols,
                           const std::string& origin = "");

}  // namespace baton::test
