// Meta's webhook payloads, every message type, statuses, errors and batches.

#include <doctest/doctest.h>

#include "relay/whatsapp/shown_text.hpp"
#include "relay/whatsapp/webhook_parser.hpp"
#include "tests/unit/fixture.hpp"

namespace {

// What a chat shows for the message, in `lang`.
std::string shown(const baton::InboundMessage& message, baton::Lang lang = baton::Lang::en) {
  return baton::shown_text(message, message.text, lang);
}

baton::WebhookBatch parse_fixture(const std::string& name) {
  auto parsed = baton::parse_webhook(baton::test::fixture("webhooks/" + name));
  REQUIRE(std::holds_alternative<baton::WebhookBatch>(parsed));
  return std::get<baton::WebhookBatch>(parsed);
}

}  // namespace

TEST_CASE("webhook: a location is a map link only when its coordinates are real ones") {
  auto location = [](std::string fields) {
    std::string body =
        R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",)"
        R"("value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"100000000000001"},)"
        R"("contacts":[{"wa_id":"15551230001","profile":{"name":"Ana"}}],"messages":[{"from":"15551230001",)"
        R"("id":"wamid.L1","timestamp":"1767225700","type":"location","location":{)" +
        fields + "}}]}}]}]}";
    auto parsed = baton::parse_webhook(body);
    REQUIRE(std::holds_alternative<baton::WebhookBatch>(parsed));
    const auto& batch = std::get<baton::WebhookBatch>(parsed);
    REQUIRE(batch.messages.size() == 1);
    return shown(batch.messages[0]);
  };
  CHECK(location(R"("latitude":"38.7105","longitude":"-9.1399","name":"Loja")") ==
        "📍 Loja https://www.openstreetmap.org/?mlat=38.710500&mlon=-9.139900#map=17/38.710500/-9.139900");
  // Not numbers, or off the globe: the name alone, never a made-up link.
  CHECK(location(R"("latitude":"38.7\"><script>","longitude":-9.1,"name":"Loja")") == "📍 Loja");
  CHECK(location(R"("latitude":91,"longitude":10)") == "📍");
  CHECK(location(R"("latitude":10,"longitude":-181,"address":"Rua Augusta 12")") == "📍 Rua Augusta 12");
}

