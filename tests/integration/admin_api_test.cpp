// /v1/admin: what operators and the debug console read.

#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

TEST_CASE("admin: token required, sessions, one session's log, the outbox") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  CHECK(cluster.relay("GET", "/v1/admin/sessions").status == 401);
  CHECK(cluster.relay("GET", "/v1/admin/sessions", "", {{"Authorization", "Bearer nope"}}).status == 401);

  auto s = cluster.open_session(R"({"name":"Olga","page_url":"https://shop.example/x"})");
  cluster.post_message(s, "c1", "hi");
  REQUIRE(cluster.hand_off(s).status == 200);

  auto list = cluster.relay("GET", "/v1/admin/sessions", "", admin).json().at("sessions").as_array();
  REQUIRE(list.size() == 1);
  CHECK(list[0].at("session_id") == s.id);
  CHECK(list[0].at("state") == "waiting");
  CHECK(list[0].at("visitor_name") == "Vera Visitor");
  CHECK(list[0].at("agent_phone") == agent_ana);

  auto detail = cluster.relay("GET", "/v1/admin/sessions/" + s.id, "", admin).json();
  CHECK(detail.at("context").at("page_url") == "https://shop.example/x");
  CHECK(detail.at("log").as_array().size() >= 4);
  CHECK(cluster.relay("GET", "/v1/admin/sessions/s_nope", "", admin).status == 404);

  // Ana never wrote: the handoff waits for her window, behind a template.
  CHECK(eventually([&] {
    auto outbox = cluster.relay("GET", "/v1/admin/outbox", "", admin).json();
    return outbox.at("counts").at("awaiting_window") == 1;
  }));
  CHECK(cluster.relay("POST", "/v1/admin/sessions", "", admin).status == 405);
  CHECK(cluster.relay("GET", "/v1/admin/nothing", "", admin).status == 404);
}

TEST_CASE("admin: what waits for an agent can be cancelled, and the visitor is told") {
  Cluster cluster({.relay_flags = {"--agents", "Ana:" + agent_ana}});
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s).status == 200);
  REQUIRE(cluster.post_message(s, "c1", "are you there?").status == 201);
  // Ana's window is closed: the handoff, its offer and the copy wait for her.
  auto waiting = [&] {
    auto counts = cluster.relay("GET", "/v1/admin/outbox", "", admin).json().at("counts");
    return counts.at("pending").as_int64() + counts.at("awaiting_window").as_int64();
  };
  CHECK(eventually([&] { return waiting() == 3; }));
  CHECK(cluster.relay("DELETE", "/v1/admin/outbox", "", admin).status == 400);
  CHECK(cluster.relay("DELETE", "/v1/admin/outbox?recipient=nope", "", admin).status == 400);
  auto cancelled = cluster.relay("DELETE", "/v1/admin/outbox?recipient=%2B" + agent_ana.substr(1), "", admin);
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json().at("cancelled").as_int64() == 3);
  CHECK(waiting() == 0);
  bool told = false;
  for (const auto& m : cluster.messages(s)) told = told || m.at("kind") == "delivery_failed";
  CHECK(told);
}
