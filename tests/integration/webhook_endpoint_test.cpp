// /webhooks/whatsapp as Meta and attackers see it.

#include <doctest/doctest.h>

#include "relay/whatsapp/signature.hpp"
#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

std::string text_webhook(const std::string& wamid, const std::string& text) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{)"
         R"("messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001234","phone_number_id":"100000000000001"},)"
         R"("contacts":[{"profile":{"name":"Ana"},"wa_id":"15551230001"}],)"
         R"("messages":[{"from":"15551230001","id":")" +
         wamid + R"(","timestamp":"1767225600","type":"text","text":{"body":")" + text + R"("}}]}}]}]})";
}

unsigned post_webhook(const Cluster& cluster, const std::string& body, const std::string& signature) {
  Headers headers;
  if (!signature.empty()) headers.emplace_back("X-Hub-Signature-256", signature);
  return cluster.relay("POST", "/webhooks/whatsapp", body, headers).status;
}

std::size_t notices_to_ana(const Cluster& cluster) { return cluster.sent_to(agent_ana).size(); }

}  // namespace

TEST_CASE("webhook: Meta's subscription check") {
  Cluster cluster;
  auto ok = cluster.relay("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + verify_token +
                                     "&hub.challenge=1158201444");
  CHECK(ok.status == 200);
  CHECK(ok.body == "1158201444");
  CHECK(cluster.relay("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").status ==
        403);
  CHECK(
      cluster
          .relay("GET", "/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=" + verify_token + "&hub.challenge=1")
          .status == 403);
}

TEST_CASE("webhook: only correctly signed bodies are stored, each once") {
  Cluster cluster;
  auto body = text_webhook("wamid.SEC1", "hello");
  CHECK(post_webhook(cluster, body, "") == 401);
  CHECK(post_webhook(cluster, body, baton::sign_body("wrong-secret", body)) == 401);
  CHECK(post_webhook(cluster, body, "sha256=deadbeef") == 401);
  CHECK(post_webhook(cluster, body + " ", baton::sign_body(app_secret, body)) == 401);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(notices_to_ana(cluster) == 0);  // nothing was stored, so nothing was answered

  CHECK(post_webhook(cluster, body, baton::sign_body(app_secret, body)) == 200);
  CHECK(post_webhook(cluster, body, baton::sign_body(app_secret, body)) == 200);  // Meta's duplicate
  CHECK(eventually([&] { return notices_to_ana(cluster) == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(notices_to_ana(cluster) == 1);

  auto malformed = std::string("{\"object\":");
  CHECK(post_webhook(cluster, malformed, baton::sign_body(app_secret, malformed)) == 400);
  // Refused from its Content-Length alone, before 4 MB are read.
  auto oversized = raw_exchange("127.0.0.1", cluster.relay_port(),
                                "POST /webhooks/whatsapp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                "X-Hub-Signature-256: sha256=00\r\nContent-Length: 4194304\r\n\r\n{");
  CHECK(oversized.starts_with("HTTP/1.1 413"));
  CHECK(cluster.relay("GET", "/healthz").status == 200);
}

TEST_CASE("webhook: without an app secret every POST is refused") {
  Cluster cluster({.relay_flags = {"--app-secret", ""}});
  auto body = text_webhook("wamid.NOSECRET", "hello");
  CHECK(post_webhook(cluster, body, baton::sign_body("", body)) == 401);
  CHECK(post_webhook(cluster, body, baton::sign_body(app_secret, body)) == 401);
}