TEST_CASE("webhook: every message type is read, none is dropped") {
  auto batch = parse_fixture("messages_every_type.json");
  REQUIRE(batch.messages.size() == 19);
  CHECK(batch.skipped.empty());
  const auto& m = batch.messages;
  for (const auto& message : m) {
    CHECK(message.from == "+15551230001");
    CHECK(message.profile_name == "Ana Agent");
    CHECK(message.phone_number_id == "100000000000001");
    CHECK(message.wamid.starts_with("wamid."));
    CHECK(message.timestamp_ms > 1'767'225'600'000);
  }
  using K = baton::MessageKind;
  CHECK(shown(m[0]) == "Olá! Já enviei 👋");  // \u escapes decoded
  CHECK(m[0].kind == K::text);
  CHECK(m[1].context_id == "wamid.BUSINESS-MESSAGE-1");
  CHECK(shown(m[2]) == "Accept");
  CHECK(m[2].reply_id == "accept");
  CHECK(shown(m[3]) == "Order status");
  CHECK(m[3].reply_id == "order_status");
  CHECK(shown(m[4]) == "Reopen ticket");
  CHECK(m[4].reply_id == "REOPEN_4711");
  CHECK(m[5].kind == K::media);
  CHECK(shown(m[5]) == "📷 Photo: Damaged box");
  CHECK(m[5].media_id == "1003383421387256");
  CHECK(m[5].mime_type == "image/jpeg");
  // What the media worker needs to fetch and check the file, kept apart.
  CHECK(m[5].media_sha256 == "q1kD7yVt5mQk2d3Rr0H9uGm0yN2b0V3mJ7cEw8xZyAo=");
  CHECK(m[5].caption == "Damaged box");
  CHECK(m[6].file_name == "invoice-2026-01.pdf");
  CHECK(m[6].caption == "my invoice");
  CHECK(m[6].media_id == "622684793477189");
  CHECK(m[7].voice);
  CHECK(m[7].mime_type == "audio/ogg; codecs=opus");
  CHECK(shown(m[6]) == "📄 invoice-2026-01.pdf: my invoice");
  CHECK(shown(m[7]) == "🎤 Voice message");
  CHECK(shown(m[8]) == "🎥 Video");
  CHECK(shown(m[9]) == "Sticker");
  CHECK(m[10].kind == K::reaction);
  CHECK(shown(m[10]) == "Reacted 👍");
  CHECK(m[10].context_id == "wamid.BUSINESS-MESSAGE-1");
  CHECK(shown(m[11]) == "Removed a reaction");
  CHECK(m[12].kind == K::location);
  CHECK(shown(m[12]) ==
        "📍 Alexanderplatz, Alexanderplatz 1, 10178 Berlin "
        "https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954#map=17/52.520008/13.404954");
  CHECK(m[13].kind == K::contacts);
  CHECK(shown(m[13]) == "👤 Shared contact: Max Mustermann · +49 30 1234567");
  CHECK(m[14].kind == K::unsupported);
  CHECK(shown(m[14]) == "Unsupported message (poll_creation)");
  REQUIRE(m[14].errors.size() == 1);
  CHECK(m[14].errors[0].code == 131051);
  CHECK(m[14].errors[0].details == "Message type is currently not supported.");
  CHECK(m[15].kind == K::unsupported);
  CHECK(shown(m[15]) == "Unsupported message");
  CHECK(m[16].kind == K::notice);
  CHECK(shown(m[16]).starts_with("User Ana changed"));
  CHECK(m[16].system_type == "user_changed_number");
  CHECK(m[16].new_wa_id == "15551239999");
  CHECK(shown(m[17]) == "🛒 Order, items: 2 (open WhatsApp to see it)");
  CHECK(m[18].kind == K::unsupported);
  CHECK(m[18].type == "poll_vote_2030");
  CHECK(shown(m[18]) == "Unsupported message (poll_vote_2030)");

  // Labels are in the reader's language; what the sender wrote is not.
  CHECK(shown(m[5], baton::Lang::es) == "📷 Foto: Damaged box");
  CHECK(shown(m[7], baton::Lang::de) == "🎤 Sprachnachricht");
  CHECK(shown(m[10], baton::Lang::fr) == "A réagi 👍");
  CHECK(shown(m[13], baton::Lang::pt) == "👤 Contato compartilhado: Max Mustermann · +49 30 1234567");
  CHECK(shown(m[17], baton::Lang::ar) ==
        "🛒 طلب، عدد المنتجات: 2 (افتح واتساب لرؤيته)");
  CHECK(shown(m[6], baton::Lang::de) == "📄 invoice-2026-01.pdf: my invoice");
  CHECK(shown(m[12], baton::Lang::es) == shown(m[12]));  // a place needs no words
  // A caption is the sender's text, not a label's: a chat code routing took
  // off stays off.
  CHECK(baton::shown_text(m[5], "", baton::Lang::en) == "📷 Photo");
}

TEST_CASE("webhook: statuses with callback data, pricing and errors") {
  auto batch = parse_fixture("statuses.json");
  REQUIRE(batch.statuses.size() == 4);
  CHECK(batch.statuses[0].status == "sent");
  CHECK(batch.statuses[0].callback_data == "baton:17");
  CHECK(batch.statuses[0].recipient_id == "15551230001");
  CHECK(batch.statuses[0].timestamp_ms == 1'767'225'601'000);
  REQUIRE(batch.statuses[0].pricing);
  CHECK_FALSE(batch.statuses[0].pricing->billable);
  CHECK(batch.statuses[0].pricing->category == "service");
  CHECK(batch.statuses[0].pricing->model == "PMP");
  CHECK(batch.statuses[0].pricing->type == "free_customer_service");
  CHECK(batch.statuses[2].status == "read");
  CHECK_FALSE(batch.statuses[2].pricing);
  const auto& failed = batch.statuses[3];
  CHECK(failed.status == "failed");
  REQUIRE(failed.errors.size() == 1);
  CHECK(failed.errors[0].code == 131047);
  CHECK(failed.errors[0].title == "Re-engagement message");
  CHECK(failed.errors[0].details.starts_with("Message failed to send because more than 24 hours"));
}

