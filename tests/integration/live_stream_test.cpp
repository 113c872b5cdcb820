// GET /v1/ws: authentication, resume from a sequence number, fan-out to every
// tab, acknowledgements, the binary subprotocol, limits.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <random>
#include <string_view>
#include <thread>

#include "common/protocol/binary_codec.hpp"
#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

std::string hello(const VisitorSession& s, std::uint64_t after) {
  return boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", s.id}, {"token", s.token}, {"after", after}});
}

std::string send(const std::string& cid, const std::string& text) {
  return boost::json::serialize(boost::json::object{{"type", "message"}, {"cid", cid}, {"text", text}});
}

// Frames until `count` message frames arrived; their texts.
std::vector<std::string> message_texts(WsClient& tab, std::size_t count) {
  std::vector<std::string> texts;
  while (texts.size() < count) {
    auto frame = tab.next_of_type("message");
    if (!frame) break;
    texts.emplace_back(frame->at("message").at("text").as_string());
  }
  return texts;
}

// A masked client frame of up to 64 KiB.
std::string client_frame(unsigned opcode, bool fin, const std::string& payload,
                         std::string_view mask = "\x01\x02\x03\x04") {
  std::string frame{static_cast<char>((fin ? 0x80 : 0) | opcode)};
  if (payload.size() < 126) {
    frame += static_cast<char>(0x80 | payload.size());
  } else {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>(payload.size() >> 8);
    frame += static_cast<char>(payload.size() & 0xFF);
  }
  frame += mask;
  for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ mask[i % 4]);
  return frame;
}

// A raw client that completes the handshake and the hello, then never reads
// (its receive buffer is tiny, so the relay's writes back up quickly).
struct RawTab {
  RawTab(unsigned short port, const std::string& token) : socket(io) {
    std::string upgrade =
        "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Protocol: baton.v1.json, baton.auth." +
        token + "\r\n\r\n";
    socket.open(boost::asio::ip::tcp::v4());
    socket.set_option(boost::asio::socket_base::receive_buffer_size(4096));
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    boost::asio::write(socket, boost::asio::buffer(upgrade));
    // RFC 6455: no frames before the 101 has arrived.
    boost::asio::streambuf handshake;
    boost::asio::read_until(socket, handshake, "\r\n\r\n");
    boost::asio::write(socket, boost::asio::buffer(client_frame(0x1, true, R"({"type":"hello","after":0})")));
  }

  // Reads what the relay sends into `received` until it holds `needle`
  // (found), the relay closes the connection (closed), or `limit` passes.
  enum class Read { found, closed, timed_out };
  Read read_until(std::string& received, const std::string& needle, std::chrono::milliseconds limit) {
    socket.non_blocking(true);
    auto started = std::chrono::steady_clock::now();
    while (needle.empty() || received.find(needle) == std::string::npos) {
      if (std::chrono::steady_clock::now() - started > limit) return Read::timed_out;
      char chunk[4096];
      boost::system::error_code ec;
      auto n = socket.read_some(boost::asio::buffer(chunk), ec);
      if (ec == boost::asio::error::would_block) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      } else if (ec) {
        return Read::closed;  // end of stream or reset
      } else {
        received.append(chunk, n);
      }
    }
    return Read::found;
  }

  // Adds to `received` what the relay has sent so far, without waiting.
  void read_available(std::string& received) {
    socket.non_blocking(true);
    char chunk[4096];
    boost::system::error_code ec;
    while (auto n = socket.read_some(boost::asio::buffer(chunk), ec)) received.append(chunk, n);
  }

  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket;
};

// A counter's value on /metrics (-1 if it is not there).
double metric(const Cluster& cluster, const std::string& name) {
  auto body = cluster.relay("GET", "/metrics").body;
  auto at = body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size() + 2));
}

}  // namespace

