// POST /v1/admin/actions and the same actions over GET /v1/admin/ws: retry a
// send now, end a chat, re-deliver a kept webhook, and (with --simulator-url)
// write as a WhatsApp user and switch wa-sim faults. Each is answered with
// what happened and lands in the audit log, refused or done.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

HttpReply act(const Cluster& cluster, const boost::json::object& action) {
  return cluster.relay("POST", "/v1/admin/actions", boost::json::serialize(action), admin());
}

boost::json::array audit(const Cluster& cluster) {
  return cluster.relay("GET", "/v1/admin/audit", "", admin()).json().at("entries").as_array();
}

// A relay and wa-sim with one chat live with whichever agent took it (both
// agents' 24-hour windows open, so nothing waits for a template).
struct LiveChat {
  explicit LiveChat(ClusterOptions options = {}) : cluster(std::move(options)) {
    cluster.open_window(agent_ana);
    cluster.open_window(agent_ben);
    s = cluster.open_session();
    agent = cluster.take_chat(s);
  }
  Cluster cluster;
  VisitorSession s;
  std::string agent;
};

std::optional<boost::json::object> open_row(const Cluster& cluster, const std::string& session_id) {
  auto outbox = cluster.relay("GET", "/v1/admin/outbox", "", admin()).json();
  for (const auto& row : outbox.at("open").as_array()) {
    if (row.at("session_id") == session_id) return row.as_object();
  }
  return std::nullopt;
}

