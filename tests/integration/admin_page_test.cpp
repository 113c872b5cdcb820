// The admin page's sign-in: the token exchanged once for an HttpOnly,
// SameSite=Strict session cookie; every change needs the session's CSRF
// token; signing out ends the session. The page itself is served at /admin.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>
#include <filesystem>

#include "tests/support/cluster.hpp"

using namespace baton::test;

namespace {

struct PageSession {
  std::string cookie;  // "baton_admin=..."
  std::string csrf;
  Headers reads() const { return {{"Cookie", cookie}}; }
  Headers changes() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
};

PageSession sign_in(const Cluster& cluster) {
  auto reply = cluster.relay("POST", "/v1/admin/login", R"({"token":")" + admin_token + R"("})");
  REQUIRE(reply.status == 200);
  auto set = reply.header("set-cookie");
  REQUIRE(set.starts_with("baton_admin="));
  return {set.substr(0, set.find(';')), std::string(reply.json().at("csrf").as_string())};
}

}  // namespace

TEST_CASE("admin page: served at /admin, with no inline script allowed") {
  // The build's web folder, beside the relay's bin folder.
  auto web = std::filesystem::path(BATON_RELAY_BIN).parent_path().parent_path() / "web";
  Cluster cluster({.relay_flags = {"--web-root", web.string()}});
  auto page = cluster.relay("GET", "/admin/");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("<label for=\"token\">Admin token</label>") != std::string::npos);
  CHECK(page.header("content-security-policy").find("script-src 'self'") != std::string::npos);
  CHECK(cluster.relay("GET", "/admin/admin.js").status == 200);
}

TEST_CASE("admin page: the token becomes a strict HttpOnly cookie, never kept by the page") {
  Cluster cluster;
  auto wrong = cluster.relay("POST", "/v1/admin/login", R"({"token":"not-the-token"})");
  CHECK(wrong.status == 401);
  CHECK(wrong.header("set-cookie").empty());
  CHECK(cluster.relay("GET", "/v1/admin/login").status == 405);
  CHECK(cluster.relay("POST", "/v1/admin/login", "nope").status == 401);

  auto reply = cluster.relay("POST", "/v1/admin/login", R"({"token":")" + admin_token + R"("})");
  REQUIRE(reply.status == 200);
  auto set = reply.header("set-cookie");
  CHECK(set.find("HttpOnly") != std::string::npos);
  CHECK(set.find("SameSite=Strict") != std::string::npos);
  CHECK(set.find("Path=/") != std::string::npos);
  CHECK(set.find("Max-Age=43200") != std::string::npos);
  CHECK(set.find("Secure") == std::string::npos);  // plain http on loopback
  CHECK(set.find(admin_token) == std::string::npos);
  CHECK(reply.header("cache-control") == "no-store");
  CHECK(reply.json().at("csrf").as_string().size() == 64);
}