TEST_CASE("live stream: hello, welcome, the gap, then live frames in every tab") {
  Cluster cluster;
  auto s = cluster.open_session();
  cluster.post_message(s, "c1", "first");
  CHECK(eventually([&] { return cluster.messages(s).size() == 3; }));  // greeting, first, assistant

  WsClient tab1("127.0.0.1", cluster.relay_port());
  CHECK(tab1.accepted_protocol() == "baton.v1.json");
  tab1.send_text(hello(s, 0));
  auto welcome = tab1.next_json();
  REQUIRE(welcome);
  CHECK(welcome->at("type") == "welcome");
  CHECK(welcome->at("session_id") == s.id);
  CHECK(welcome->at("code") == s.code);
  CHECK(welcome->at("state") == "bot");
  CHECK(welcome->at("last_seq") == 3);
  CHECK(message_texts(tab1, 3).at(1) == "first");

  WsClient tab2("127.0.0.1", cluster.relay_port());
  tab2.send_text(hello(s, 2));  // has seen up to seq 2
  REQUIRE(tab2.next_of_type("welcome"));
  auto gap = message_texts(tab2, 1);
  CHECK(gap.size() == 1);
  CHECK(tab2.skipped.empty());

  cluster.post_message(s, "c2", "second");
  CHECK(message_texts(tab1, 1) == std::vector<std::string>{"second"});
  CHECK(message_texts(tab2, 1) == std::vector<std::string>{"second"});
}

TEST_CASE("live stream: a message sent on the socket is acknowledged once, even when resent") {
  Cluster cluster;
  auto s = cluster.open_session();
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(hello(s, 1));
  REQUIRE(tab.next_of_type("welcome"));
  tab.send_text(send("ws-1", "over the socket"));
  tab.send_text(send("ws-1", "over the socket"));
  auto first = tab.next_of_type("ack");
  auto second = tab.next_of_type("ack");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->at("cid") == "ws-1");
  CHECK(first->at("seq") == second->at("seq"));
  auto texts = texts_of(cluster.messages(s));
  CHECK(std::count(texts.begin(), texts.end(), "over the socket") == 1);

  tab.send_text(send("bad cid!", "x"));
  auto error = tab.next_of_type("error");
  REQUIRE(error);
  CHECK(error->at("code") == "invalid_cid");
  CHECK(error->at("cid") == "bad cid!");
  tab.send_text("{broken");
  CHECK(tab.next_of_type("error")->at("code") == "invalid_json");
  CHECK_FALSE(tab.closed());
}

TEST_CASE("live stream: token in the subprotocol header, and refusals") {
  Cluster cluster;
  auto s = cluster.open_session();
  WsClient tab("127.0.0.1", cluster.relay_port(), {"baton.v1.json", "baton.auth." + s.token});
  tab.send_text(R"({"type":"hello","after":0})");
  auto welcome = tab.next_of_type("welcome");
  REQUIRE(welcome);
  CHECK(welcome->at("session_id") == s.id);

  CHECK(ws_upgrade_status("127.0.0.1", cluster.relay_port(), {"baton.v1.json", "baton.auth.wrong"}) == 401);
  CHECK(ws_upgrade_status("127.0.0.1", cluster.relay_port(), {"chat.v9"}) == 400);
  CHECK(ws_upgrade_status("127.0.0.1", cluster.relay_port(), {"baton.v1.json"}, "https://evil.example") == 403);
  CHECK(ws_upgrade_status("127.0.0.1", cluster.relay_port(), {"baton.v1.json"}, "https://shop.example") == 101);

  WsClient intruder("127.0.0.1", cluster.relay_port());
  intruder.send_text(R"({"type":"hello","session_id":")" + s.id + R"(","token":"guess","after":0})");
  CHECK(intruder.next_of_type("error")->at("code") == "invalid_token");
  CHECK(eventually([&] { return intruder.closed(); }));

  WsClient early("127.0.0.1", cluster.relay_port());
  early.send_text(send("c", "before hello"));
  CHECK(early.next_of_type("error")->at("code") == "hello_first");
  CHECK(eventually([&] { return early.closed(); }));
  auto texts = texts_of(cluster.messages(s));
  CHECK(std::find(texts.begin(), texts.end(), "before hello") == texts.end());
}

TEST_CASE("live stream: frames larger than the limit close the socket with 1009") {
  Cluster cluster;
  auto s = cluster.open_session();
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(hello(s, 1));
  REQUIRE(tab.next_of_type("welcome"));
  tab.send_text(send("big", std::string(70 * 1024, 'x')));
  CHECK(eventually([&] { return tab.closed(); }));
  CHECK(tab.close_code() == 1009);
  CHECK(cluster.relay("GET", "/healthz").status == 200);
}

