// The developer console's model and view, natively: events in, what it drew
// and what it asked for out. The view draws into an ImGui context with no
// renderer; a click is the mouse pressed and released on a drawn button.

#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "tests/support/headless_console.hpp"

namespace baton::console {
namespace {

const char* snapshot = R"({"type":"snapshot","t":1000,
  "sessions":[{"session":"s1","code":"K7Q2","state":"bot","mode":"live","agent":"","origin":"https://shop.example",
               "language":"en","last_seq":2,"created":900,"updated":950,"tabs":1,"on_whatsapp":false},
              {"session":"s2","code":"ZZ99","state":"waiting","mode":"live","agent":"+1555•••0001","origin":"https://shop.example",
               "language":"pt","last_seq":5,"created":800,"updated":990,"tabs":2,"queue_position":1,"on_whatsapp":false}],
  "agents":[{"name":"Ana","phone":"+1555•••0001","away":false,"window_open":true,"open_chats":1,"capacity":3}],
  "outbox":[],"mail":[],"availability":{"online":true,"agents_online":1}})";

// One message from the widget to the agent's phone, and the agent reading it.
const std::vector<std::string> journey = {
    R"({"type":"message","t":2000,"session":"s1","id":"m1","seq":3,"cid":"c1","author":"visitor","kind":"text","status":"sent","length":12,"tabs":2})",
    R"({"type":"outbox","t":2001,"session":"s1","row":"7","message":"m1","recipient":"+1555•••0001","purpose":"relay","state":"pending","attempts":0,"change":"queued"})",
    R"({"type":"graph","t":2050,"session":"s1","row":"7","message":"m1","purpose":"relay","attempt":1,"http":200,"outcome":"accepted","ms":48.5,"wamid":"wamid.X"})",
    R"({"type":"outbox","t":2051,"row":"7","change":"settled"})",
    R"({"type":"webhook","t":3000,"result":"stored","items":[{"item":"status","wamid":"wamid.X","status":"delivered","row":"7"}]})",
    R"({"type":"status","t":3001,"session":"s1","id":"m1","seq":4,"status":"delivered","tabs":2})",
    R"({"type":"webhook","t":4000,"result":"stored","items":[{"item":"status","wamid":"wamid.X","status":"read","row":"7"}]})",
    R"({"type":"webhook","t":4001,"result":"stored","items":[{"item":"status","wamid":"wamid.X","status":"delivered","row":"7"}]})",
};

}  // namespace

TEST_CASE("console model: a snapshot lists chats, agents and availability") {
  ConsoleModel model;
  model.apply(snapshot);
  CHECK(model.link() == Link::live);
  REQUIRE(model.sessions().size() == 2);
  REQUIRE(model.session("s2"));
  CHECK(model.session("s2")->queue_position == 1);
  CHECK(model.agents().at(0).name == "Ana");
  CHECK(model.availability().online);
  // Most recently changed first.
  CHECK(model.sessions()[model.sessions_by_recency()[0]].id == "s2");
}

TEST_CASE("console model: a message is followed to every endpoint, and read never goes back") {
  ConsoleModel model;
  model.apply(snapshot);
  for (const auto& line : journey) model.apply(line);
  const auto* track = model.track("m1");
  REQUIRE(track);
  CHECK(track->tabs == 2);
  CHECK(track->status == "delivered");
  REQUIRE(track->copies.size() == 1);
  CHECK(track->copies[0].state == "read");
  CHECK(track->copies[0].wamid == "wamid.X");
  CHECK(model.outbox().empty());  // settled
  CHECK(model.session("s1")->last_seq == 3);
  REQUIRE(model.timeline("s1"));
  CHECK(model.timeline("s1")->front().text == "stored #3 visitor text, 12 chars, to 2 tabs");
  CHECK(model.traffic().size() == 4);
  CHECK(model.traffic().front().summary.find("HTTP 200, accepted, row 7 attempt 1, 48.5 ms") != std::string::npos);
}

TEST_CASE("console model: in a cluster each event says which relay it happened on") {
  ConsoleModel model;
  model.apply(snapshot);
  model.apply(R"({"type":"state","t":5,"session":"s1","state":"live","agent":"Ana","relay":"10.0.0.2:8080"})");
  model.apply(R"({"type":"state","t":6,"session":"s1","state":"bot","agent":""})");
  REQUIRE(model.timeline("s1"));
  REQUIRE(model.timeline("s1")->size() >= 2);
  auto texts = std::vector<std::string>{};
  for (const auto& line : *model.timeline("s1")) texts.push_back(line.text);
  CHECK(std::find(texts.begin(), texts.end(), "now live with Ana [10.0.0.2:8080]") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "now bot") != texts.end());
}

