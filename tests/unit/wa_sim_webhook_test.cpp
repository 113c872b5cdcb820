// wa-sim's webhook bytes: non-ASCII escaped the way Meta sends it, signed
// over exactly those bytes, and the envelope and status shapes.

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "relay/whatsapp/signature.hpp"
#include "tools/wa-sim/meta_json.hpp"
#include "tools/wa-sim/webhook_builder.hpp"
#include "tools/wa-sim/webhook_queue.hpp"

namespace {

using baton::sim::escape_non_ascii;
using baton::sim::serialize_meta;
using boost::json::object;

}  // namespace

TEST_CASE("wa-sim: non-ASCII is escaped as lowercase \\u, astral as surrogate pairs") {
  CHECK(serialize_meta(object{{"t", "Olá"}}) == R"({"t":"Ol\u00e1"})");
  CHECK(serialize_meta(object{{"t", "€"}}) == R"({"t":"\u20ac"})");
  CHECK(serialize_meta(object{{"t", "👍"}}) == R"({"t":"\ud83d\udc4d"})");
  CHECK(serialize_meta(object{{"t", "plain / ascii"}}) == R"({"t":"plain / ascii"})");
  CHECK(serialize_meta(object{{"t", "a/b"}}, true) == R"({"t":"a\/b"})");
  CHECK(serialize_meta(object{{"t", "quote \" and \\"}}) == R"({"t":"quote \" and \\"})");
  // Broken UTF-8 cannot come from parsed JSON, but must not crash either.
  CHECK(escape_non_ascii("\"\xff\"") == R"("\ufffd")");
  CHECK(escape_non_ascii("\"\xe2\x82\"") == R"("\ufffd\ufffd")");
}

TEST_CASE("wa-sim: the signature covers the escaped bytes, not a re-serialisation") {
  object body{{"text", object{{"body", "Grüße 👋"}}}};
  auto sent = serialize_meta(body);
  auto header = baton::sign_body("secret", sent);
  CHECK(header.starts_with("sha256="));
  CHECK(baton::check_signature("secret", sent, header) == baton::SignatureCheck::valid);
  // A receiver that parses and serialises again gets UTF-8 and a mismatch.
  auto reencoded = boost::json::serialize(boost::json::parse(sent));
  CHECK(reencoded != sent);
  CHECK(baton::check_signature("secret", reencoded, header) == baton::SignatureCheck::mismatch);
  // Parsing the escaped bytes gives the original text back.
  CHECK(boost::json::parse(sent).at("text").at("body").as_string() == "Grüße 👋");
}

TEST_CASE("wa-sim: envelope and status objects") {
  baton::sim::WebhookBuilder builder("100000000000099", "15550001234", "100000000000001");
  baton::sim::SentMessage message;
  message.wamid = "wamid.X";
  message.request.wa_id = "15551230001";
  message.request.type = "text";
  message.request.callback_data = "cb-1";
  message.window_open = true;

  auto sent = baton::sim::WebhookBuilder::status(message, baton::sim::Delivery::sent, 1767225601);
  CHECK(boost::json::serialize(sent) ==
        R"({"id":"wamid.X","status":"sent","timestamp":"1767225601","recipient_id":"15551230001",)"
        R"("biz_opaque_callback_data":"cb-1","pricing":{"billable":false,"pricing_model":"PMP",)"
        R"("type":"free_customer_service","category":"service"}})");
  auto read = baton::sim::WebhookBuilder::status(message, baton::sim::Delivery::read, 1767225650);
  CHECK_FALSE(read.contains("pricing"));
  CHECK_FALSE(read.contains("conversation"));

  message.error_code = 131047;
  auto failed = baton::sim::WebhookBuilder::status(message, baton::sim::Delivery::failed, 1767225602);
  CHECK(failed.at("biz_opaque_callback_data") == "cb-1");
  const auto& error = failed.at("errors").as_array().at(0).as_object();
  CHECK(error.at("code") == 131047);
  CHECK(error.at("title") == "Re-engagement message");
  CHECK(error.at("message") == "Re-engagement message");
  CHECK(error.at("error_data").at("details") ==
        "Message failed to send because more than 24 hours have passed since the customer last replied to this "
        "number.");
  CHECK(error.at("href") == "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/");

  baton::sim::SentMessage tmpl;
  tmpl.request.type = "template";
  tmpl.request.wa_id = "15551230001";
  auto billed = baton::sim::WebhookBuilder::status(tmpl, baton::sim::Delivery::delivered, 1);
  CHECK(billed.at("pricing").at("type") == "regular");
  CHECK(billed.at("pricing").at("category") == "utility");
  CHECK(billed.at("pricing").at("billable") == true);

  auto envelope = builder.statuses(boost::json::array{sent});
  CHECK(envelope.at("object") == "whatsapp_business_account");
  const auto& entry = envelope.at("entry").as_array().at(0);
  CHECK(entry.at("id") == "100000000000099");
  const auto& change = entry.at("changes").as_array().at(0);
  CHECK(change.at("field") == "messages");
  CHECK(change.at("value").at("messaging_product") == "whatsapp");
  CHECK(change.at("value").at("metadata").at("display_phone_number") == "15550001234");
  CHECK(change.at("value").at("metadata").at("phone_number_id") == "100000000000001");
  CHECK(change.at("value").at("statuses").as_array().size() == 1);
}

TEST_CASE("wa-sim: webhook retry delays double up to a minute") {
  using baton::sim::WebhookQueue;
  CHECK(WebhookQueue::retry_delay_ms(1000, 1) == 1000);
  CHECK(WebhookQueue::retry_delay_ms(1000, 2) == 2000);
  CHECK(WebhookQueue::retry_delay_ms(1000, 3) == 4000);
  CHECK(WebhookQueue::retry_delay_ms(1000, 7) == 60000);
  CHECK(WebhookQueue::retry_delay_ms(1000, 1000) == 60000);
  CHECK(WebhookQueue::retry_delay_ms(50, 4) == 400);
}
