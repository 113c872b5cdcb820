#include "relay/http/listener.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "relay/core/log.hpp"
#include "relay/core/net.hpp"

namespace baton {

Listener::Listener(net::io_context& io, Accepted on_accept)
    : io_(io), on_accept_(std::move(on_accept)), acceptor_(io) {}

tcp::endpoint Listener::listen(const std::string& host, std::uint16_t port) {
  tcp::endpoint endpoint{net::ip::make_address(host), port};
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
  // For the accepts that drain the backlog without waiting (accept_loop).
  acceptor_.non_blocking(true);
  return acceptor_.local_endpoint();
}

void Listener::start() {
  net::co_spawn(io_, accept_loop(), [](std::exception_ptr error) {
    if (error) std::rethrow_exception(error);
  });
}

void Listener::stop() {
  stopping_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void Listener::hand_over(tcp::socket socket) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  // One connection that cannot be set up (out of memory, say) must not end
  // the loop that accepts all the others.
  try {
    on_accept_(std::move(socket));
  } catch (const std::exception& e) {
    log::error("connection not served", {{"error", e.what()}});
  }
}

net::awaitable<void> Listener::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    auto socket = co_await acceptor_.async_accept(net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      if (stopping_ || ec == net::error::operation_aborted) co_return;
      // Out of file descriptors and the like: keep serving the others. The
      // pending connection stays in the backlog, so trying again at once
      // would fail at once; pause so the loop cannot starve open sessions.
      log::warn("accept failed", {{"error", ec.message()}});
      net::steady_timer pause(io_, std::chrono::milliseconds(200));
      co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    hand_over(std::move(socket));
    // A busy event loop comes back to this coroutine only once per turn of
    // every connection it serves: one accept per turn let new visitors wait
    // seconds in the kernel's queue under load (the WebSocket soak timed
    // out 124 of 55,604 connections). Take what is already waiting, up to a
    // bound, so that established connections still get their turn.
    for (int i = 0; i < max_accepts_per_turn && !stopping_; ++i) {
      tcp::socket more(io_);
      acceptor_.accept(more, ec);
      if (ec) break;  // would_block: nothing more waits; errors surface on the next async accept
      hand_over(std::move(more));
    }
  }
}

}  // namespace baton