TEST_CASE("webhook: batches of entries and changes are read whole") {
  auto batch = parse_fixture("batch_multi_entry.json");
  REQUIRE(batch.messages.size() == 2);
  CHECK(batch.messages[0].text == "first of batch");
  CHECK(batch.messages[1].text == "second of batch");
  REQUIRE(batch.statuses.size() == 1);
  CHECK(batch.statuses[0].wamid == "wamid.OTHER");
  REQUIRE(batch.errors.size() == 1);
  CHECK(batch.errors[0].code == 130429);
  // The template-status change is read beside the messages; the message
  // without an id is reported, not fatal.
  REQUIRE(batch.templates.size() == 1);
  CHECK(batch.templates[0].name == "baton_reconnect");
  REQUIRE(batch.skipped.size() == 1);
}

TEST_CASE("webhook: senders known only by a business-scoped user id") {
  auto batch = parse_fixture("bsuid_only.json");
  REQUIRE(batch.messages.size() == 1);
  CHECK(batch.messages[0].from.empty());
  CHECK(batch.messages[0].from_user_id == "DE.13491208655302741918");
  CHECK(batch.messages[0].profile_name == "Anna");
  CHECK(batch.messages[0].text == "hi from a username");
}

TEST_CASE("webhook: a timestamp that is not a time is unknown, and the message is still read") {
  // Found by the webhook_parser fuzzer: seconds * 1000 overflowed.
  auto body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
    "messaging_product":"whatsapp","metadata":{"phone_number_id":"100000000000001"},
    "messages":[{"from":"15551230001","id":"wamid.a","timestamp":"6148914691670409503","type":"text","text":{"body":"a"}},
                {"from":"15551230001","id":"wamid.b","timestamp":"-5","type":"text","text":{"body":"b"}},
                {"from":"15551230001","id":"wamid.c","timestamp":"1767225631","type":"text","text":{"body":"c"}}],
    "statuses":[{"id":"wamid.d","status":"read","timestamp":"99999999999999999","recipient_id":"15551230001"}]}}]}]})";
  auto parsed = baton::parse_webhook(body);
  REQUIRE(std::holds_alternative<baton::WebhookBatch>(parsed));
  const auto& batch = std::get<baton::WebhookBatch>(parsed);
  REQUIRE(batch.messages.size() == 3);
  CHECK(batch.messages[0].timestamp_ms == 0);
  CHECK(batch.messages[1].timestamp_ms == 0);
  CHECK(batch.messages[2].timestamp_ms == 1767225631000);
  REQUIRE(batch.statuses.size() == 1);
  CHECK(batch.statuses[0].timestamp_ms == 0);
}

TEST_CASE("webhook: bodies that are not webhooks are errors") {
  auto code_of = [](std::string_view body) {
    auto parsed = baton::parse_webhook(body);
    REQUIRE(std::holds_alternative<baton::WebhookParseError>(parsed));
    return std::get<baton::WebhookParseError>(parsed).code;
  };
  CHECK(code_of("not json") == "invalid_json");
  CHECK(code_of("[1,2]") == "invalid_webhook");
  CHECK(code_of(R"({"object":"page","entry":[]})") == "invalid_webhook");
  CHECK(code_of(R"({"object":"whatsapp_business_account"})") == "invalid_webhook");
  CHECK(code_of("{\"object\":\"whatsapp_business_account\",\"entry\":[],\"x\":\"\xff\"}") == "invalid_json");
  auto empty = baton::parse_webhook(R"({"object":"whatsapp_business_account","entry":[]})");
  CHECK(std::holds_alternative<baton::WebhookBatch>(empty));
}

