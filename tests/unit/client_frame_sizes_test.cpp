// The sizes the live stream's idle wait relies on: a client frame's smallest
// header, checked against Beast's own client, and which bytes make a whole
// pong that the session may take from the socket without Beast.

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <string>
#include <vector>

#include "relay/ws/client_frame_sizes.hpp"

namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

// What Beast's client puts on the wire for one message of `payload` bytes.
std::size_t beast_client_frame_size(std::size_t payload) {
  boost::asio::io_context io;
  beast::test::stream client_end(io);
  beast::test::stream server_end(io);
  client_end.connect(server_end);
  websocket::stream<beast::test::stream&> client(client_end);
  websocket::stream<beast::test::stream&> server(server_end);
  server.async_accept([](beast::error_code) {});
  client.async_handshake("relay.test", "/v1/ws", [](beast::error_code) {});
  io.run();
  io.restart();
  server_end.buffer().consume(server_end.buffer().size());  // the handshake
  client.auto_fragment(false);
  client.write(boost::asio::buffer(std::string(payload, 'x')));
  return server_end.buffer().size();
}

std::vector<unsigned char> pong(std::size_t payload, unsigned char first = 0x8A, unsigned char mask_bit = 0x80) {
  std::vector<unsigned char> bytes{first, static_cast<unsigned char>(mask_bit | payload), 1, 2, 3, 4};
  bytes.resize(bytes.size() + payload, 'p');
  return bytes;
}

}  // namespace

TEST_CASE("client frame sizes: the smallest header is what Beast's client writes, at every length boundary") {
  for (std::size_t payload : {0u, 1u, 125u, 126u, 65535u, 65536u, 70000u}) {
    CAPTURE(payload);
    CHECK(baton::smallest_client_header(payload) + payload == beast_client_frame_size(payload));
  }
}

TEST_CASE("client frame sizes: only a whole, well-formed pong at the start is taken") {
  CHECK(baton::whole_client_pong(pong(0)) == 6);
  CHECK(baton::whole_client_pong(pong(125)) == 131);
  // A pong followed by more: only the pong.
  auto two = pong(3);
  auto more = pong(0, 0x81);
  two.insert(two.end(), more.begin(), more.end());
  CHECK(baton::whole_client_pong(two) == 9);
  // Not all there yet, or not a pong: left to Beast.
  auto partial = pong(10);
  partial.pop_back();
  CHECK(baton::whole_client_pong(partial) == 0);
  CHECK(baton::whole_client_pong(std::vector<unsigned char>{0x8A}) == 0);
  CHECK(baton::whole_client_pong(std::vector<unsigned char>{}) == 0);
  CHECK(baton::whole_client_pong(pong(2, 0x89)) == 0);              // a ping: Beast answers it
  CHECK(baton::whole_client_pong(pong(2, 0x0A)) == 0);              // not final: a protocol error for Beast
  CHECK(baton::whole_client_pong(pong(2, 0xCA)) == 0);              // a reserved bit set
  CHECK(baton::whole_client_pong(pong(2, 0x8A, 0x00)) == 0);        // unmasked, as no client may send
  CHECK(baton::whole_client_pong(pong(0, 0x8A, 0x80 | 126)) == 0);  // an extended length on a control frame
  CHECK(baton::whole_client_pong(pong(0, 0x8A, 0x80 | 127)) == 0);
}
