// GET /v1/admin/ws and GET /v1/admin/trace: the token in the first frame,
// the snapshot, live events in order with no message text, a console that
// falls behind is dropped, and one message followed from the widget to the
// agent's phone and back to "read".

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

std::unique_ptr<WsClient> console(const Cluster& cluster, const std::string& token = admin_token) {
  auto ws = std::make_unique<WsClient>("127.0.0.1", cluster.relay_port(), std::vector<std::string>{}, "",
                                       "/v1/admin/ws");
  ws->send_text(boost::json::serialize(boost::json::object{{"type", "hello"}, {"token", token}}));
  return ws;
}

// Events until one of `type` whose `field` is `value`.
std::optional<boost::json::value> event_where(WsClient& ws, const std::string& type, const std::string& field,
                                              const std::string& value) {
  while (auto event = ws.next_of_type(type, std::chrono::seconds(10))) {
    const auto* v = event->as_object().if_contains(field);
    if (v && v->is_string() && v->get_string() == value) return event;
  }
  return std::nullopt;
}

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

}  // namespace

TEST_CASE("admin stream: a wrong or missing token closes the socket and is counted, nothing is sent") {
  Cluster cluster;
  auto s = cluster.open_session();
  auto wrong = console(cluster, "not-the-token");
  CHECK_FALSE(wrong->next(std::chrono::seconds(3)));
  CHECK(eventually([&] { return wrong->closed(); }));
  CHECK(wrong->close_code() == 1008);

  // No hello at all: the relay gives up after the deadline, still silent.
  WsClient silent("127.0.0.1", cluster.relay_port(), {}, "", "/v1/admin/ws");
  silent.send_text(R"({"type":"transcript","session":")" + s.id + R"("})");
  CHECK_FALSE(silent.next(std::chrono::seconds(2)));
  CHECK(eventually([&] { return silent.closed(); }));

  // The token never in the URL: a query string does not open the stream.
  auto trace = cluster.relay("GET", "/v1/admin/trace?id=x&token=" + admin_token);
  CHECK(trace.status == 401);
}

TEST_CASE("admin stream: snapshot first, then live events without message text") {
  Cluster cluster;
  auto before = cluster.open_session();
  REQUIRE(cluster.post_message(before, "c0", "secret words before").status == 201);

  auto ws = console(cluster);
  auto snapshot = ws->next_of_type("snapshot");
  REQUIRE(snapshot);
  bool listed = false;
  for (const auto& row : snapshot->at("sessions").as_array()) {
    if (row.at("session") == before.id) listed = true;
  }
  CHECK(listed);
  CHECK(snapshot->at("agents").as_array().size() == 2);
  auto agent_phone = std::string(snapshot->at("agents").at(0).at("phone").as_string());
  CHECK(agent_phone.find("1230001") == std::string::npos);  // masked

  auto s = cluster.open_session();
  auto created = event_where(*ws, "session", "session", s.id);
  REQUIRE(created);
  REQUIRE(cluster.post_message(s, "c1", "my secret question").status == 201);
  auto stored = event_where(*ws, "message", "cid", "c1");
  REQUIRE(stored);
  CHECK(stored->at("session") == s.id);
  CHECK(stored->at("author") == "visitor");
  CHECK(stored->at("length") == 18);
  CHECK(stored->at("seq").as_int64() > 0);
  // The text is nowhere on the stream unless a transcript is asked for.
  for (const auto& frame : ws->skipped) {
    CHECK(boost::json::serialize(frame).find("secret") == std::string::npos);
  }
  ws->send_text(R"({"type":"transcript","session":")" + s.id + R"("})");
  auto transcript = ws->next_of_type("transcript");
  REQUIRE(transcript);
  bool has_text = false;
  for (const auto& m : transcript->at("messages").as_array()) {
    if (m.at("text") == "my secret question") has_text = true;
  }
  CHECK(has_text);

  // Figures tick while a console watches.
  auto figures = ws->next_of_type("figures", std::chrono::seconds(4));
  REQUIRE(figures);
  CHECK(figures->at("rss_kib").as_int64() > 0);
}