TEST_CASE("live stream: long, fragmented and back-to-back messages each arrive whole") {
  // The session reads a message in small chunks; this covers messages many
  // chunks long, fragments with a ping between them, and a second message
  // already buffered when the first completes.
  Cluster cluster;
  auto s = cluster.open_session();
  RawTab tab(cluster.relay_port(), s.token);
  std::string long_text(3000, 'l');
  std::string fragmented_text = std::string(200, 'f') + "|" + std::string(300, 'g');
  auto fragmented = send("frag-1", fragmented_text);
  auto cut = fragmented.size() / 2;
  std::string burst = client_frame(0x1, false, fragmented.substr(0, cut)) + client_frame(0x9, true, "ping") +
                      client_frame(0x0, true, fragmented.substr(cut)) +
                      client_frame(0x1, true, send("long-1", long_text)) +
                      client_frame(0x1, true, send("short-1", "short"));
  boost::asio::write(tab.socket, boost::asio::buffer(burst));

  // Everything the relay sends back, until the three acknowledgements.
  std::string received;
  auto acked = [&](const std::string& cid) { return received.find(R"("cid":")" + cid + "\"") != std::string::npos; };
  tab.socket.non_blocking(true);
  REQUIRE(eventually([&] {
    char chunk[4096];
    boost::system::error_code ec;
    auto n = tab.socket.read_some(boost::asio::buffer(chunk), ec);
    received.append(chunk, n);
    return acked("frag-1") && acked("long-1") && acked("short-1");
  }));
  auto texts = texts_of(cluster.messages(s));
  CHECK(std::count(texts.begin(), texts.end(), fragmented_text) == 1);
  CHECK(std::count(texts.begin(), texts.end(), long_text) == 1);
  CHECK(std::count(texts.begin(), texts.end(), "short") == 1);
  CHECK(received.find("\x8a\x04ping") != std::string::npos);  // Beast answered the ping between fragments
}

TEST_CASE("live stream: the binary subprotocol carries the same frames in cereal's portable binary") {
  Cluster cluster;
  auto s = cluster.open_session();
  WsClient tab("127.0.0.1", cluster.relay_port(), {"baton.v1.bin"});
  CHECK(tab.accepted_protocol() == "baton.v1.bin");
  tab.send_binary(baton::encode_binary(baton::ClientFrame{baton::Hello{s.id, s.token, 0}}));
  auto welcome = baton::decode_server_frame(tab.next().value_or(""));
  REQUIRE(welcome);
  CHECK(std::get<baton::Welcome>(*welcome).session_id == s.id);
  auto greeting = baton::decode_server_frame(tab.next().value_or(""));
  REQUIRE(greeting);
  CHECK(std::get<baton::Message>(*greeting).author == baton::Author::bot);
  tab.send_binary(baton::encode_binary(baton::ClientFrame{baton::SendText{"b-1", "binary hello", {}}}));
  bool acked = false;
  for (int i = 0; i < 10 && !acked; ++i) {
    auto frame = baton::decode_server_frame(tab.next().value_or(""));
    if (frame && std::holds_alternative<baton::Ack>(*frame)) acked = std::get<baton::Ack>(*frame).cid == "b-1";
  }
  CHECK(acked);
  tab.send_binary("garbage");
  bool refused = false;
  for (int i = 0; i < 10 && !refused; ++i) {
    auto frame = baton::decode_server_frame(tab.next().value_or(""));
    if (frame && std::holds_alternative<baton::ErrorFrame>(*frame)) refused = true;
  }
  CHECK(refused);
}

TEST_CASE("live stream: a tab that stops reading is disconnected, not buffered without limit") {
  Cluster cluster;
  auto s = cluster.open_session();
  RawTab tab(cluster.relay_port(), s.token);

  std::string big;
  for (int i = 0; i < 4000; ++i) big += "👋";  // 16,000 bytes per message
  for (int i = 0; i < 600; ++i) {
    REQUIRE(cluster.post_message(s, "flood-" + std::to_string(i), big).status == 201);
    if (metric(cluster, "baton_ws_slow_disconnects_total") >= 1) break;
  }
  CHECK(metric(cluster, "baton_ws_slow_disconnects_total") == 1);
  CHECK(cluster.messages(s).size() > 1);
}