TEST_CASE("webhook: changes for another phone number of the account are skipped") {
  std::string body = R"({"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[
    {"field":"messages","value":{"messaging_product":"whatsapp",
      "metadata":{"display_phone_number":"15550000001","phone_number_id":"111"},
      "messages":[{"from":"15551230001","id":"wamid.OURS","timestamp":"1767225600","type":"text","text":{"body":"ours"}}]}},
    {"field":"messages","value":{"messaging_product":"whatsapp",
      "metadata":{"display_phone_number":"15550000002","phone_number_id":"222"},
      "messages":[{"from":"15551230001","id":"wamid.THEIRS","timestamp":"1767225600","type":"text","text":{"body":"theirs"}}],
      "statuses":[{"id":"wamid.X","status":"read","timestamp":"1767225600","recipient_id":"15551230001"}]}}]}]})";
  auto filtered = baton::parse_webhook(body, "111");
  REQUIRE(std::holds_alternative<baton::WebhookBatch>(filtered));
  const auto& batch = std::get<baton::WebhookBatch>(filtered);
  REQUIRE(batch.messages.size() == 1);
  CHECK(batch.messages[0].wamid == "wamid.OURS");
  CHECK(batch.statuses.empty());
  REQUIRE(batch.skipped.size() == 1);
  CHECK(batch.skipped[0].find("222") != std::string::npos);

  auto unfiltered = baton::parse_webhook(body);
  CHECK(std::get<baton::WebhookBatch>(unfiltered).messages.size() == 2);
}

TEST_CASE("webhook: template status updates are read, and one without a name is skipped, not the batch") {
  auto batch = parse_fixture("template_status.json");
  REQUIRE(batch.templates.size() == 2);
  CHECK(batch.templates[0].name == "baton_continue");
  CHECK(batch.templates[0].event == "PAUSED");
  CHECK(batch.templates[0].reason == "NONE");
  CHECK(batch.templates[0].language == "en");
  CHECK(batch.templates[1].event == "APPROVED");
  CHECK(batch.skipped.size() == 1);
  CHECK(batch.messages.empty());
}

TEST_CASE("webhook: a number change in an older version's form, and request_welcome, are system messages") {
  auto batch = baton::parse_webhook(R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":
    "messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"100000000000001"},"messages":[
    {"from":"15551230002","id":"wamid.OLD","timestamp":"1767225617","type":"system","system":{"body":
    "Rui changed from 15551230002 to 15551230003","new_wa_id":"15551230003","type":"customer_changed_number"}},
    {"from":"15551230004","id":"wamid.WELCOME","timestamp":"1767225618","type":"request_welcome"}]}}]}]})");
  auto* read = std::get_if<baton::WebhookBatch>(&batch);
  REQUIRE(read);
  REQUIRE(read->messages.size() == 2);
  CHECK(read->messages[0].new_wa_id == "15551230003");
  CHECK(read->messages[0].system_type == "customer_changed_number");
  CHECK(read->messages[1].system_type == "request_welcome");
  CHECK(read->messages[1].kind == baton::MessageKind::notice);
}

TEST_CASE("webhook: edits and revokes name the message they change, and their unsupported forms name none") {
  auto batch = parse_fixture("edits_and_revokes.json");
  REQUIRE(batch.messages.size() == 5);
  CHECK(batch.skipped.empty());
  const auto& m = batch.messages;
  using K = baton::MessageKind;
  CHECK(m[0].kind == K::edit);
  CHECK(m[0].original_id == "wamid.HBgLMTU1NTEyMzAwMDEVAgASGBQ001AA==");
  CHECK(m[0].text == "The parcel left on Tuesday, not Monday");
  // A caption's edit carries the file again; only its words are new.
  CHECK(m[1].kind == K::edit);
  CHECK(m[1].original_id == "wamid.HBgLMTU1NTEyMzAwMDEVAgASGBQ005AA==");
  CHECK(m[1].text == "The box, from the other side");
  CHECK(m[1].media_id.empty());
  CHECK(m[2].kind == K::deleted);
  CHECK(m[2].original_id == "wamid.HBgLMTU1NTEyMzAwMDEVAgASGBQ006AA==");
  CHECK(m[2].text.empty());
  for (const auto* unsaid : {&m[3], &m[4]}) {
    CHECK(unsaid->original_id.empty());
    CHECK(unsaid->text.empty());
    CHECK_FALSE(unsaid->label.has_value());
  }
  CHECK(m[3].kind == K::edit);
  CHECK(m[4].kind == K::deleted);
}
