#pragma once
// Binds a TCP port and accepts connections until stopped, handing each
// socket to `on_accept`. Shared by the relay and wa-sim; what is served on
// the socket is theirs.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <string>

namespace baton {

class Listener {
 public:
  using Accepted = std::function<void(boost::asio::ip::tcp::socket)>;

  Listener(boost::asio::io_context& io, Accepted on_accept);

  // Throws boost::system::system_error if the address cannot be used.
  boost::asio::ip::tcp::endpoint listen(const std::string& host, std::uint16_t port);
  void start();
  void stop();
  bool stopping() const { return stopping_; }

 private:
  static constexpr int max_accepts_per_turn = 64;
  boost::asio::awaitable<void> accept_loop();
  void hand_over(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  Accepted on_accept_;
  boost::asio::ip::tcp::acceptor acceptor_;
  bool stopping_ = false;
};

}  // namespace baton