TEST_CASE("live stream: a tab that sends without reading is paused, not answered without limit") {
  // Every bad frame earns an error frame; if the relay kept reading while
  // the tab never reads, its queue of answers would grow without bound.
  Cluster cluster;
  auto s = cluster.open_session();
  RawTab tab(cluster.relay_port(), s.token);
  tab.socket.non_blocking(true);
  std::string burst;
  for (int i = 0; i < 1000; ++i) burst += client_frame(0x1, true, "x");
  std::size_t written = 0;
  bool pushed_back = false;
  while (written < 256u * 1024 * 1024) {
    boost::system::error_code ec;
    written += tab.socket.write_some(boost::asio::buffer(burst), ec);
    if (ec == boost::asio::error::would_block) {
      // Give the relay time to drain what it can; if it still reads, the
      // next write gets through.
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      auto more = tab.socket.write_some(boost::asio::buffer(burst), ec);
      written += more;
      if (ec == boost::asio::error::would_block) {
        pushed_back = true;
        break;
      }
    } else if (ec) {
      FAIL("write failed: " << ec.message());
    }
  }
  CHECK(pushed_back);
  MESSAGE("bytes accepted before the relay stopped reading: " << written);
  // A slow relay (the sanitizer build) stops reading because it is busy
  // before it does because its queue is full: give it time to get there.
  CHECK(eventually([&] { return metric(cluster, "baton_ws_read_pauses_total") >= 1; }, std::chrono::seconds(60)));
  CHECK(cluster.relay("GET", "/healthz").status == 200);
  auto other = cluster.open_session();
  CHECK(cluster.post_message(other, "still-serving", "hello").status == 201);
}

TEST_CASE("live stream: a tab that answers nothing is pinged, then closed after the idle timeout") {
  // One timer keeps every tab alive (WebsocketSession::keep_alive): every
  // half idle timeout (1 s here) a quiet tab is pinged, and one that stayed
  // quiet through the next round is closed.
  Cluster cluster({.relay_flags = {"--ws-idle-timeout-s", "2"}});
  auto s = cluster.open_session();
  RawTab quiet(cluster.relay_port(), s.token);
  WsClient answering("127.0.0.1", cluster.relay_port());
  answering.send_text(hello(s, 0));
  REQUIRE(answering.next_of_type("welcome"));

  // Everything the quiet tab is sent, until the relay closes the socket.
  std::string received;
  auto started = std::chrono::steady_clock::now();
  auto read = quiet.read_until(received, "", std::chrono::seconds(10));
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(read == RawTab::Read::closed);
  // Closed after one to one and a half idle timeouts of silence, not at once.
  CHECK(waited >= std::chrono::milliseconds(1500));
  CHECK(waited < std::chrono::seconds(6));
  // An empty ping frame from the server: 0x89, length 0.
  CHECK(received.find(std::string{static_cast<char>(0x89), 0}) != std::string::npos);
  CHECK(metric(cluster, "baton_ws_timeouts_total") == 1);

  // The tab that answers pings stays; its pongs count as hearing from it.
  CHECK(answering.pings_received() >= 1);
  CHECK_FALSE(answering.closed());
  REQUIRE(cluster.post_message(s, "after-timeout", "still here").status == 201);
  CHECK(answering.next_of_type("message"));
}

