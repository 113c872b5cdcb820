// The admin page's WhatsApp settings and "Test the connection", against
// wa-sim answering GET /{phone-number-id} as the Cloud API does.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

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

  Cluster unreachable({.relay_flags = {"--graph-url", "https://127.0.0.1:" + std::to_string(free_port()) + "/v23.0"}});
  auto down = unreachable.relay("POST", "/v1/admin/whatsapp/test", "", admin());
  REQUIRE(down.status == 200);
  CHECK(down.json().at("ok") == false);
  CHECK(down.json().at("http") == 0);
  CHECK(std::string(down.json().at("message").as_string()).starts_with("No answer from the Cloud API"));
}

TEST_CASE("connection tests: the WhatsApp account is set on the page at once, kept sealed over a restart, and reset") {
  Cluster cluster;
  auto account = [](const std::string& token) {
    return R"({"phone_number_id":"100000000000001","business_number":"+1 555 000 1234","access_token":")" + token +
           R"(","app_secret":"","verify_token":""})";
  };
  auto test = [&] { return cluster.relay("POST", "/v1/admin/whatsapp/test", "", admin()).json(); };
  CHECK(cluster.relay("GET", "/v1/admin/whatsapp", "", admin()).json().at("source") == "flags");
  // Each problem named; nothing changes.
  for (const char* bad :
       {R"({"phone_number_id":"12ab","business_number":"15550001234"})",
        R"({"phone_number_id":"100000000000001","business_number":"call us"})",
        R"({"phone_number_id":"100000000000001","business_number":"15550001234","access_token":"a b"})"}) {
    auto refused = cluster.relay("PUT", "/v1/admin/whatsapp", bad, admin());
    CHECK(refused.status == 400);
    CHECK(refused.json().at("error").at("code") == "invalid_whatsapp");
  }
  CHECK(test().at("ok") == true);

  // A token Meta does not accept: the next call uses it, and says so.
  auto set = cluster.relay("PUT", "/v1/admin/whatsapp", account("a-token-meta-refuses"), admin());
  REQUIRE(set.status == 200);
  CHECK(set.json().at("source") == "admin");
  CHECK(set.json().at("access_token") == "set");
  CHECK(set.json().at("app_secret") == "set");  // left empty: kept
  CHECK(set.body.find("a-token-meta-refuses") == std::string::npos);
  CHECK(test().at("code") == 190);

  // Kept over a restart, sealed: the token is nowhere in the database's files.
  CHECK(cluster.stop_relay() == 0);
  CHECK(files_holding(cluster.dir() / "relay-data", "a-token-meta-refuses").empty());
  cluster.start_relay();
  CHECK(cluster.relay("GET", "/v1/admin/whatsapp", "", admin()).json().at("source") == "admin");
  CHECK(test().at("code") == 190);

  // The templates: Meta's names and language code, kept unless given.
  auto with_templates = boost::json::parse(account("a-token-meta-refuses")).as_object();
  with_templates["templates"] = boost::json::object{{"continue", "Continue Chat"}};
  auto bad_name = cluster.relay("PUT", "/v1/admin/whatsapp", boost::json::serialize(with_templates), admin());
  CHECK(bad_name.status == 400);
  CHECK(bad_name.body.find("continue template") != std::string::npos);
  with_templates["templates"] = boost::json::object{{"continue", "shop_continue_v2"}, {"language", "pt_BR"}};
  auto renamed = cluster.relay("PUT", "/v1/admin/whatsapp", boost::json::serialize(with_templates), admin());
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json().at("templates").at("continue") == "shop_continue_v2");
  CHECK(renamed.json().at("templates").at("call") == "baton_call");
  CHECK(renamed.json().at("templates").at("language") == "pt_BR");

  // The right token, and then back to the flags.
  REQUIRE(cluster.relay("PUT", "/v1/admin/whatsapp", account("sim-access-token"), admin()).status == 200);
  CHECK(test().at("ok") == true);
  auto reset = cluster.relay("DELETE", "/v1/admin/whatsapp", "", admin());
  REQUIRE(reset.status == 200);
  CHECK(reset.json().at("source") == "flags");
  CHECK(reset.json().at("templates").at("continue") == "baton_continue");
  CHECK(test().at("ok") == true);
  auto audit = cluster.relay("GET", "/v1/admin/audit", "", admin()).json().at("entries").as_array();
  CHECK(audit.at(1).at("action") == "reset_whatsapp");
  for (const auto& entry : audit)
    CHECK(boost::json::serialize(entry).find("a-token-meta-refuses") == std::string::npos);
}

TEST_CASE("connection tests: a relay started without WhatsApp gets it on the page, and its agents can take chats") {
  Cluster cluster({.relay_flags = {"--phone-number-id", "", "--access-token", ""}});
  cluster.whatsapp_from(agent_ana, "hello");  // the agent writes; nobody can answer yet
  auto before = cluster.relay("GET", "/v1/availability").json();
  CHECK(before.at("online") == false);
  CHECK(cluster.relay("GET", "/v1/admin/agents", "", admin()).json().at("agents").as_array().empty());
  auto set = cluster.relay("PUT", "/v1/admin/whatsapp",
                           R"({"phone_number_id":"100000000000001","business_number":"15550001234",)"
                           R"("access_token":"sim-access-token"})",
                           admin());
  REQUIRE(set.status == 200);
  CHECK(set.json().at("configured") == true);
  // --agents applies now: Ana's window is open, so she can take a chat at once.
  REQUIRE(eventually([&] { return cluster.relay("GET", "/v1/availability").json().at("online") == true; }));
  CHECK(cluster.relay("GET", "/v1/admin/agents", "", admin()).json().at("agents").as_array().size() == 2);
  auto chat = cluster.open_session();
  auto handed = cluster.hand_off(chat);
  REQUIRE(handed.status == 200);
  CHECK(handed.json().at("agent") == "Ana");
}
