// wa-sim's edits and deletions ("revokes") by a WhatsApp user, through
// POST /sim/inbound as tests and the phone page make them: the webhook
// shapes (Meta's edit and revoke messages, or unsupported ones with
// --edit-webhooks unsupported), what a phone refuses, and the conversation
// record (docs/wa-sim.md).

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "relay/http/target.hpp"
#include "tools/wa-sim/control_api.hpp"
#include "tools/wa-sim/graph_api.hpp"
#include "tools/wa-sim/sim_options.hpp"
#include "tools/wa-sim/sim_state.hpp"

namespace {

namespace http = boost::beast::http;
using baton::sim::EditWebhooks;
using boost::json::object;

constexpr auto ana = "+15551230001";
constexpr auto ben = "+15551230002";
// Every message in these tests carries its own time, so the phone's limits
// are checked exactly and never by the clock of the machine running them.
constexpr auto sent_at = "2026-01-01T09:00:00Z";
constexpr auto sent_at_shown = "2026-01-01T09:00:00.000Z";  // as the /sim/ API writes times

// A simulator whose loop never runs: webhooks are queued, not sent.
struct Sim {
  explicit Sim(EditWebhooks form = EditWebhooks::edit) {
    options.webhook_url = "http://127.0.0.1:9/webhooks/whatsapp";
    options.app_secret = "secret";
    options.edit_webhooks = form;
    options.users = {{"Ana", ana}, {"Ben", ben}};
    state = std::make_unique<baton::sim::SimState>(io.get_executor(), options);
    graph = std::make_unique<baton::sim::GraphApi>(*state);
    control = std::make_unique<baton::sim::ControlApi>(*state);
  }

  baton::Response call(http::verb method, const std::string& target, const std::string& body = "") {
    baton::Request request{method, target, 11};
    request.set(http::field::authorization, "Bearer sim-access-token");
    request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    auto parsed = baton::Target::parse(target);
    REQUIRE(parsed);
    if (parsed->segments.at(0) != "sim") return graph->handle(request, *parsed).response;
    auto answer = control->handle(request, *parsed);
    REQUIRE(answer);
    return *answer;
  }

  baton::Response inbound(const object& request) {
    return call(http::verb::post, "/sim/inbound", boost::json::serialize(request));
  }

  // The wamid of an accepted /sim/inbound.
  std::string write(const object& request) {
    auto answer = inbound(request);
    INFO(answer.body());
    REQUIRE(answer.result_int() == 200);
    return std::string(boost::json::parse(answer.body()).at("id").as_string());
  }

  // value.messages[0] and value.contacts[0] of the latest webhook.
  object last_message() const { return last_value().at("messages").at(0).as_object(); }
  object last_contact() const { return last_value().at("contacts").at(0).as_object(); }
  std::size_t webhook_count() const { return state->webhooks.log_json().size(); }

  // The user's messages as GET /sim/conversations shows them.
  object record(const std::string& wamid) const {
    for (const auto& m : state->messages.conversation_json({ana, ben})) {
      if (m.at("id") == wamid.c_str()) return m.as_object();
    }
    FAIL("no message " << wamid << " in the conversation");
    return {};
  }

  boost::asio::io_context io;
  baton::sim::SimOptions options;
  std::unique_ptr<baton::sim::SimState> state;
  std::unique_ptr<baton::sim::GraphApi> graph;
  std::unique_ptr<baton::sim::ControlApi> control;

 private:
  boost::json::object last_value() const {
    auto log = state->webhooks.log_json();
    REQUIRE_FALSE(log.empty());
    return log.back().at("body").at("entry").at(0).at("changes").at(0).at("value").as_object();
  }
};

object edit(const std::string& from, const std::string& original, const std::string& text, const char* at) {
  return object{{"from", from}, {"type", "edit"}, {"original", original}, {"text", text}, {"at", at}};
}

object revoke(const std::string& from, const std::string& original, const char* at) {
  return object{{"from", from}, {"type", "revoke"}, {"original", original}, {"at", at}};
}

std::string code_of(const baton::Response& response) {
  auto body = boost::json::parse(response.body());
  const auto* error = body.as_object().if_contains("error");
  return error ? std::string(error->at("code").as_string()) : "(no error)";
}

}  // namespace

