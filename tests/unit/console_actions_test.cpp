// The console's actions natively: where each is offered, the confirmation
// it waits for, the request it sends, and the relay's answer and audit
// shown. Drawn headless, clicked with the mouse.

#include <doctest/doctest.h>

#include "client/console/console_actions.hpp"
#include "client/core/json_text.hpp"
#include "tests/support/headless_console.hpp"

namespace baton::console {
namespace {

const char* snapshot = R"({"type":"snapshot","t":1000,"simulator":true,
  "sessions":[{"session":"s1","code":"K7Q2","state":"live","mode":"live","agent":"+1555•••0001","updated":950,
               "tabs":1,"on_whatsapp":false},
              {"session":"s2","code":"WA55","state":"live","mode":"whatsapp","agent":"+1555•••0002","updated":900,
               "tabs":0,"on_whatsapp":true}],
  "agents":[{"name":"Ana","phone":"+1555•••0001"},{"name":"Ben","phone":"+1555•••0002"}],
  "outbox":[{"row":"12","session":"s1","message":"m1","recipient":"+1555•••0001","purpose":"relay","state":"pending","attempts":3},
            {"row":"13","session":"s1","recipient":"+1555•••0001","purpose":"notice","state":"in_flight","attempts":1}],
  "mail":[],"audit":[{"t":900,"id":1,"actor":"api@127.0.0.1","action":"end_chat","target":"chat #OLD1","outcome":"done","detail":"ended"}],
  "availability":{"online":true,"agents_online":2}})";

// The request's JSON, read back.
std::string field_of(const std::string& request, const char* key) {
  auto doc = client::json::parse_object(request);
  REQUIRE(doc);
  return client::json::string_at(*doc, key);
}

}  // namespace

TEST_CASE("console actions: each draft names its target and sends the relay's request, text escaped") {
  OutboxRow row;
  row.row = "12";
  row.recipient = "+1555•••0001";
  row.purpose = "relay";
  row.attempts = 3;
  row.state = "retry";
  auto retry = retry_send(row, 4);
  CHECK(retry.title == "Retry row 12 now?");
  CHECK(field_of(retry.request, "type") == "action");
  CHECK(field_of(retry.request, "action") == "retry_send");
  CHECK(field_of(retry.request, "row") == "12");
  CHECK(field_of(retry.request, "request") == "4");
  CHECK(retryable(row));
  row.state = "in_flight";
  CHECK_FALSE(retryable(row));

  auto write = write_as_agent("Ana", "say \"hi\"\n{}", 5);
  CHECK(field_of(write.request, "text") == "say \"hi\"\n{}");
  CHECK(field_of(write.request, "as") == "agent");
  for (const auto& preset : fault_presets()) {
    auto on = switch_fault_on(preset, 6);
    auto doc = client::json::parse_object(on.request);
    REQUIRE(doc);
    REQUIRE(client::json::member(*doc, "rule"));
    CHECK(client::json::member(*doc, "rule")->IsObject());
  }
  CHECK(field_of(clear_faults(7).request, "action") == "sim_clear_faults");
}

TEST_CASE("console actions: retry is offered on a waiting row, confirmed, then sent, and cancel sends nothing") {
  HeadlessConsole imgui;
  ConsoleModel model;
  ConsoleView view;
  view.record(true);
  model.apply(snapshot);
  view.show("Outbox");
  imgui.frame(view, model);
  imgui.frame(view, model);
  CHECK(view.drew("Retry now 12"));
  CHECK_FALSE(view.drew("Retry now 13"));  // in flight: the relay would refuse

  CHECK(imgui.click(view, model, "Retry now 12").empty());
  imgui.show(view, model);
  CHECK(view.drew("Retry row 12 now?"));
  CHECK(imgui.click(view, model, "Cancel").empty());
  imgui.frame(view, model);
  CHECK_FALSE(view.drew("Retry row 12 now?"));

  imgui.click(view, model, "Retry now 12");
  imgui.show(view, model);
  auto sent = imgui.click(view, model, "Yes, do it");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].kind == ConsoleRequest::Kind::action);
  CHECK(field_of(sent[0].value, "action") == "retry_send");
  imgui.frame(view, model);
  CHECK_FALSE(view.drew("Retry row 12 now?"));

  // The relay's answer, and the audit entry every console gets.
  model.apply(R"({"type":"action_result","request":"2","status":200,"action":"retry_send","target":"row 12",
                  "message":"Row 12 to +1555•••0001 goes now (after 3 attempts; it was due in 3 s).","audit":2})");
  model.apply(R"({"type":"audit","t":2000,"session":"s1","id":2,"actor":"console@127.0.0.1","action":"retry_send",
                  "target":"row 12","outcome":"done","detail":"Row 12 goes now"})");
  imgui.frame(view, model);
  CHECK(view.drew("retry_send done:"));
  CHECK(view.drew("goes now"));
  REQUIRE(model.audit().size() == 2);
  CHECK(model.audit().back().action == "retry_send");
  imgui.click(view, model, "Audit");
  CHECK(view.drew("retry_send done"));
  CHECK(view.drew("end_chat done"));
}

