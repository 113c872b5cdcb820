// The admin page's WhatsApp settings and "Test the connection", against
// wa-sim answering GET /{phone-number-id} as the Cloud API does.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

}  // namespace

TEST_CASE("connection tests: the WhatsApp settings show secrets only as set, and the test reads the number") {
  Cluster cluster;
  auto settings = cluster.relay("GET", "/v1/admin/whatsapp", "", admin());
  REQUIRE(settings.status == 200);
  CHECK(settings.json().at("configured") == true);
  CHECK(settings.json().at("access_token") == "set");
  CHECK(settings.json().at("app_secret") == "set");
  CHECK(settings.body.find("sim-access-token") == std::string::npos);
  CHECK(settings.json().at("templates").at("continue") == "baton_continue");

  auto tested = cluster.relay("POST", "/v1/admin/whatsapp/test", "", admin());
  REQUIRE(tested.status == 200);
  CHECK(tested.json().at("ok") == true);
  CHECK(tested.json().at("http") == 200);
  CHECK(tested.json().at("verified_name") == "Baton Demo Shop");
  CHECK(tested.json().at("display_phone_number") == "+1 555-000-1234");
  CHECK(tested.json().at("quality_rating") == "GREEN");

  // Only POST, only with the admin's token; the test is in the audit log.
  CHECK(cluster.relay("GET", "/v1/admin/whatsapp/test", "", admin()).status == 405);
  CHECK(cluster.relay("POST", "/v1/admin/whatsapp/test").status == 401);
  auto audit = cluster.relay("GET", "/v1/admin/audit", "", admin()).json().at("entries").as_array();
  REQUIRE_FALSE(audit.empty());
  CHECK(audit[0].at("action") == "test_whatsapp");
  CHECK(audit[0].at("outcome") == "done");
}

TEST_CASE("connection tests: an expired token is named, with what to do about it") {
  Cluster cluster({.relay_flags = {"--access-token", "a-token-meta-no-longer-accepts"}});
  auto tested = cluster.relay("POST", "/v1/admin/whatsapp/test", "", admin());
  REQUIRE(tested.status == 200);
  CHECK(tested.json().at("ok") == false);
  CHECK(tested.json().at("http") == 401);
  CHECK(tested.json().at("code") == 190);
  CHECK(std::string(tested.json().at("meaning").as_string()).find("expired") != std::string::npos);
  CHECK(tested.body.find("a-token-meta-no-longer-accepts") == std::string::npos);
}

TEST_CASE("connection tests: a wrong phone number id and an unreachable Cloud API are told apart") {
  Cluster wrong_id({.relay_flags = {"--phone-number-id", "999999999999999"}});
  auto tested = wrong_id.relay("POST", "/v1/admin/whatsapp/test", "", admin());
  REQUIRE(tested.status == 200);
  CHECK(tested.json().at("ok") == false);
  CHECK(tested.json().at("code") == 100);
  CHECK(tested.json().at("subcode") == 33);
  CHECK(std::string(tested.json().at("meaning").as_string()).find("--phone-number-id") != std::string::npos);

  Cluster unreachable({.relay_flags = {"--graph-url", "https://127.0.0.1:" + std::to_string(free_port()) + "/v21.0"}});
  auto down = unreachable.relay("POST", "/v1/admin/whatsapp/test", "", admin());
  REQUIRE(down.status == 200);
  CHECK(down.json().at("ok") == false);
  CHECK(down.json().at("http") == 0);
  CHECK(std::string(down.json().at("message").as_string()).starts_with("No answer from the Cloud API"));
}