TEST_CASE("console model: unreadable lines are ignored, and every list is bounded") {
  ConsoleModel model;
  model.apply("not json");
  model.apply("[1,2]");
  CHECK(model.lines_ignored() == 2);
  for (std::size_t i = 0; i < ConsoleModel::max_events + 10; ++i) {
    model.apply(R"({"type":"availability","t":1,"online":true,"agents_online":1})");
  }
  CHECK(model.events().size() == ConsoleModel::max_events);
  for (std::size_t i = 0; i < ConsoleModel::plot_points + 5; ++i) {
    model.apply(
        R"({"type":"figures","t":1,"messages":3,"webhooks":1,"to_tab_p50_ms":1,"to_tab_p99_ms":5,"sockets":2,"outbox":0,"rss_kib":900})");
  }
  CHECK(model.plots().messages.size() == ConsoleModel::plot_points);
  // Each message copied once: the rows are forgotten with their messages.
  for (std::size_t i = 0; i < ConsoleModel::max_tracks + 10; ++i) {
    auto n = std::to_string(i);
    model.apply(R"({"type":"outbox","t":1,"session":"s","row":")" + n + R"(","message":"m)" + n +
                R"(","recipient":"+1555***0001","purpose":"relay","state":"pending","attempts":0,"change":"queued"})");
  }
  CHECK(model.rows_followed() == ConsoleModel::max_tracks);
  CHECK_FALSE(model.track("m0"));
  CHECK(model.plots().rss_kib == 900);
}

TEST_CASE("console model: a trace and a transcript answer the console's own questions") {
  ConsoleModel model;
  model.apply(
      R"({"type":"trace","query":"c1","message":{"session":"s1","id":"m1","seq":3,"author":"visitor","status":"read"},
    "outbox":{"row":"7","state":"sent","attempts":1},"events":[)" +
      journey[0] + "," + journey[2] + "]}");
  CHECK(model.trace_query() == "c1");
  CHECK(model.trace().size() == 2);
  CHECK(model.trace_summary() == "message m1 #3 in chat s1, visitor, read; WhatsApp row 7 sent after 1 attempt(s)");
  model.apply(R"({"type":"trace","query":"nope","message":null,"outbox":null,"events":[]})");
  CHECK(model.trace_summary() == "nothing has this id");
  model.apply(
      R"({"type":"transcript","session":"s1","messages":[{"seq":1,"author":"visitor","name":"","text":"Hello there","status":"sent","t":5}]})");
  REQUIRE(model.transcript().size() == 1);
  CHECK(model.transcript()[0].text == "#1 visitor: Hello there  [sent]");
}

TEST_CASE("console view: signed out it asks for the token, and signing in hands it over once") {
  HeadlessConsole imgui;
  ConsoleModel model;
  ConsoleView view;
  view.record(true);
  imgui.frame(view, model);
  CHECK(view.drew("Sign in with the relay's admin token"));
  CHECK_FALSE(view.drew("Chats"));
  imgui.frame(view, model);  // the token field takes the keyboard
  ImGui::GetIO().AddInputCharactersUTF8("secret-token");
  imgui.frame(view, model);
  auto asked = imgui.click(view, model, "Sign in");
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].kind == ConsoleRequest::Kind::sign_in);
  CHECK(asked[0].value == "secret-token");
  // The form forgot it.
  CHECK(imgui.click(view, model, "Sign in").empty());

  model.set_link(Link::refused, "invalid admin token");
  imgui.frame(view, model);
  CHECK(view.drew("The relay refused: invalid admin token"));
}

TEST_CASE("console view: chats listed, one picked shows where its messages went") {
  HeadlessConsole imgui;
  ConsoleModel model;
  ConsoleView view;
  view.record(true);
  model.apply(snapshot);
  for (const auto& line : journey) model.apply(line);
  imgui.frame(view, model);
  CHECK(view.drew("Chats"));
  CHECK(view.drew("K7Q2"));
  CHECK(view.drew("ZZ99"));
  CHECK(view.drew("waiting"));
  CHECK(view.drew("Pick a chat on the left"));
  auto asked = imgui.click(view, model, "K7Q2");
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].kind == ConsoleRequest::Kind::transcript);
  CHECK(asked[0].value == "s1");
  CHECK(view.selected_session() == "s1");
  imgui.frame(view, model);
  CHECK(view.drew("copy 7 read"));
  CHECK(view.drew("stored #3 visitor text, 12 chars, to 2 tabs"));

  // The other panels, with the same events.
  imgui.click(view, model, "Agents");
  CHECK(view.drew("Ana"));
  imgui.click(view, model, "WhatsApp");
  CHECK(view.drew("webhook stored, status read of wamid.X"));
  imgui.click(view, model, "Sign out");
}

TEST_CASE("console view: 2,000 chats draw only the visible rows") {
  HeadlessConsole imgui;
  ConsoleModel model;
  ConsoleView view;
  std::string sessions;
  for (int i = 0; i < 2000; ++i) {
    if (i > 0) sessions += ',';
    sessions += R"({"session":"s)" + std::to_string(i) + R"(","code":"C)" + std::to_string(i) +
                R"(","state":"bot","updated":)" + std::to_string(i) + "}";
  }
  model.apply(R"({"type":"snapshot","t":1,"sessions":[)" + sessions + "]}");
  view.record(true);
  imgui.frame(view, model);
  std::size_t rows = 0;
  for (const auto& label : view.drawn()) {
    if (label.size() > 1 && label[0] == 'C' && std::isdigit(static_cast<unsigned char>(label[1]))) ++rows;
  }
  CHECK(view.drew("C1999"));  // the newest first
  CHECK_FALSE(view.drew("C0"));
  CHECK(rows < 100);
}

}  // namespace baton::console