TEST_CASE("wa-sim edits: a text edit is Meta's edit message naming the original") {
  Sim sim;
  auto original = sim.write(object{{"from", ana}, {"text", "see you at 5"}, {"reply_to", "wamid.B"}, {"at", sent_at}});
  auto edited = sim.write(edit(ana, original, "see you at 6", "2026-01-01T09:10:00Z"));
  CHECK(edited != original);
  CHECK(boost::json::serialize(sim.last_message()) ==
        R"({"from":"15551230001","id":")" + edited + R"(","timestamp":"1767258600","type":"edit",)" +
            R"("edit":{"original_message_id":")" + original +
            R"(","message":{"context":{"id":"wamid.B"},"type":"text","text":{"body":"see you at 6"}}}})");
  CHECK(sim.last_contact().at("profile").at("name") == "Ana");
  CHECK(sim.last_contact().at("wa_id") == "15551230001");

  // A second edit names the same original, not the first edit.
  sim.write(edit(ana, original, "see you at 7", "2026-01-01T09:12:00Z"));
  CHECK(sim.last_message().at("edit").at("original_message_id") == original.c_str());
  CHECK(sim.last_message().at("edit").at("message").at("text").at("body") == "see you at 7");
}

TEST_CASE("wa-sim edits: a caption edit keeps the original's file") {
  Sim sim;
  auto original = sim.write(object{{"from", ana}, {"type", "image"}, {"text", "the box"}, {"at", sent_at}});
  auto picture = sim.last_message().at("image").as_object();
  sim.write(edit(ana, original, "the blue box", "2026-01-01T09:01:00Z"));
  auto message = sim.last_message();
  CHECK(message.at("type") == "edit");
  const auto& inner = message.at("edit").at("message").as_object();
  CHECK_FALSE(inner.contains("context"));
  CHECK(inner.at("type") == "image");
  const auto& edited = inner.at("image").as_object();
  CHECK(edited.at("caption") == "the blue box");
  CHECK(edited.at("mime_type") == picture.at("mime_type"));
  CHECK(edited.at("sha256") == picture.at("sha256"));
  CHECK(edited.at("id") == picture.at("id"));

  auto document = sim.write(object{{"from", ana}, {"type", "document"}, {"text", "terms"}, {"at", sent_at}});
  auto filename = sim.last_message().at("document").at("filename");
  sim.write(edit(ana, document, "the terms", "2026-01-01T09:02:00Z"));
  CHECK(sim.last_message().at("edit").at("message").at("document").at("filename") == filename);
}

TEST_CASE("wa-sim edits: a deletion is Meta's revoke message") {
  Sim sim;
  auto original = sim.write(object{{"from", ana}, {"text", "wrong chat, sorry"}, {"at", sent_at}});
  auto revoked = sim.write(revoke(ana, original, "2026-01-02T09:00:00Z"));
  CHECK(boost::json::serialize(sim.last_message()) == R"({"from":"15551230001","id":")" + revoked +
                                                          R"(","timestamp":"1767344400","type":"revoke",)" +
                                                          R"("revoke":{"original_message_id":")" + original + R"("}})");
  CHECK(sim.last_contact().at("profile").at("name") == "Ana");
}

