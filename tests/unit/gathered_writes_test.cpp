// GatheredWrites under Beast's WebSocket, over Beast's in-memory stream with
// a layer that counts the writes reaching it: a burst of frames written the
// way the session writes them (the next one from the previous one's
// completion) leaves in a few writes, every frame arrives once and in
// order, the close frame follows them, and a broken connection fails the
// writes instead of hanging them.

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "relay/hub/websocket_message.hpp"
#include "relay/ws/gathered_writes.hpp"

namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

// Beast's test stream, counting the writes that reach it.
class CountedStream {
 public:
  using executor_type = beast::test::stream::executor_type;

  CountedStream(beast::test::stream inner, std::shared_ptr<int> writes)
      : inner_(std::move(inner)), writes_(std::move(writes)) {}

  executor_type get_executor() noexcept { return inner_.get_executor(); }
  beast::test::stream& inner() { return inner_; }

  template <class Buffers, class Handler>
  auto async_read_some(const Buffers& buffers, Handler&& handler) {
    return inner_.async_read_some(buffers, std::forward<Handler>(handler));
  }
  template <class Buffers, class Handler>
  auto async_write_some(const Buffers& buffers, Handler&& handler) {
    ++*writes_;
    return inner_.async_write_some(buffers, std::forward<Handler>(handler));
  }

 private:
  beast::test::stream inner_;
  std::shared_ptr<int> writes_;
};

void beast_close_socket(CountedStream& stream) { stream.inner().close(); }

template <class Handler>
void async_teardown(beast::role_type role, CountedStream& stream, Handler&& handler) {
  async_teardown(role, stream.inner(), std::forward<Handler>(handler));
}

using Server = websocket::stream<baton::GatheredWrites<CountedStream>>;

struct Pair {
  net::io_context io;
  std::shared_ptr<int> writes = std::make_shared<int>(0);
  std::unique_ptr<Server> server;
  std::unique_ptr<websocket::stream<beast::test::stream>> client;
  std::vector<std::string> received;
  beast::flat_buffer buffer;
  beast::error_code client_end;

  Pair() {
    beast::test::stream server_end(io);
    beast::test::stream client_end_stream(io);
    server_end.connect(client_end_stream);
    server = std::make_unique<Server>(CountedStream(std::move(server_end), writes));
    server->auto_fragment(false);
    client = std::make_unique<websocket::stream<beast::test::stream>>(std::move(client_end_stream));
    bool accepted = false;
    server->async_accept([&](beast::error_code ec) { accepted = !ec; });
    client->async_handshake("relay.test", "/v1/ws", [](beast::error_code) {});
    io.run();
    io.restart();
    REQUIRE(accepted);
  }

  void read_all() {
    client->async_read(buffer, [this](beast::error_code ec, std::size_t) {
      if (ec) {
        client_end = ec;
        return;
      }
      received.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
      read_all();
    });
  }

  // Writes frames 0..n-1, each started by the previous one's completion
  // (as the session does), then calls `then`.
  void write_chain(int n, std::shared_ptr<int> next, std::vector<beast::error_code>* results = nullptr,
                   std::function<void()> then = {}) {
    if (*next >= n) {
      if (then) then();
      return;
    }
    auto text = std::make_shared<std::string>("frame " + std::to_string(*next));
    server->async_write(net::buffer(*text), [this, n, next, text, results, then](beast::error_code ec, std::size_t) {
      if (results) results->push_back(ec);
      if (ec) return;
      ++*next;
      write_chain(n, next, results, then);
    });
  }
};

}  // namespace

TEST_CASE("gathered writes: a burst of frames leaves in a few writes, each frame once and in order") {
  Pair pair;
  int handshake_writes = *pair.writes;
  pair.read_all();
  pair.write_chain(40, std::make_shared<int>(0));
  pair.io.run_for(std::chrono::milliseconds(200));
  REQUIRE(pair.received.size() == 40);
  for (std::size_t i = 0; i < 40; ++i) CHECK(pair.received[i] == "frame " + std::to_string(i));
  // One write per frame before; the bounds allow 31 frames a write.
  int burst_writes = *pair.writes - handshake_writes;
  CHECK(burst_writes >= 2);
  CHECK(burst_writes <= 4);
  // Sent, the frames leave nothing behind: an idle tab holds no buffer,
  // nor the state behind the buffers.
  CHECK(pair.server->next_layer().unsent_writes() == 0);
  CHECK(pair.server->next_layer().buffered_capacity() == 0);
  CHECK_FALSE(pair.server->next_layer().holds_state());
  // And the next burst finds its way as the first did.
  pair.io.restart();
  pair.write_chain(3, std::make_shared<int>(0));
  CHECK(pair.server->next_layer().holds_state());
  pair.io.run_for(std::chrono::milliseconds(100));
  CHECK(pair.received.size() == 43);
  CHECK(pair.received.back() == "frame 2");
  CHECK_FALSE(pair.server->next_layer().holds_state());
}

