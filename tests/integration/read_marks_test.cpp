// What the visitor's tab tells the agent's WhatsApp, against wa-sim: the
// agent's messages turn read once the tab reports having shown them, and the
// agent sees "typing…" while the visitor types, not once per keystroke.

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

// Ana's own messages as wa-sim keeps them, with what the business did to them.
std::vector<boost::json::object> from_ana(const Cluster& cluster) {
  std::vector<boost::json::object> out;
  // '+' in a query is a space: the number goes percent-encoded.
  auto reply = cluster.sim("GET", "/sim/conversations?with=%2B" + agent_ana.substr(1));
  auto json = reply.json();
  for (const auto& m : json.at("messages").as_array()) {
    if (m.at("direction") == "user") out.push_back(m.as_object());
  }
  return out;
}

bool read_on_phone(const Cluster& cluster, const std::string& wamid, const char* field = "read") {
  for (const auto& m : from_ana(cluster)) {
    if (m.at("id") == wamid.c_str()) return m.at(field).as_bool();
  }
  return false;
}

std::string signals(const Cluster& cluster) { return cluster.relay("GET", "/metrics").body; }

}  // namespace

TEST_CASE("read marks: the agent's message turns read when the tab has shown it, and typing shows on WhatsApp") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  auto s = live_chat_with_ana(cluster);
  auto answer = cluster.whatsapp_from(agent_ana, "#" + s.code + " Hello, Ana here");
  REQUIRE(eventually([&] { return chat_says(cluster, s, "Ana here"); }));
  std::uint64_t seq = 0;
  for (const auto& m : cluster.messages(s)) seq = std::max<std::uint64_t>(seq, m.at("seq").to_number<std::uint64_t>());
  CHECK_FALSE(read_on_phone(cluster, answer));

  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(
      boost::json::serialize(boost::json::object{{"type", "hello"}, {"session_id", s.id}, {"token", s.token}}));
  REQUIRE(tab.next_of_type("welcome"));
  tab.send_text(boost::json::serialize(boost::json::object{{"type", "seen"}, {"seq", seq}}));
  REQUIRE(eventually([&] { return read_on_phone(cluster, answer); }));
  // Seen again: nothing new to mark, no second call.
  tab.send_text(boost::json::serialize(boost::json::object{{"type", "seen"}, {"seq", seq}}));
  CHECK(signals(cluster).find("baton_whatsapp_signals_total{kind=\"read\"} 1") != std::string::npos);

  for (int i = 0; i < 5; ++i) tab.send_text(R"({"type":"typing"})");
  REQUIRE(eventually([&] { return read_on_phone(cluster, answer, "typing"); }));
  CHECK(signals(cluster).find("baton_whatsapp_signals_total{kind=\"typing\"} 1") != std::string::npos);

  // A frame the relay cannot read is refused; the socket and the relay go on.
  tab.send_text(R"({"type":"seen","seq":"soon"})");
  CHECK(tab.next_of_type("error"));
  CHECK(cluster.relay("GET", "/healthz").status == 200);
}