TEST_CASE("wa-sim edits: with --edit-webhooks unsupported, edits and deletions arrive as unsupported messages") {
  auto check_unsupported = [](const Sim& sim, const std::string& original, const char* kind) {
    auto message = sim.last_message();
    CHECK(message.at("type") == "unsupported");
    CHECK(message.at("unsupported") == object{{"type", kind}});
    CHECK_FALSE(message.contains(kind));
    const auto& error = message.at("errors").at(0);
    CHECK(error.at("code") == 131051);
    CHECK(error.at("title") == "Message type unknown");
    CHECK(error.at("error_data").at("details") == "Message type is currently not supported.");
    // Neither form says which message changed.
    CHECK(boost::json::serialize(message).find(original) == std::string::npos);
  };

  SUBCASE("from the command line") {
    Sim sim(EditWebhooks::unsupported);
    auto original = sim.write(object{{"from", ana}, {"text", "hi"}, {"at", sent_at}});
    sim.write(edit(ana, original, "hello", "2026-01-01T09:01:00Z"));
    check_unsupported(sim, original, "edit");
    sim.write(revoke(ana, original, "2026-01-01T09:02:00Z"));
    check_unsupported(sim, original, "revoke");
    // The phone changed all the same.
    CHECK(sim.record(original).at("revoked") == true);
    // A reset keeps the command line's form.
    sim.call(http::verb::post, "/sim/reset");
    CHECK(boost::json::parse(sim.call(http::verb::get, "/sim/settings").body()) ==
          object{{"edit_webhooks", "unsupported"}});
  }

  SUBCASE("switched at run time, and back by a reset") {
    Sim sim;
    auto settings = sim.call(http::verb::post, "/sim/settings", R"({"edit_webhooks":"unsupported"})");
    CHECK(settings.result_int() == 200);
    CHECK(boost::json::parse(settings.body()) == object{{"edit_webhooks", "unsupported"}});
    auto original = sim.write(object{{"from", ana}, {"text", "hi"}, {"at", sent_at}});
    sim.write(edit(ana, original, "hello", "2026-01-01T09:01:00Z"));
    check_unsupported(sim, original, "edit");
    CHECK(sim.record(original).at("body") == "hello");

    sim.call(http::verb::post, "/sim/reset");
    CHECK(boost::json::parse(sim.call(http::verb::get, "/sim/settings").body()) == object{{"edit_webhooks", "edit"}});
    auto again = sim.write(object{{"from", ana}, {"text", "hi"}, {"at", sent_at}});
    sim.write(edit(ana, again, "hello", "2026-01-01T09:01:00Z"));
    CHECK(sim.last_message().at("type") == "edit");
  }

  SUBCASE("bad settings change nothing") {
    Sim sim;
    for (auto bad : {R"({"edit_webhooks":"revoke"})", R"({"edit_webhooks":1})", R"({"colour":"blue"})", R"([])"}) {
      CAPTURE(bad);
      CHECK(sim.call(http::verb::post, "/sim/settings", bad).result_int() == 400);
    }
    CHECK(sim.call(http::verb::delete_, "/sim/settings").result_int() == 405);
    CHECK(sim.state->inbound.edit_webhooks() == EditWebhooks::edit);
  }
}

TEST_CASE("wa-sim edits: the option parses edit or unsupported") {
  std::vector<std::string> args{"--listen", "127.0.0.1:0", "--webhook-url", "http://127.0.0.1:9/", "--app-secret", "s"};
  CHECK(baton::sim::parse_options(args).edit_webhooks == EditWebhooks::edit);
  args.insert(args.end(), {"--edit-webhooks", "unsupported"});
  CHECK(baton::sim::parse_options(args).edit_webhooks == EditWebhooks::unsupported);
  args.back() = "revoke";
  CHECK_THROWS_AS(baton::sim::parse_options(args), baton::sim::OptionError);
}