bool any_text_contains(const boost::json::array& messages, const std::string& needle) {
  for (const auto& text : texts_of(messages)) {
    if (text.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("admin actions: token required, one endpoint, unknown actions refused and nothing audited") {
  Cluster cluster;
  CHECK(cluster.relay("POST", "/v1/admin/actions", R"({"action":"end_chat","session":"x"})").status == 401);
  CHECK(cluster.relay("GET", "/v1/admin/actions", "", admin()).status == 405);
  CHECK(cluster.relay("POST", "/v1/admin/actions", "not json", admin()).status == 400);
  auto unknown = act(cluster, {{"action", "reboot"}});
  CHECK(unknown.status == 400);
  CHECK(unknown.json().at("error").at("code") == "unknown_action");
  CHECK(audit(cluster).empty());
  CHECK(cluster.relay("GET", "/v1/admin/audit?limit=abc", "", admin()).status == 400);
}

TEST_CASE("admin actions: a send waiting out its backoff goes at once, and a settled one is refused") {
  LiveChat live;
  auto& cluster = live.cluster;
  auto& s = live.s;
  auto& agent = live.agent;
  // What taking the chat sent (the agents' notices) has gone out first: the
  // three failures must be the copy's. Under the sanitizers a notice was
  // still on its way, took a failure, and the copy never backed off three
  // times.
  REQUIRE(eventually(
      [&] { return cluster.relay("GET", "/v1/admin/outbox", "", admin()).json().at("open").as_array().empty(); }));
  // The next three calls fail with a temporary error: the copy backs off.
  REQUIRE(cluster.sim("POST", "/sim/faults", R"({"kind":"error","code":131000,"count":3})").status == 200);
  REQUIRE(cluster.post_message(s, "c1", "where is my order?").status == 201);
  std::optional<boost::json::object> row;
  REQUIRE(eventually([&] {
    row = open_row(cluster, s.id);
    return row && row->at("attempts").as_int64() >= 3 && row->at("state") == "pending";
  }));
  auto id = std::to_string(row->at("id").as_int64());
  auto retried = act(cluster, {{"action", "retry_send"}, {"row", id}});
  REQUIRE(retried.status == 200);
  CHECK(retried.json().at("target") == "row " + id);
  auto due_in_ms = retried.json().at("was_due_in_ms").as_int64();
  // The third failure's backoff is 2 to 4 s; the retry does not wait for it.
  auto asked = std::chrono::steady_clock::now();
  REQUIRE(eventually([&] { return !open_row(cluster, s.id); }));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked);
  if (due_in_ms > 1000) CHECK(took.count() < due_in_ms);
  CHECK(eventually([&] {
    for (const auto& m : cluster.sent_to(agent)) {
      if (std::string(m.at("body").as_string()).find("where is my order?") != std::string::npos) return true;
    }
    return false;
  }));

  auto again = act(cluster, {{"action", "retry_send"}, {"row", id}});
  CHECK(again.status == 409);
  CHECK(again.json().at("error").at("code") == "not_retryable");
  CHECK(act(cluster, {{"action", "retry_send"}, {"row", "999999"}}).status == 404);
  CHECK(act(cluster, {{"action", "retry_send"}, {"row", "-3"}}).status == 400);

  auto entries = audit(cluster);
  // Newest first; the unreadable row id tried nothing and is not there.
  REQUIRE(entries.size() == 3);
  CHECK(entries[2].at("outcome") == "done");
  CHECK(entries[2].at("action") == "retry_send");
  CHECK(std::string(entries[2].at("actor").as_string()).starts_with("api@"));
  CHECK(entries[1].at("outcome") == "not_retryable");
  CHECK(entries[0].at("outcome") == "no_such_row");
}

TEST_CASE("admin actions: ending a chat tells the agent and the visitor, and the visitor is never left unread") {
  LiveChat live;
  auto& cluster = live.cluster;
  auto& s = live.s;
  auto& agent = live.agent;

  auto ended = act(cluster, {{"action", "end_chat"}, {"session", s.code}});
  REQUIRE(ended.status == 200);
  CHECK(ended.json().at("target") == "chat #" + s.code);
  CHECK(ended.json().at("session") == s.id);
  CHECK(eventually([&] { return any_text_contains(cluster.messages(s), "Our team closed this chat"); }));
  CHECK(eventually([&] {
    for (const auto& m : cluster.sent_to(agent)) {
      if (std::string(m.at("body").as_string()).find("was ended by an administrator") != std::string::npos) return true;
    }
    return false;
  }));
  auto detail = cluster.relay("GET", "/v1/admin/sessions/" + s.id, "", admin()).json();
  CHECK(detail.at("state") == "ended");

  auto again = act(cluster, {{"action", "end_chat"}, {"session", s.id}});
  CHECK(again.status == 409);
  CHECK(again.json().at("error").at("code") == "already_ended");
  CHECK(act(cluster, {{"action", "end_chat"}, {"session", "s_nope"}}).status == 404);

  // What the visitor writes next has a reader: the assistant again.
  REQUIRE(cluster.post_message(s, "after-end", "hello?").status == 201);
  CHECK(eventually([&] { return any_text_contains(cluster.messages(s), "New conversation"); }));

  auto entries = audit(cluster);
  REQUIRE(entries.size() == 3);
  CHECK(entries[2].at("action") == "end_chat");
  CHECK(entries[2].at("outcome") == "done");
  CHECK(entries[1].at("outcome") == "already_ended");
}

TEST_CASE("admin actions: a kept webhook delivered again is deduplicated, and kept bodies are shown masked") {
  LiveChat live;
  auto& cluster = live.cluster;
  auto& s = live.s;
  auto& agent = live.agent;
  cluster.whatsapp_from(agent, "A very private reply");
  REQUIRE(eventually([&] { return any_text_contains(cluster.messages(s), "A very private reply"); }));
  auto before = cluster.messages(s).size();

  auto kept = cluster.relay("GET", "/v1/admin/webhooks", "", admin()).json().at("kept").as_array();
  REQUIRE(!kept.empty());
  // The newest message webhook: the agent's reply (statuses may follow it).
  std::string id;
  for (const auto& k : kept) {
    auto body = cluster.relay("GET", "/v1/admin/webhooks/" + std::string(k.at("id").as_string()), "", admin());
    REQUIRE(body.status == 200);
    auto masked = std::string(body.json().at("masked").as_string());
    CHECK(masked.find("private") == std::string::npos);
    CHECK(masked.find(agent.substr(1)) == std::string::npos);
    if (masked.find("\"messages\"") != std::string::npos) id = std::string(k.at("id").as_string());
  }
  REQUIRE(!id.empty());
  CHECK(cluster.relay("GET", "/v1/admin/webhooks/999999", "", admin()).status == 404);

  auto again = act(cluster, {{"action", "redeliver_webhook"}, {"webhook", id}});
  REQUIRE(again.status == 200);
  CHECK(again.json().at("duplicates").as_int64() >= 1);
  CHECK(again.json().at("new_items").as_int64() == 0);
  CHECK(cluster.messages(s).size() == before);
  CHECK(act(cluster, {{"action", "redeliver_webhook"}, {"webhook", "999999"}}).status == 404);

  // The Cloud API calls are kept too: what was sent and what came back, masked.
  REQUIRE(cluster.post_message(s, "kept-cid", "my secret address is 5 Main St").status == 201);
  std::string call;
  REQUIRE(eventually([&] {
    auto calls = cluster.relay("GET", "/v1/admin/graph_calls", "", admin()).json().at("kept").as_array();
    for (const auto& k : calls) {
      auto one = cluster.relay("GET", "/v1/admin/graph_calls/" + std::string(k.at("id").as_string()), "", admin());
      auto masked = std::string(one.json().at("masked").as_string());
      if (masked.find("<") != std::string::npos && masked.find("\"status\": 200") != std::string::npos &&
          masked.find("wamid.") != std::string::npos) {
        call = masked;
      }
    }
    return !call.empty();
  }));
  CHECK(call.find("Main St") == std::string::npos);
  CHECK(call.find(agent.substr(1)) == std::string::npos);
  CHECK(call.find("sim-access-token") == std::string::npos);
  CHECK(call.find("\"request\"") != std::string::npos);
  CHECK(cluster.relay("GET", "/v1/admin/graph_calls/0", "", admin()).status == 404);
}

TEST_CASE("admin actions: the simulator's actions need --simulator-url") {
  Cluster cluster;
  auto write = act(cluster, {{"action", "sim_write"}, {"as", "agent"}, {"agent", "Ana"}, {"text", "hi"}});
  CHECK(write.status == 409);
  CHECK(write.json().at("error").at("code") == "no_simulator");
  CHECK(cluster.relay("GET", "/v1/admin/simulator/faults", "", admin()).status == 409);
}

TEST_CASE("admin actions: with the simulator, write as an agent or the visitor's WhatsApp, and switch faults") {
  LiveChat live({.simulator_link = true});
  auto& cluster = live.cluster;
  auto& s = live.s;
  auto& agent = live.agent;
  auto name = agent == agent_ana ? "Ana" : "Ben";

  auto wrote = act(cluster,
                   {{"action", "sim_write"}, {"as", "agent"}, {"agent", name}, {"text", "Written from the console"}});
  REQUIRE(wrote.status == 200);
  CHECK(std::string(wrote.json().at("wamid").as_string()).starts_with("wamid."));
  CHECK(eventually([&] { return any_text_contains(cluster.messages(s), "Written from the console"); }));
  CHECK(act(cluster, {{"action", "sim_write"}, {"as", "agent"}, {"agent", "Zed"}, {"text", "x"}}).status == 404);
  CHECK(act(cluster, {{"action", "sim_write"}, {"as", "agent"}, {"agent", name}, {"text", ""}}).status == 400);
  auto not_joined = act(cluster, {{"action", "sim_write"}, {"as", "visitor"}, {"session", s.id}, {"text", "x"}});
  CHECK(not_joined.status == 409);
  CHECK(not_joined.json().at("error").at("code") == "not_on_whatsapp");

  auto on = act(cluster, {{"action", "sim_fault"}, {"rule", {{"kind", "error"}, {"code", 131000}, {"count", 5}}}});
  REQUIRE(on.status == 200);
  auto faults = cluster.relay("GET", "/v1/admin/simulator/faults", "", admin()).json().at("faults");
  CHECK(boost::json::serialize(faults).find("131000") != std::string::npos);
  auto bad = act(cluster, {{"action", "sim_fault"}, {"rule", {{"kind", "meteor"}}}});
  CHECK(bad.status == 400);
  CHECK(bad.json().at("error").at("code") == "simulator_refused");
  auto off = act(cluster, {{"action", "sim_clear_faults"}});
  REQUIRE(off.status == 200);
  faults = cluster.relay("GET", "/v1/admin/simulator/faults", "", admin()).json().at("faults");
  CHECK(boost::json::serialize(faults).find("131000") == std::string::npos);

  // The audit names what was done, never what was written.
  for (const auto& e : audit(cluster)) {
    CHECK(boost::json::serialize(e).find("Written from the console") == std::string::npos);
  }
}

TEST_CASE("admin actions: over the console's stream, answered to the asker and audited for every console") {
  Cluster cluster;
  auto first = std::make_unique<WsClient>("127.0.0.1", cluster.relay_port(), std::vector<std::string>{}, "",
                                          "/v1/admin/ws");
  auto second = std::make_unique<WsClient>("127.0.0.1", cluster.relay_port(), std::vector<std::string>{}, "",
                                           "/v1/admin/ws");
  for (auto* ws : {first.get(), second.get()}) {
    ws->send_text(boost::json::serialize(boost::json::object{{"type", "hello"}, {"token", admin_token}}));
    auto snapshot = ws->next_of_type("snapshot");
    REQUIRE(snapshot);
    CHECK(snapshot->at("simulator") == false);
  }
  auto s = cluster.open_session();
  first->send_text(boost::json::serialize(
      boost::json::object{{"type", "action"}, {"request", "r1"}, {"action", "end_chat"}, {"session", s.id}}));
  auto result = first->next_of_type("action_result");
  REQUIRE(result);
  CHECK(result->at("request") == "r1");
  CHECK(result->at("status") == 200);
  auto seen = second->next_of_type("audit");
  REQUIRE(seen);
  CHECK(seen->at("action") == "end_chat");
  CHECK(std::string(seen->at("actor").as_string()).starts_with("console@"));
  CHECK(seen->at("session") == s.id);
  // A new console starts with the audit so far.
  WsClient third("127.0.0.1", cluster.relay_port(), {}, "", "/v1/admin/ws");
  third.send_text(boost::json::serialize(boost::json::object{{"type", "hello"}, {"token", admin_token}}));
  auto snapshot = third.next_of_type("snapshot");
  REQUIRE(snapshot);
  CHECK(snapshot->at("audit").as_array().size() == 1);
}

TEST_CASE("admin actions: changes through the other admin endpoints are audited too, never with the visitor's data") {
  Cluster cluster;
  REQUIRE(cluster.relay("PUT", "/v1/admin/hours", R"({"hours":"24/7","time_zone":"UTC"})", admin()).status == 200);
  CHECK(cluster.relay("PUT", "/v1/admin/hours", R"({"hours":"whenever"})", admin()).status == 400);
  REQUIRE(cluster.relay("DELETE", "/v1/admin/hours", "", admin()).status == 200);
  REQUIRE(cluster.relay("DELETE", "/v1/admin/outbox?recipient=%2B15551230001", "", admin()).status == 200);
  auto s = cluster.open_session(R"({"name":"Olga","email":"olga@example.com"})");
  CHECK(!s.id.empty());
  REQUIRE(cluster.relay("DELETE", "/v1/admin/visitors?email=olga%40example.com", "", admin()).status == 200);

  auto entries = audit(cluster);
  REQUIRE(entries.size() == 5);
  CHECK(entries[4].at("action") == "set_hours");
  CHECK(entries[4].at("outcome") == "done");
  CHECK(entries[3].at("outcome") == "invalid_hours");
  CHECK(entries[2].at("action") == "reset_hours");
  CHECK(entries[1].at("action") == "cancel_queued");
  CHECK(entries[1].at("target") == "recipient +1555***0001");
  CHECK(entries[0].at("action") == "erase_visitor");
  CHECK(entries[0].at("outcome") == "done");
  CHECK(boost::json::serialize(entries[0]).find("olga") == std::string::npos);
}

TEST_CASE("admin actions: a booked call is on the console's stream, and cancelling it there tells both sides") {
  Cluster cluster;
  WsClient ws("127.0.0.1", cluster.relay_port(), {}, "", "/v1/admin/ws");
  ws.send_text(boost::json::serialize(boost::json::object{{"type", "hello"}, {"token", admin_token}}));
  REQUIRE(ws.next_of_type("snapshot"));
  auto slots = cluster.relay("GET", "/v1/availability/slots?days=7").json().at("slots").as_array();
  REQUIRE(!slots.empty());
  auto slot = std::string(slots.back().at("start").as_string());
  auto s = cluster.open_session();
  REQUIRE(cluster
              .hand_off(s, R"({"mode":"callback","name":"Lena","phone":"+4915112345678","consent":true,"slot":")" +
                               slot + R"("})")
              .status == 200);
  auto booked = ws.next_of_type("call");
  REQUIRE(booked);
  CHECK(booked->at("change") == "booked");
  CHECK(booked->at("session") == s.id);
  CHECK(boost::json::serialize(*booked).find("15112345678") == std::string::npos);  // masked
  auto id = std::string(booked->at("call").as_string());

  // A new console sees it in its snapshot.
  WsClient late("127.0.0.1", cluster.relay_port(), {}, "", "/v1/admin/ws");
  late.send_text(boost::json::serialize(boost::json::object{{"type", "hello"}, {"token", admin_token}}));
  auto snapshot = late.next_of_type("snapshot");
  REQUIRE(snapshot);
  REQUIRE(snapshot->at("calls").as_array().size() == 1);
  CHECK(snapshot->at("calls").at(0).at("call") == id);

  auto cancelled = act(cluster, {{"action", "cancel_call"}, {"call", id}});
  REQUIRE(cancelled.status == 200);
  auto change = ws.next_of_type("call");
  REQUIRE(change);
  CHECK(change->at("change") == "cancelled");
  CHECK(change->at("cancelled_by") == "admin");
  CHECK(eventually([&] { return any_text_contains(cluster.messages(s), "was cancelled"); }));
  CHECK(act(cluster, {{"action", "cancel_call"}, {"call", id}}).status == 409);
  CHECK(audit(cluster).at(1).at("action") == "cancel_call");
}