TEST_CASE("admin stream: one message from the widget to the agent's phone and back, traced by any of its ids") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto ws = console(cluster);
  REQUIRE(ws->next_of_type("snapshot"));
  auto s = cluster.open_session();
  cluster.take_chat(s);
  REQUIRE(event_where(*ws, "state", "session", s.id));

  auto posted = cluster.post_message(s, "trace-cid-1", "Is the bike in stock?");
  REQUIRE(posted.status == 201);
  auto id = std::string(posted.json().at("id").as_string());
  REQUIRE(event_where(*ws, "message", "id", id));
  auto queued = event_where(*ws, "outbox", "message", id);
  REQUIRE(queued);
  auto row = std::string(queued->at("row").as_string());
  auto call = event_where(*ws, "graph", "row", row);
  REQUIRE(call);
  CHECK(call->at("http") == 200);
  CHECK(call->at("outcome") == "accepted");
  auto wamid = std::string(call->at("wamid").as_string());
  cluster.sim("POST", "/sim/read", R"({"id":")" + wamid + R"("})");
  REQUIRE(eventually([&] {
    auto reply = cluster.relay("GET", "/v1/admin/trace?id=" + id, "", admin());
    if (reply.status != 200) return false;
    auto answer = reply.json();
    for (const auto& e : answer.at("events").as_array()) {
      if (e.at("type") == "status" && e.at("status") == "read") return true;
    }
    return false;
  }));

  // The same path by the client id and by the wamid.
  for (const auto& key : {std::string("trace-cid-1"), wamid}) {
    auto reply = cluster.relay("GET", "/v1/admin/trace?id=" + key, "", admin());
    REQUIRE(reply.status == 200);
    auto answer = reply.json();
    std::vector<std::string> kinds;
    for (const auto& e : answer.at("events").as_array()) kinds.emplace_back(e.at("type").as_string());
    auto has = [&](const char* kind) { return std::find(kinds.begin(), kinds.end(), kind) != kinds.end(); };
    CHECK(has("message"));
    CHECK(has("outbox"));
    CHECK(has("graph"));
    CHECK(has("webhook"));
    CHECK(has("status"));
  }
  auto by_wamid = cluster.relay("GET", "/v1/admin/trace?id=" + wamid, "", admin()).json();
  CHECK(by_wamid.at("message").at("id") == id);
  CHECK(by_wamid.at("outbox").at("wamid") == wamid);

  CHECK(cluster.relay("GET", "/v1/admin/trace?id=nothing-like-this", "", admin()).status == 404);
  CHECK(cluster.relay("GET", "/v1/admin/trace", "", admin()).status == 400);
}

TEST_CASE("admin stream: a console that asks without reading is dropped, and the relay keeps serving") {
  Cluster cluster;
  // A raw socket with a tiny receive buffer: it says hello, then asks and
  // asks without ever reading an answer.
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.open(boost::asio::ip::tcp::v4());
  socket.set_option(boost::asio::socket_base::receive_buffer_size(4096));
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), cluster.relay_port()});
  std::string upgrade =
      "GET /v1/admin/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
  boost::asio::write(socket, boost::asio::buffer(upgrade));
  boost::asio::streambuf handshake;
  boost::asio::read_until(socket, handshake, "\r\n\r\n");
  auto masked = [](const std::string& payload) {
    std::string frame{static_cast<char>(0x81), static_cast<char>(0x80 | payload.size()), 1, 2, 3, 4};
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ "\x01\x02\x03\x04"[i % 4]);
    return frame;
  };
  boost::asio::write(socket, boost::asio::buffer(masked(R"({"type":"hello","token":")" + admin_token + R"("})")));
  auto metric = [&](const std::string& name) {
    auto body = cluster.relay("GET", "/metrics").body;
    auto at = body.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(body.substr(at + name.size() + 2));
  };
  // Each unknown request is answered with an error line; 150,000 answers are
  // far more than the socket buffers and the console's queue hold.
  std::string burst;
  for (int i = 0; i < 1000; ++i) burst += masked(R"({"type":"x"})");
  boost::system::error_code ec;
  for (int i = 0; i < 150 && !ec; ++i) boost::asio::write(socket, boost::asio::buffer(burst), ec);
  CHECK(eventually([&] { return metric("baton_admin_streams_dropped_total") >= 1; }));
  auto s = cluster.open_session();
  CHECK(cluster.post_message(s, "after", "still served").status == 201);
}