TEST_CASE("admin page: reads need the cookie, changes also its CSRF token, and each change is audited") {
  Cluster cluster;
  auto page = sign_in(cluster);
  CHECK(cluster.relay("GET", "/v1/admin/hours").status == 401);
  CHECK(cluster.relay("GET", "/v1/admin/hours", "", {{"Cookie", "baton_admin=" + std::string(64, 'a')}}).status == 401);
  auto before = cluster.relay("GET", "/v1/admin/hours", "", page.reads());
  REQUIRE(before.status == 200);
  auto agents = cluster.relay("GET", "/v1/admin/agents", "", page.reads()).json().at("agents").as_array();
  REQUIRE(agents.size() == 2);
  CHECK(agents[0].at("name") == "Ana");
  CHECK(agents[0].at("phone") == agent_ana);
  CHECK(agents[0].at("capacity").as_int64() > 0);
  CHECK(cluster.relay("GET", "/v1/admin/agents").status == 401);

  // A forged change (no token, or another session's) stores nothing.
  auto forged = cluster.relay("PUT", "/v1/admin/hours", R"({"hours":"24/7"})", page.reads());
  CHECK(forged.status == 403);
  CHECK(forged.json().at("error").at("code") == "csrf_failed");
  auto other = sign_in(cluster);
  CHECK(cluster
            .relay("PUT", "/v1/admin/hours", R"({"hours":"24/7"})",
                   {{"Cookie", page.cookie}, {"X-CSRF-Token", other.csrf}})
            .status == 403);
  CHECK(cluster.relay("GET", "/v1/admin/hours", "", page.reads()).json().at("hours") == before.json().at("hours"));

  auto changed = cluster.relay("PUT", "/v1/admin/hours", R"({"hours":"24/7","time_zone":"UTC"})", page.changes());
  REQUIRE(changed.status == 200);
  CHECK(changed.json().at("hours") == "24/7");
  auto entries = cluster.relay("GET", "/v1/admin/audit", "", page.reads()).json().at("entries").as_array();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].at("action") == "set_hours");
  CHECK(std::string(entries[0].at("actor").as_string()).starts_with("page@"));

  // A reload asks for the CSRF token again with the cookie.
  auto again = cluster.relay("GET", "/v1/admin/session", "", page.reads());
  REQUIRE(again.status == 200);
  CHECK(again.json().at("csrf") == page.csrf);
}

TEST_CASE("admin page: signing out ends the session and clears the cookie") {
  Cluster cluster;
  auto page = sign_in(cluster);
  CHECK(cluster.relay("POST", "/v1/admin/logout", "", page.reads()).status == 403);
  auto out = cluster.relay("POST", "/v1/admin/logout", "", page.changes());
  REQUIRE(out.status == 204);
  CHECK(out.header("set-cookie").find("Max-Age=0") != std::string::npos);
  CHECK(cluster.relay("GET", "/v1/admin/hours", "", page.reads()).status == 401);
  CHECK(cluster.relay("GET", "/v1/admin/session", "", page.reads()).status == 401);
}