TEST_CASE("console actions: end a chat from its detail, re-deliver and show a kept webhook") {
  HeadlessConsole imgui;
  ConsoleModel model;
  ConsoleView view;
  view.record(true);
  model.apply(snapshot);
  imgui.frame(view, model);
  imgui.click(view, model, "K7Q2");
  imgui.frame(view, model);
  imgui.click(view, model, "End chat");
  imgui.show(view, model);
  CHECK(view.drew("End chat #K7Q2?"));
  auto sent = imgui.click(view, model, "Yes, do it");
  REQUIRE(sent.size() == 1);
  CHECK(field_of(sent[0].value, "action") == "end_chat");
  CHECK(field_of(sent[0].value, "session") == "s1");
  model.apply(R"({"type":"action_result","request":"1","status":409,"action":"end_chat",
                  "error":{"code":"call_booked","message":"Chat #K7Q2 has a booked call"}})");
  imgui.frame(view, model);
  CHECK(view.drew("end_chat refused:"));
  CHECK(view.drew("Chat #K7Q2 has a booked call (call_booked)"));

  model.apply(
      R"({"type":"webhook","t":3000,"id":"7","result":"stored","items":[{"item":"message","wamid":"wamid.A","from":"+1555•••0001","wa_type":"text"}],"duplicates":0})");
  model.apply(R"({"type":"webhook","t":3100,"redelivery_of":"7","result":"stored","items":[],"duplicates":1})");
  imgui.click(view, model, "WhatsApp");
  CHECK(view.drew("re-delivered from the console (kept #7)"));
  auto shown = imgui.click(view, model, "Show webhook 7");
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].kind == ConsoleRequest::Kind::body);
  CHECK(field_of(shown[0].value, "of") == "webhook");
  CHECK(field_of(shown[0].value, "id") == "7");
  model.apply(R"({"type":"body","of":"webhook","id":"7","masked":"{\n  \"from\": \"+1555•••0001\"\n}"})");
  imgui.frame(view, model);
  CHECK(view.drew("\"from\": \"+1555•••0001\""));
  model.apply(R"({"type":"graph","t":3200,"id":"12","row":"4","http":200,"outcome":"accepted","ms":3.5,"attempt":1})");
  auto graph = imgui.click(view, model, "Show graph 12");
  REQUIRE(graph.size() == 1);
  CHECK(field_of(graph[0].value, "of") == "graph");
  CHECK_FALSE(view.drew("Re-deliver 12"));  // only a webhook goes through the pipeline again
  imgui.click(view, model, "Re-deliver 7");
  imgui.show(view, model);
  auto again = imgui.click(view, model, "Yes, do it");
  REQUIRE(again.size() == 1);
  CHECK(field_of(again[0].value, "action") == "redeliver_webhook");
  CHECK(field_of(again[0].value, "webhook") == "7");
}