TEST_CASE("gathered writes: a single frame goes out on its own, and the close frame follows the frames") {
  Pair pair;
  pair.read_all();
  pair.write_chain(1, std::make_shared<int>(0));
  pair.io.run_for(std::chrono::milliseconds(50));
  pair.io.restart();
  REQUIRE(pair.received.size() == 1);

  // The close is written while the five frames are still gathered.
  bool closed = false;
  pair.write_chain(5, std::make_shared<int>(0), nullptr, [&] {
    pair.server->async_close(websocket::close_code::going_away, [&](beast::error_code) { closed = true; });
  });
  pair.io.run_for(std::chrono::milliseconds(200));
  CHECK(pair.received.size() == 6);
  CHECK(pair.client_end == websocket::error::closed);
  CHECK(pair.client->reason().code == websocket::close_code::going_away);
  CHECK(closed);
}

TEST_CASE("gathered writes: once the connection is gone, writes fail instead of waiting") {
  Pair pair;
  pair.read_all();
  pair.client.reset();
  std::vector<beast::error_code> results;
  pair.write_chain(100, std::make_shared<int>(0), &results);
  pair.io.run_for(std::chrono::milliseconds(200));
  REQUIRE_FALSE(results.empty());
  CHECK(results.back());
  // Writes taken before the failure was known completed; the next one saw it.
  CHECK(results.size() <= baton::GatheredWrites<CountedStream>::max_unsent_writes + 2);
  // The failure is kept: a later write fails at once too.
  CHECK(pair.server->next_layer().holds_state());
  beast::error_code later;
  std::string text = "later";
  pair.io.restart();
  pair.server->next_layer().async_write_some(net::buffer(text), [&](beast::error_code ec, std::size_t) { later = ec; });
  pair.io.run_for(std::chrono::milliseconds(50));
  CHECK(later);
}

TEST_CASE("gathered writes: messages framed by the relay itself arrive whole and in order among Beast's own frames") {
  Pair pair;
  pair.read_all();
  bool pinged = false;
  auto& layer = pair.server->next_layer();
  // Every length encoding: 7 bits, 16 bits, and 64 bits (past 65,535).
  std::vector<std::string> sent;
  for (std::size_t size : {0UL, 5UL, 125UL, 126UL, 127UL, 1000UL, 65535UL, 65536UL, 70000UL}) {
    sent.push_back(std::string(size, 'x'));
  }
  for (int i = 0; i < 60; ++i) sent.push_back("frame " + std::to_string(i));
  std::vector<std::shared_ptr<const std::string>> framed;
  std::size_t taken = 0;
  std::size_t waited = 0;
  std::size_t completed = 0;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    framed.push_back(std::make_shared<const std::string>(baton::websocket_message(sent[i], i % 2 == 1)));
    if (i == 20) pair.server->async_ping({}, [&](beast::error_code ec) { pinged = !ec; });
    if (layer.try_take(net::buffer(*framed.back()))) {
      ++taken;
    } else {
      // Past the limits: written the waiting way, as the session does.
      ++waited;
      layer.async_write_some(net::buffer(*framed.back()),
                             [&, size = framed.back()->size()](beast::error_code ec, std::size_t n) {
                               CHECK_FALSE(ec);
                               CHECK(n == size);
                               ++completed;
                             });
    }
  }
  pair.io.run_for(std::chrono::milliseconds(300));
  CHECK(taken > 0);
  CHECK(waited > 0);  // the large ones, and those past 31 unsent writes
  CHECK(completed == waited);
  CHECK(pinged);
  REQUIRE(pair.received.size() == sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    CAPTURE(i);
    CHECK(pair.received[i] == sent[i]);
  }
  CHECK(layer.unsent_writes() == 0);
}

TEST_CASE("gathered writes: two writes waiting past the limits both complete once the socket takes them") {
  Pair pair;
  auto& layer = pair.server->next_layer();
  auto frame = std::make_shared<const std::string>(baton::websocket_message("hello", false));
  while (layer.try_take(net::buffer(*frame))) {
  }
  // Beast's ping and one of the relay's frames both wait; neither is lost.
  bool pinged = false;
  bool written = false;
  pair.server->async_ping({}, [&](beast::error_code ec) { pinged = !ec; });
  layer.async_write_some(net::buffer(*frame), [&](beast::error_code ec, std::size_t) { written = !ec; });
  pair.read_all();
  pair.io.run_for(std::chrono::milliseconds(200));
  CHECK(pinged);
  CHECK(written);
  CHECK(pair.received.size() == baton::GatheredWrites<CountedStream>::max_unsent_writes + 1);
}

TEST_CASE("gathered writes: the owner is kept until what was taken is on the socket") {
  // A session that ends while its last frames are being sent must outlive
  // the send: the socket is its, and the write uses it (the live-stream
  // fuzzer found a tab vanishing at that moment).
  Pair pair;
  pair.read_all();
  auto owner = std::make_shared<int>(1);
  std::weak_ptr<int> watch = owner;
  // Nothing taken: nothing kept.
  pair.server->next_layer().keep_while_sending(owner);
  CHECK(watch.use_count() == 1);

  std::string text = baton::websocket_message("last words", false);
  REQUIRE(pair.server->next_layer().try_take(net::buffer(text)));
  pair.server->next_layer().keep_while_sending(owner);
  owner.reset();
  CHECK_FALSE(watch.expired());
  pair.io.run_for(std::chrono::milliseconds(100));
  CHECK(watch.expired());
  REQUIRE_FALSE(pair.received.empty());
  CHECK(pair.received.back() == "last words");
}