TEST_CASE("admin page: the sites that may show the chat are set at once, kept over a restart, and reset") {
  Cluster cluster;
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto open_from = [&](const std::string& origin) {
    return cluster.relay("POST", "/v1/sessions", R"({"context":{}})", {{"Origin", origin}}).status;
  };
  auto now = cluster.relay("GET", "/v1/admin/origins", "", admin).json();
  CHECK(boost::json::serialize(now.at("origins")) == R"(["https://shop.example"])");
  CHECK(now.at("source") == "flags");
  CHECK(open_from("https://new.example") == 403);

  for (const char* bad : {R"({"origins":["not a site"]})", R"({"origins":["https://new.example/path"]})",
                          R"({"origins":["ftp://new.example"]})", R"({"origins":"https://new.example"})", "{}"}) {
    CHECK(cluster.relay("PUT", "/v1/admin/origins", bad, admin).status == 400);
  }
  CHECK(cluster.relay("GET", "/v1/admin/origins", "", admin).json().at("source") == "flags");

  auto set = cluster.relay("PUT", "/v1/admin/origins",
                           R"({"origins":["https://new.example/","http://localhost:3000"]})", admin);
  REQUIRE(set.status == 200);
  CHECK(boost::json::serialize(set.json().at("origins")) == R"(["https://new.example","http://localhost:3000"])");
  CHECK(open_from("https://new.example") == 201);
  CHECK(open_from("http://localhost:3000") == 201);
  CHECK(open_from("https://shop.example") == 403);

  cluster.stop_relay();
  cluster.start_relay();
  CHECK(open_from("https://new.example") == 201);
  CHECK(cluster.relay("GET", "/v1/admin/origins", "", admin).json().at("source") == "admin");

  REQUIRE(cluster.relay("DELETE", "/v1/admin/origins", "", admin).status == 200);
  CHECK(open_from("https://shop.example") == 201);
  CHECK(open_from("https://new.example") == 403);
  auto entries = cluster.relay("GET", "/v1/admin/audit", "", admin).json().at("entries").as_array();
  REQUIRE(entries.size() >= 2);
  CHECK(entries[0].at("action") == "reset_origins");
  CHECK(entries.back().at("outcome") == "invalid_origins");
}

TEST_CASE("admin page: how long chats are kept is set at once, kept over a restart, and reset") {
  Cluster cluster({.relay_flags = {"--retention-days", "90"}});
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto now = cluster.relay("GET", "/v1/admin/retention", "", admin).json();
  CHECK(now.at("days") == 90);
  CHECK(now.at("source") == "flags");
  for (const char* bad : {R"({"days":-1})", R"({"days":3651})", R"({"days":"30"})", R"({"days":1.5})", "{}"}) {
    CHECK(cluster.relay("PUT", "/v1/admin/retention", bad, admin).status == 400);
  }
  auto set = cluster.relay("PUT", "/v1/admin/retention", R"({"days":30})", admin);
  REQUIRE(set.status == 200);
  CHECK(set.json().at("days") == 30);
  CHECK(set.json().at("source") == "admin");
  // A chat begun now is well within 30 days: still there.
  auto s = cluster.open_session();
  cluster.stop_relay();
  cluster.start_relay();
  CHECK(cluster.relay("GET", "/v1/admin/retention", "", admin).json().at("days") == 30);
  CHECK(cluster.messages(s).size() >= 1);
  auto reset = cluster.relay("DELETE", "/v1/admin/retention", "", admin);
  REQUIRE(reset.status == 200);
  CHECK(reset.json().at("days") == 90);
  CHECK(reset.json().at("source") == "flags");
  auto entries = cluster.relay("GET", "/v1/admin/audit", "", admin).json().at("entries").as_array();
  REQUIRE(entries.size() >= 2);
  CHECK(entries[0].at("action") == "reset_retention");
  CHECK(entries[1].at("action") == "set_retention");
}

TEST_CASE("admin page: the widget's look reaches the loader, its greeting new chats, its ways the offer, at once") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto check = [&] { return cluster.relay("GET", "/v1/widget/check", "", {{"Origin", "https://shop.example"}}); };
  CHECK(check().json().as_object().empty());
  auto bad = cluster.relay("PUT", "/v1/admin/widget", R"({"color":"#ffee00"})", admin);
  CHECK(bad.status == 400);
  CHECK(bad.json().at("error").at("code") == "invalid_widget");
  auto set = cluster.relay("PUT", "/v1/admin/widget",
                           R"({"color":"#7a1f5c","position":"left","launcher_label":"Ask us","theme":"",)"
                           R"("greeting":"Hi! Ask me about bikes.","ways":["callback","email"]})",
                           admin);
  REQUIRE(set.status == 200);
  CHECK(set.json().at("source") == "admin");
  auto loader = check();
  CHECK(loader.header("cache-control") == "private, max-age=60");
  CHECK(boost::json::serialize(loader.json()) == R"({"color":"#7a1f5c","position":"left","launcher_label":"Ask us"})");
  // The greeting of a chat begun now, and only the ways offered.
  auto chat = cluster.open_session();
  CHECK(cluster.messages(chat).at(0).at("text") == "Hi! Ask me about bikes.");
  auto offered = cluster.relay("GET", "/v1/availability").json().at("options").as_array();
  for (const auto& way : offered) CHECK((way == "callback" || way == "email"));
  auto live = cluster.hand_off(chat);
  CHECK(live.status == 400);
  CHECK(live.json().at("error").at("code") == "mode_unavailable");
  // Kept over a restart, then back to the relay's own.
  CHECK(cluster.stop_relay() == 0);
  cluster.start_relay();
  CHECK(check().json().at("color") == "#7a1f5c");
  REQUIRE(cluster.relay("DELETE", "/v1/admin/widget", "", admin).status == 200);
  CHECK(check().json().as_object().empty());
  CHECK(cluster.hand_off(cluster.open_session()).status == 200);
}
