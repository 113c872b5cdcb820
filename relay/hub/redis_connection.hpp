#pragma once
// One connection to Redis on the event loop: hiredis formats the commands and
// parses the replies (RESP), Asio moves the bytes. It connects, logs in
// (AUTH, SELECT), and after any loss connects again with a growing pause,
// until stopped. Used only from the event loop's thread.

#include <hiredis/hiredis.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "relay/core/net.hpp"
#include "relay/hub/redis_address.hpp"

namespace baton {

// A reply's bytes (a string, a status or an error).
inline std::string_view reply_text(const redisReply& reply) { return {reply.str, reply.len}; }

class RedisConnection : public std::enable_shared_from_this<RedisConnection> {
 public:
  struct Handlers {
    // Logged in: commands sent now reach the server.
    std::function<void()> ready;
    // Every reply after the log-in, in order (a subscriber's pushes too).
    std::function<void(const redisReply&)> reply;
    // The connection was lost (or never made); it is being made again.
    std::function<void()> lost;
  };

  RedisConnection(net::any_io_executor loop, RedisAddress address, std::string name, Handlers handlers);
  ~RedisConnection();

  void start();
  void stop();
  // Closes the connection as lost (the `lost` handler runs) and makes it again.
  void drop(std::string_view why);
  bool ready() const { return state_ == State::ready; }

  // Queued and written as soon as the socket takes it. False (and nothing
  // queued) when not ready or when the server is this far behind.
  bool send(std::initializer_list<std::string_view> args);
  std::size_t queued_bytes() const { return out_.size() + writing_.size(); }

  static constexpr std::size_t max_queued_bytes = 16 * 1024 * 1024;

 private:
  enum class State { idle, connecting, logging_in, ready, stopped };

  void connect();
  void on_connected(const boost::system::error_code& ec);
  void read();
  void on_read(const boost::system::error_code& ec, std::size_t bytes);
  void write();
  void append(std::initializer_list<std::string_view> args);
  void fail(std::string_view why);
  void retry_later();

  net::any_io_executor loop_;
  RedisAddress address_;
  std::string name_;
  Handlers handlers_;
  State state_ = State::idle;
  std::unique_ptr<tcp::socket> socket_;
  tcp::resolver resolver_;
  net::steady_timer retry_timer_;
  net::steady_timer login_timer_;
  std::chrono::milliseconds pause_{100};
  std::unique_ptr<redisReader, void (*)(redisReader*)> reader_;
  std::vector<char> read_buffer_;
  std::string out_;
  std::string writing_;
  // Which socket a completion belongs to: a lost one's are ignored.
  std::uint64_t generation_ = 0;
  int login_replies_ = 0;
  bool reported_down_ = false;
};

}  // namespace baton
