#pragma once
// The relay's live-stream session, the real one, driven without sockets: a
// real ConversationService on a real SQLite store, tabs connected through
// in-memory streams whose write window the test opens and shuts, and an
// event loop the test runs one handler at a time. Unit tests and the fuzzer
// script with it the interleavings that a real network produces only by
// luck: a ping while a page of backlog is being written, a live message
// between two pages, a tab that vanishes mid-frame.

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "relay/core/config.hpp"
#include "tests/support/throttled_stream.hpp"
#include "tools/bench/live_frames.hpp"

namespace baton {
class ConversationService;
}

namespace baton::test {

using bench::FrameSummary;

struct RigSession {
  std::string id;
  std::string token;
};

// The tab's end: a Beast WebSocket client that keeps one write and one
// control frame in flight at a time, as Beast requires, and reads always.
class RigTab : public std::enable_shared_from_this<RigTab> {
 public:
  RigTab(boost::beast::test::stream stream, bool binary, std::shared_ptr<WriteWindow> window);

  void handshake(const std::vector<std::string>& protocols);
  void hello(const std::string& session_id, const std::string& token, std::uint64_t after);
  void say(const std::string& cid, const std::string& text);
  // Any bytes, as a text or a binary frame.
  void send_frame(std::string bytes, bool text);
  void ping(std::string payload = {});
  void pong(std::string payload = {});
  // A clean closing handshake from the tab.
  void close();
  // Gone without a word, as when a laptop lid shuts.
  void vanish();

  // The relay's writes to this tab.
  WriteWindow& window() { return *window_; }
  bool binary() const { return binary_; }

  // What arrived, in order.
  const std::vector<FrameSummary>& frames() const { return frames_; }
  // Every log entry after `after` up to `last` arrived exactly once, and no other.
  bool has_exactly(std::uint64_t after, std::uint64_t last) const;
  // No log entry arrived twice.
  bool has_at_most_once() const;
  bool out_of_order() const { return out_of_order_; }
  bool handshake_done() const { return open_; }
  bool closed() const { return closed_; }
  int close_code() const { return close_code_; }
  int pings() const { return pings_; }
  int pongs() const { return pongs_; }
  std::size_t count(const std::string& type) const;

 private:
  struct Outgoing {
    enum class Kind { text, binary, ping, pong, close } kind;
    std::string bytes;
  };
  void queue(Outgoing out);
  void write_next();
  void control_next();
  void read_next();

  boost::beast::websocket::stream<boost::beast::test::stream> ws_;
  bool binary_;
  std::shared_ptr<WriteWindow> window_;
  boost::beast::flat_buffer buffer_;
  std::deque<Outgoing> writes_;
  std::deque<Outgoing> controls_;
  bool writing_ = false;
  bool controlling_ = false;
  bool open_ = false;
  bool closed_ = false;
  bool gone_ = false;
  int close_code_ = 0;
  int pings_ = 0;
  int pongs_ = 0;
  bool out_of_order_ = false;
  std::uint64_t last_seq_ = 0;
  std::map<std::uint64_t, int> entries_;
  std::vector<FrameSummary> frames_;
};

class LiveStreamRig {
 public:
  // `durable` false: the database is in memory (for the fuzzer's thousands
  // of commits); true: a file in a temporary folder, committed with fsync.
  explicit LiveStreamRig(bool durable = true, Config config = {});
  ~LiveStreamRig();

  boost::asio::io_context& io() { return *io_; }
  ConversationService& service();

  // A new chat whose log holds `entries` entries: the greeting, then agent
  // messages.
  RigSession open_session(std::size_t entries);
  // Appends an agent message and publishes it, as a webhook would; the
  // commit's completion runs on a later step.
  void append(const std::string& session_id, const std::string& text);
  // Marks the newest message read: a status entry in the log.
  void mark_newest_read(const std::string& session_id);
  std::uint64_t last_seq(const std::string& session_id);

  // A tab connected to a new live-stream session; the upgrade is under way
  // (settle() completes it). `protocols` as offered in the upgrade request.
  std::shared_ptr<RigTab> connect(bool binary, std::vector<std::string> extra_protocols = {});

  // What LiveStreamUpgrades' timer does every half idle timeout: each
  // session still there checks its tab's silence, or its closing.
  void keep_alive_round();
  // Sessions still alive (a session ends once its socket is done with).
  std::size_t live_sessions();

  // LiveStreamUpgrades::take on a loopback connection, as the HTTP server
  // calls it, for a tab with a valid token whose upgrade reaches it after
  // stop() (as when the relay stops while the token is looked up): the
  // status it answered, or nothing if it opened a stream.
  std::optional<unsigned> upgrade_after_stop(const RigSession& s);

  // Runs at most `n` ready handlers; how many ran.
  std::size_t step(std::size_t n = 1);
  // Runs handlers until none is ready; false if `limit` ran and more were ready.
  bool settle(std::size_t limit = 1000000);
  // Operations that overlapped on any tab's connection (must stay 0).
  int overlaps() const;

 private:
  struct Parts;
  std::unique_ptr<boost::asio::io_context> io_;
  std::unique_ptr<Parts> parts_;
  std::vector<std::shared_ptr<WriteWindow>> windows_;
  int past_overlaps_ = 0;  // of connections already forgotten
  int next_cid_ = 0;
};

}  // namespace baton::test