TEST_CASE("console actions: the simulator panel writes as an agent or a visitor and switches faults") {
  HeadlessConsole imgui;
  ConsoleModel model;
  ConsoleView view;
  view.record(true);
  model.apply(snapshot);
  imgui.frame(view, model);
  imgui.click(view, model, "Simulator");
  CHECK(view.drew("No fault is on"));
  CHECK(view.drew("pick a chat continued on WhatsApp"));
  CHECK(imgui.click(view, model, "Write as agent").empty());  // no text: nothing offered
  imgui.frame(view, model);
  CHECK_FALSE(view.drew("Write as Ana?"));

  imgui.click(view, model, "Cloud API errors");
  imgui.show(view, model);
  CHECK(view.drew("Switch on \"Cloud API errors\"?"));
  auto on = imgui.click(view, model, "Yes, do it");
  REQUIRE(on.size() == 1);
  CHECK(field_of(on[0].value, "action") == "sim_fault");
  model.apply(R"({"type":"action_result","request":"1","status":200,"action":"sim_fault","message":"on",
                  "faults":[{"kind":"error","count":5,"code":131000}]})");
  imgui.frame(view, model);
  CHECK(view.drew("on: error code 131000, 5 left"));

  // A chat on WhatsApp picked in Chats: its visitor can be written as.
  view.select("s2");
  imgui.frame(view, model);
  CHECK(view.drew("Write as the visitor of #WA55"));
  auto refresh = imgui.click(view, model, "Refresh");
  REQUIRE(refresh.size() == 1);
  CHECK(refresh[0].kind == ConsoleRequest::Kind::faults);
  model.apply(R"({"type":"faults","faults":[]})");
  imgui.frame(view, model);
  CHECK(view.drew("No fault is on"));
}

TEST_CASE("console actions: without the simulator there is no Simulator panel") {
  HeadlessConsole imgui;
  ConsoleModel model;
  ConsoleView view;
  view.record(true);
  model.apply(R"({"type":"snapshot","t":1,"sessions":[],"simulator":false})");
  imgui.frame(view, model);
  CHECK(view.drew("Audit"));
  CHECK_FALSE(view.drew("Simulator"));
}

}  // namespace baton::console

namespace baton::console {

TEST_CASE("console actions: calls are listed by time, followed live, and a booked one can be cancelled") {
  HeadlessConsole imgui;
  ConsoleModel model;
  ConsoleView view;
  view.record(true);
  model.apply(R"({"type":"snapshot","t":1,"sessions":[{"session":"s1","code":"K7Q2","state":"ended"}],
    "calls":[{"call":"9","session":"s1","change":"booked","start":1800000000000,"end":1800001800000,
              "agent":"+1555***0001","visitor":"+4915***5678","reminded":true}]})");
  model.apply(R"({"type":"call","t":2,"session":"s2","call":"8","change":"booked","start":1700000000000,
                  "end":1700001800000,"agent":"+1555***0002","visitor":"+351***5678"})");
  REQUIRE(model.calls().size() == 2);
  CHECK(model.calls()[0].id == "8");  // the earlier call first
  CHECK(model.calls()[1].state == "reminded");
  CHECK(model.calls()[1].when == "2027-01-15 08:00 UTC");
  imgui.frame(view, model);
  imgui.click(view, model, "Calls");
  CHECK(view.drew("call 9 reminded"));
  // The view's clock is 5 s after 1970: both calls are still ahead, both may be cancelled.
  CHECK(view.drew("Cancel call 8"));
  imgui.click(view, model, "Cancel call 9");
  imgui.show(view, model);
  CHECK(view.drew("Cancel call 9 (2027-01-15 08:00 UTC)?"));
  auto sent = imgui.click(view, model, "Yes, do it");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].value.find("\"action\":\"cancel_call\",\"call\":\"9\"") != std::string::npos);
  model.apply(R"({"type":"call","t":3,"session":"s1","call":"9","change":"cancelled","cancelled_by":"admin",
                  "start":1800000000000,"agent":"+1555***0001","visitor":"+4915***5678"})");
  imgui.frame(view, model);
  CHECK(view.drew("call 9 cancelled"));
  CHECK_FALSE(view.drew("Cancel call 9"));
  CHECK(model.events().back().text == "call 9 cancelled by admin: +4915***5678 with +1555***0001");
}

}  // namespace baton::console
