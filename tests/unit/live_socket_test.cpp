// The live stream's socket (relay/ws/websocket_session.hpp): an upgraded
// connection moves onto the io_context's own executor and keeps working.

#include <doctest/doctest.h>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <string>

#include "relay/ws/websocket_session.hpp"

namespace net = boost::asio;
using net::ip::tcp;

TEST_CASE("live socket: an accepted connection moves onto the io_context's executor and still carries bytes") {
  net::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  tcp::socket accepted(io);
  acceptor.accept(accepted);
  auto peer = accepted.remote_endpoint();

  auto live = baton::live_socket(std::move(accepted));
  REQUIRE(live);
  CHECK(live->is_open());
  CHECK(live->remote_endpoint() == peer);

  // Both ways, asynchronously, through the new executor's reactor.
  std::string received(5, '\0');
  bool read_done = false;
  net::async_read(*live, net::buffer(received), [&](boost::system::error_code ec, std::size_t n) {
    CHECK_FALSE(ec);
    CHECK(n == 5);
    read_done = true;
  });
  net::write(client, net::buffer(std::string("hello")));
  bool write_done = false;
  net::async_write(*live, net::buffer(std::string_view("world")), [&](boost::system::error_code ec, std::size_t) {
    CHECK_FALSE(ec);
    write_done = true;
  });
  io.run();
  CHECK(read_done);
  CHECK(write_done);
  CHECK(received == "hello");
  std::string back(5, '\0');
  net::read(client, net::buffer(back));
  CHECK(back == "world");
}

TEST_CASE("live socket: a connection already gone is no live socket") {
  net::io_context io;
  tcp::socket closed(io);
  CHECK_FALSE(baton::live_socket(std::move(closed)));
}
