#pragma once
// One listener of wa-sim: accepts connections (plain or TLS) and serves
// HTTP/1.1 on each with keep-alive, bounded headers and bodies and time
// limits. Carries out what a Reply asks of the connection: wait, answer, or
// drop it; and cuts connections a `reject` fault names before reading them.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "relay/http/listener.hpp"
#include "tools/wa-sim/sim_options.hpp"
#include "tools/wa-sim/sim_router.hpp"

namespace baton::sim {

class SimServer {
 public:
  // `tls` null for plain HTTP; `control_only` for --control-listen.
  SimServer(boost::asio::io_context& io, SimRouter& router, boost::asio::ssl::context* tls, bool control_only);

  // Binds and listens; throws boost::system::system_error if the address is unusable.
  boost::asio::ip::tcp::endpoint listen(const HostPort& where);
  void start();
  void stop();

 private:
  void accept(boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);
  template <class Stream>
  boost::asio::awaitable<void> exchange(Stream& stream);

  boost::asio::io_context& io_;
  SimRouter& router_;
  boost::asio::ssl::context* tls_;
  bool control_only_;
  Listener listener_;
  bool stopping_ = false;
};

}  // namespace baton::sim