TEST_CASE("live stream: an idle tab's pongs, split frames and fragmented messages all go through") {
  // Between messages an idle tab has no read of Beast's pending: the session
  // waits for the socket, takes whole pongs itself and hands anything else
  // to Beast. Each case below must still end in an acknowledgement.
  Cluster cluster;
  auto s = cluster.open_session();
  RawTab tab(cluster.relay_port(), s.token);
  auto text = [&](const std::string& cid) { return client_frame(0x1, true, send(cid, "hi " + cid)); };
  std::string received;
  auto until = [&](const std::string& needle) {
    return tab.read_until(received, needle, std::chrono::seconds(5)) == RawTab::Read::found;
  };
  // Blocking writes: read_until() leaves the socket non-blocking.
  auto write = [&](const std::string& bytes) {
    tab.socket.non_blocking(false);
    boost::asio::write(tab.socket, boost::asio::buffer(bytes));
  };
  auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(50)); };
  REQUIRE(until("\"welcome\""));

  // Pongs while idle, then a message.
  write(client_frame(0xA, true, "") + client_frame(0xA, true, "keep"));
  pause();
  write(text("a1"));
  CHECK(until(R"("cid":"a1")"));

  // A pong and a message in one segment.
  write(client_frame(0xA, true, "x") + text("a2"));
  CHECK(until(R"("cid":"a2")"));

  // A pong arriving a byte at a time, then a message split inside its header.
  for (char byte : client_frame(0xA, true, "slow")) {
    write(std::string(1, byte));
    pause();
  }
  auto split = text("a3");
  write(split.substr(0, 1));
  pause();
  write(split.substr(1, 4));
  pause();
  write(split.substr(5));
  CHECK(until(R"("cid":"a3")"));

  // A message in two frames (text, then continuation), then one more.
  auto whole = send("a4", "in two frames");
  auto first = client_frame(0x1, false, whole.substr(0, 10));
  auto rest = client_frame(0x0, true, whole.substr(10));
  write(first);
  pause();
  write(rest);
  CHECK(until(R"("cid":"a4")"));
  write(text("a5"));
  CHECK(until(R"("cid":"a5")"));

  // A ping from the tab is Beast's to answer, idle or not.
  write(client_frame(0x9, true, "p1"));
  CHECK(until(std::string{static_cast<char>(0x8A), 2, 'p', '1'}));
  write(text("a6"));
  CHECK(until(R"("cid":"a6")"));
  CHECK(cluster.messages(s).size() >= 6);
}

TEST_CASE("live stream: pings, pongs and messages in any mix, cut anywhere, all go through") {
  // An idle tab's session decides that Beast holds nothing unread by
  // counting bytes (relay/ws/client_frame_sizes.hpp); a miscount would leave
  // a message waiting for bytes that never come. A random mix of what a tab
  // may send (fixed seeds, so that a failure repeats): control frames,
  // messages with 7- and 16-bit lengths, messages in pieces with control
  // frames between them, random masks; written in random cuts with pauses,
  // reading between them. Every message must be acknowledged and every ping
  // answered.
  Cluster cluster;
  for (unsigned seed : {1U, 2U, 3U}) {
    CAPTURE(seed);
    auto s = cluster.open_session();
    RawTab tab(cluster.relay_port(), s.token);
    std::string received;
    REQUIRE(tab.read_until(received, "\"welcome\"", std::chrono::seconds(5)) == RawTab::Read::found);
    std::mt19937 random(seed);
    auto below = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    auto mask = [&] {
      std::string key;
      for (int i = 0; i < 4; ++i) key += static_cast<char>(below(256));
      return key;
    };
    std::string bytes;
    std::vector<std::string> expected;  // acknowledgements and pongs, as the relay writes them
    auto control = [&](int n) {
      auto payload = "c" + std::to_string(seed) + "-" + std::to_string(n);
      if (below(2) == 0) return client_frame(0xA, true, payload, mask());  // a pong: nothing comes back
      expected.push_back(std::string{static_cast<char>(0x8A), static_cast<char>(payload.size())} + payload);
      return client_frame(0x9, true, payload, mask());
    };
    for (int n = 0; n < 40; ++n) {
      auto cid = "r" + std::to_string(seed) + "-" + std::to_string(n);
      auto kind = below(4);
      if (kind == 0) {
        bytes += control(n);
        continue;
      }
      expected.push_back("\"cid\":\"" + cid + "\"");
      auto json = send(cid, std::string(below(2) == 0 ? 5 : 150 + below(150), 'x'));
      if (kind < 3) {
        bytes += client_frame(0x1, true, json, mask());
      } else {
        auto cut = 1 + below(json.size() - 1);
        bytes += client_frame(0x1, false, json.substr(0, cut), mask());
        if (below(2) == 0) bytes += control(n);
        bytes += client_frame(0x0, true, json.substr(cut), mask());
      }
    }
    for (std::size_t at = 0; at < bytes.size();) {
      auto length = std::min<std::size_t>(1 + below(64), bytes.size() - at);
      tab.socket.non_blocking(false);
      boost::asio::write(tab.socket, boost::asio::buffer(bytes.data() + at, length));
      at += length;
      if (below(8) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1 + below(20)));
      tab.read_available(received);
    }
    for (const auto& answer : expected) {
      CAPTURE(answer);
      CHECK(tab.read_until(received, answer, std::chrono::seconds(5)) == RawTab::Read::found);
    }
  }
}
