// "Schedule a call" in the real relay with wa-sim: the slots, booking with
// one call per agent per slot, the agent's and the visitor's messages, and
// cancelling by the visitor and by an admin.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

bool sent_containing(const Cluster& cluster, const std::string& phone, const std::string& needle) {
  for (const auto& m : cluster.sent_to(phone)) {
    if (std::string(m.at("body").as_string()).find(needle) != std::string::npos) return true;
  }
  return false;
}

boost::json::array slots(const Cluster& cluster) {
  return cluster.relay("GET", "/v1/availability/slots?days=7").json().at("slots").as_array();
}

bool offered(const Cluster& cluster, const std::string& start) {
  for (const auto& slot : slots(cluster)) {
    if (slot.at("start") == start) return true;
  }
  return false;
}

std::string book_body(const std::string& slot, const std::string& phone, const std::string& name = "Lena") {
  return R"({"mode":"callback","name":")" + name + R"(","phone":")" + phone + R"(","consent":true,"slot":")" + slot +
         R"("})";
}

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

}  // namespace

TEST_CASE("calls: slots follow the hours in 30-minute steps and a bad request is refused") {
  Cluster cluster({.relay_flags = {"--time-zone", "Europe/Berlin", "--hours", "daily 09:00-12:00"}});
  auto list = slots(cluster);
  REQUIRE(list.size() >= 6 * 6);  // six slots a day, at least six whole days ahead
  for (const auto& slot : list) {
    auto start = std::string(slot.at("start").as_string());
    auto minute = start.substr(14, 2);
    CHECK((minute == "00" || minute == "30"));
  }
  CHECK(cluster.relay("GET", "/v1/availability/slots?days=0").status == 400);
  CHECK(cluster.relay("GET", "/v1/availability/slots?days=15").status == 400);
  CHECK(cluster.relay("GET", "/v1/availability/slots?days=x").status == 400);

  auto s = cluster.open_session();
  auto first = std::string(list.front().at("start").as_string());
  CHECK(cluster.hand_off(s, R"({"mode":"callback","phone":"+4915112345678","slot":")" + first + R"("})").status == 400);
  auto off_grid = cluster.hand_off(s, book_body("2030-01-01T03:17:00Z", "+4915112345678"));
  CHECK(off_grid.status == 400);
  CHECK(off_grid.json().at("error").at("code") == "invalid_slot");
  CHECK(cluster.relay("GET", "/v1/admin/calls", "", admin()).json().at("calls").as_array().empty());
}

TEST_CASE("calls: one call per agent per slot, the agent and the visitor hear of it, the visitor can cancel") {
  Cluster cluster;  // two agents: two calls fit in one slot
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto slot = std::string(slots(cluster).front().at("start").as_string());
  auto lena = cluster.open_session(R"({"time_zone":"America/New_York"})");
  cluster.post_message(lena, "c1", "I need help choosing a frame size");
  auto booked = cluster.hand_off(lena, book_body(slot, "+4915112345678"));
  REQUIRE(booked.status == 200);
  auto state = booked.json().as_object();
  CHECK(state.at("mode") == "callback");
  CHECK(state.at("state") == "ended");
  CHECK(state.at("call").at("start") == slot);
  auto ics = std::string(state.at("call").at("ics").as_string());
  CHECK(ics.starts_with("BEGIN:VCALENDAR\r\n"));
  CHECK(ics.find("BEGIN:VEVENT") != std::string::npos);
  auto agent = std::string(state.at("agent").as_string());
  auto agent_phone = agent == "Ana" ? agent_ana : agent_ben;
  // The same request again books nothing more.
  CHECK(cluster.hand_off(lena, book_body(slot, "+4915112345678")).status == 200);

  REQUIRE(eventually([&] { return sent_containing(cluster, agent_phone, "Call booked"); }));
  CHECK(sent_containing(cluster, agent_phone, "frame size"));  // the context comes along
  REQUIRE(eventually([&] { return !cluster.sent_to("+4915112345678").empty(); }));
  auto to_visitor = cluster.sent_to("+4915112345678").front().as_object();
  CHECK(to_visitor.at("type") == "template");
  CHECK(std::string(to_visitor.at("body").as_string()).find("America/New_York") != std::string::npos);
  auto chat = texts_of(cluster.messages(lena));
  CHECK(chat.back().find("Your call is booked") != std::string::npos);
  // A reply to the confirmation reaches the call's agent and the chat.
  cluster.whatsapp_from("+4915112345678", "Please call after 10 if you can",
                        std::string(to_visitor.at("id").as_string()));
  REQUIRE(eventually([&] { return sent_containing(cluster, agent_phone, "Please call after 10 if you can"); }));
  CHECK(texts_of(cluster.messages(lena)).back() == "Please call after 10 if you can");
  // While the call is booked, the chat is not handed to a live agent.
  auto live = cluster.hand_off(lena);
  CHECK(live.status == 409);
  CHECK(live.json().at("error").at("code") == "already_booked");

  // A second visitor takes the other agent; a third finds the slot full.
  auto omar = cluster.open_session();
  auto second = cluster.hand_off(omar, book_body(slot, "+4915112345679", "Omar"));
  REQUIRE(second.status == 200);
  CHECK(second.json().at("agent") != agent);
  CHECK(!offered(cluster, slot));
  auto third = cluster.hand_off(cluster.open_session(), book_body(slot, "+4915112345670", "Kim"));
  CHECK(third.status == 409);
  CHECK(third.json().at("error").at("code") == "slot_taken");

  // Lena cancels: her agent is told, the slot is free again, the assistant is back.
  auto cancelled = cluster.relay("DELETE", "/v1/sessions/" + lena.id + "/call", "", lena.auth());
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json().at("state") == "bot");
  CHECK(!cancelled.json().as_object().contains("call"));
  REQUIRE(eventually([&] { return sent_containing(cluster, agent_phone, "Call cancelled by the visitor"); }));
  CHECK(offered(cluster, slot));
  CHECK(cluster.relay("DELETE", "/v1/sessions/" + lena.id + "/call", "", lena.auth()).status == 404);
  // Another visitor's token cannot cancel Omar's call.
  CHECK(cluster.relay("DELETE", "/v1/sessions/" + omar.id + "/call", "", lena.auth()).status == 404);
}

TEST_CASE("calls: an admin lists and cancels calls, and the visitor is told on WhatsApp and in the chat") {
  Cluster cluster;
  auto slot = std::string(slots(cluster).back().at("start").as_string());
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s, book_body(slot, "+4915112345678")).status == 200);
  auto calls = cluster.relay("GET", "/v1/admin/calls", "", admin()).json().at("calls").as_array();
  REQUIRE(calls.size() == 1);
  CHECK(calls.front().at("code") == s.code);
  CHECK(calls.front().at("state") == "booked");
  auto id = std::to_string(calls.front().at("id").as_int64());
  CHECK(cluster.relay("DELETE", "/v1/admin/calls/" + id).status == 401);
  REQUIRE(cluster.relay("DELETE", "/v1/admin/calls/" + id, "", admin()).status == 200);
  CHECK(cluster.relay("DELETE", "/v1/admin/calls/" + id, "", admin()).status == 409);
  CHECK(cluster.relay("DELETE", "/v1/admin/calls/999", "", admin()).status == 404);
  REQUIRE(eventually([&] { return sent_containing(cluster, "+4915112345678", "cancelled"); }));
  CHECK(texts_of(cluster.messages(s)).back().find("was cancelled") != std::string::npos);
  CHECK(cluster.relay("GET", "/v1/admin/calls", "", admin()).json().at("calls").at(0).at("state") == "cancelled");
}