TEST_CASE("wa-sim edits: what a phone refuses") {
  Sim sim;
  auto text = sim.write(object{{"from", ana}, {"text", "hi"}, {"at", sent_at}});
  auto voice = sim.write(object{{"from", ana}, {"type", "audio"}, {"at", sent_at}});
  auto place = sim.write(
      object{{"from", ana}, {"type", "location"}, {"latitude", 52.5}, {"longitude", 13.4}, {"at", sent_at}});
  auto reaction = sim.write(
      object{{"from", ana}, {"type", "reaction"}, {"reply_to", "wamid.B"}, {"emoji", "👍"}, {"at", sent_at}});
  auto business = std::string(
      boost::json::parse(
          sim.call(http::verb::post, "/v23.0/100000000000001/messages",
                   R"({"messaging_product":"whatsapp","to":"+15551230001","type":"text","text":{"body":"hello"}})")
              .body())
          .at("messages")
          .at(0)
          .at("id")
          .as_string());
  auto webhooks = sim.webhook_count();

  auto refused = [&](const object& request, const char* code) {
    CAPTURE(boost::json::serialize(request));
    auto answer = sim.inbound(request);
    CHECK(answer.result_int() == 400);
    CHECK(code_of(answer) == code);
    CHECK_FALSE(boost::json::parse(answer.body()).at("error").at("message").as_string().empty());
  };
  const char* soon = "2026-01-01T09:05:00Z";
  refused(object{{"from", ana}, {"type", "edit"}, {"text", "x"}, {"at", soon}}, "invalid_request");
  refused(object{{"from", ana}, {"type", "revoke"}, {"original", 7}, {"at", soon}}, "invalid_request");
  refused(edit(ana, text, "", soon), "invalid_request");
  refused(edit(ana, text, " \n ", soon), "invalid_request");
  refused(edit(ana, "wamid.never-sent", "x", soon), "unknown_message");
  refused(revoke(ana, business, soon), "unknown_message");  // the business's message, not hers
  refused(edit(ben, text, "x", soon), "not_your_message");
  refused(revoke(ben, text, soon), "not_your_message");
  refused(edit(ana, voice, "x", soon), "not_editable");
  refused(edit(ana, place, "x", soon), "not_editable");
  refused(revoke(ana, reaction, soon), "not_revocable");
  refused(edit(ana, text, "x", "2026-01-01T08:59:59Z"), "invalid_request");  // before the message itself
  // 15 minutes to edit, two days to delete, from the message's own time.
  refused(edit(ana, text, "x", "2026-01-01T09:15:01Z"), "too_late");
  refused(revoke(ana, text, "2026-01-03T09:00:01Z"), "too_late");
  CHECK(sim.webhook_count() == webhooks);
  CHECK(sim.record(text).at("body") == "hi");
  CHECK(sim.record(text).at("edited") == false);

  sim.write(edit(ana, text, "hi there", "2026-01-01T09:15:00Z"));
  sim.write(revoke(ana, voice, "2026-01-03T09:00:00Z"));
  sim.write(revoke(ana, place, soon));
  refused(revoke(ana, voice, "2026-01-03T09:00:00Z"), "already_revoked");
  refused(edit(ana, place, "x", soon), "already_revoked");
  CHECK(sim.webhook_count() == webhooks + 3);
}

TEST_CASE("wa-sim edits: the conversation shows what the phone shows") {
  Sim sim;
  auto text = sim.write(object{{"from", ana}, {"text", "see you at 5"}, {"at", sent_at}});
  auto picture = sim.write(object{{"from", ana}, {"type", "image"}, {"text", "the box"}, {"at", sent_at}});
  auto first_edit = sim.write(edit(ana, text, "see you at 6", "2026-01-01T09:05:00Z"));
  sim.write(edit(ana, text, "see you at 7", "2026-01-01T09:06:00Z"));
  sim.write(revoke(ana, picture, "2026-01-01T09:07:00Z"));

  auto messages = sim.state->messages.conversation_json({ana});
  CHECK(messages.size() == 2);  // the changes are not messages of their own
  auto edited = sim.record(text);
  CHECK(edited.at("body") == "see you at 7");
  CHECK(edited.at("edited") == true);
  CHECK(edited.at("original_text") == "see you at 5");
  CHECK(edited.at("revoked") == false);
  CHECK(edited.at("ts") == sent_at_shown);

  auto deleted = sim.record(picture);
  CHECK(deleted.at("revoked") == true);
  CHECK(deleted.at("body") == "");
  CHECK(deleted.at("edited") == false);
  CHECK_FALSE(deleted.contains("original_text"));
  CHECK_FALSE(deleted.contains("media_url"));
  CHECK_FALSE(deleted.contains("media_id"));

  // Neither change opens or moves the 24-hour window.
  auto conversation = boost::json::parse(sim.call(http::verb::get, "/sim/conversations?with=%2B15551230001").body());
  CHECK(conversation.at("user").at("last_inbound") == sent_at_shown);

  // The business may mark an edit read, as any message the user sent.
  auto read = sim.call(http::verb::post, "/v23.0/100000000000001/messages",
                       R"({"messaging_product":"whatsapp","status":"read","message_id":")" + first_edit + R"("})");
  CHECK(read.result_int() == 200);
  CHECK(sim.record(text).at("read") == true);
}
