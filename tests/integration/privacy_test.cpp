// Export and erase against a real relay: what an admin exports holds the
// whole chat, and an erased visitor leaves no readable trace in the data
// folder (the database, its journal, anything else the relay wrote).

#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>

#include "tests/support/cluster.hpp"
#include "tests/support/postgres_server.hpp"

using namespace baton::test;

namespace {

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

// Every file under `folder` that contains `needle`.
std::vector<std::string> files_containing(const std::filesystem::path& folder, const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) found.push_back(entry.path().filename().string());
  }
  return found;
}

}  // namespace

TEST_CASE("privacy: an admin exports a visitor by e-mail and erases them, and no trace stays on disk") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  auto data = cluster.dir().path() / "relay-data";
  const std::string secret = "my-order-7781-secret-words";
  auto s = cluster.open_session(R"({"name":"Vera Visitor","email":"Vera@Example.com"})");
  REQUIRE(cluster.post_message(s, "c1", "hello, " + secret).status == 201);
  REQUIRE(cluster.hand_off(s).status == 200);
  // The agent got the chat on WhatsApp (the text is in the outbox too) and answers.
  CHECK(eventually([&] {
    for (const auto& m : cluster.sent_to(agent_ana)) {
      if (std::string(m.at("body").as_string()).find(secret) != std::string::npos) return true;
    }
    return false;
  }));
  auto other = cluster.open_session(R"({"email":"someone@else.example"})");
  REQUIRE(cluster.post_message(other, "c1", "I stay").status == 201);
  // Encrypted at rest: what the visitor wrote and who they are is in no file
  // while the chat lives; its key is in chat-keys.db.
  for (const auto& needle : {secret, std::string("Vera Visitor"), std::string("Vera@Example.com")}) {
    auto traces = files_containing(data, needle);
    CHECK_MESSAGE(traces.empty(), needle << " in " << (traces.empty() ? "" : traces.front()));
  }
  auto key_files = [&] {
    auto files = files_containing(data, s.id);
    return std::count_if(files.begin(), files.end(), [](const auto& f) { return f.starts_with("chat-keys.db"); });
  };
  // (On PostgreSQL the keys are a table of the database: docs/postgresql.md.)
  if (!testing_on_postgres()) CHECK(key_files() > 0);

  auto exported = cluster.relay("GET", "/v1/admin/visitors?email=vera@example.com", "", admin());
  REQUIRE(exported.status == 200);
  auto chats = exported.json().at("chats").as_array();
  REQUIRE(chats.size() == 1);
  CHECK(chats[0].at("session_id") == s.id);
  CHECK(chats[0].at("context").at("name") == "Vera Visitor");
  bool has_secret = false;
  for (const auto& m : chats[0].at("messages").as_array()) {
    if (std::string(m.at("text").as_string()).find(secret) != std::string::npos) has_secret = true;
  }
  CHECK(has_secret);

  auto erased = cluster.relay("DELETE", "/v1/admin/visitors?email=VERA@example.com", "", admin());
  REQUIRE(erased.status == 200);
  CHECK(erased.json().at("erased").as_array().size() == 1);
  // Nothing of the chat stays, its key included (the key file is
  // checkpointed, so its journal holds nothing either). The chat's id alone
  // may stay in baton.db's index pages: it is random and says nothing.
  for (const auto& needle : {secret, std::string("Vera Visitor")}) {
    auto traces = files_containing(data, needle);
    CHECK_MESSAGE(traces.empty(), needle << " in " << (traces.empty() ? "" : traces.front()));
  }
  CHECK(key_files() == 0);
  // Nothing else was touched, and the erased chat is gone for its tab too.
  CHECK(cluster.messages(other).size() >= 2);
  CHECK(cluster.relay("GET", "/v1/sessions/" + s.id + "/messages", "", s.auth()).status == 401);
  CHECK(cluster.relay("GET", "/v1/admin/visitors?email=vera@example.com", "", admin())
            .json()
            .at("chats")
            .as_array()
            .empty());
}

TEST_CASE("privacy: a visitor deletes their own conversation with its token, and only that one") {
  Cluster cluster;
  auto mine = cluster.open_session();
  auto theirs = cluster.open_session();
  REQUIRE(cluster.post_message(mine, "c1", "please forget me 5521").status == 201);
  // Another chat's token cannot delete this one.
  CHECK(cluster.relay("DELETE", "/v1/sessions/" + mine.id, "", theirs.auth()).status == 404);
  CHECK(cluster.relay("DELETE", "/v1/sessions/" + mine.id).status == 401);
  auto deleted = cluster.relay("DELETE", "/v1/sessions/" + mine.id, "", mine.auth());
  CHECK(deleted.status == 200);
  auto traces = files_containing(cluster.dir().path() / "relay-data", "please forget me 5521");
  CHECK_MESSAGE(traces.empty(), (traces.empty() ? "" : traces.front()));
  CHECK(cluster.relay("GET", "/v1/sessions/" + theirs.id + "/messages", "", theirs.auth()).status == 200);
}

TEST_CASE("privacy: the admin must name the visitor, by a session, an E.164 phone or an e-mail") {
  Cluster cluster;
  CHECK(cluster.relay("GET", "/v1/admin/visitors", "", admin()).status == 400);
  CHECK(cluster.relay("DELETE", "/v1/admin/visitors?phone=12ab", "", admin()).status == 400);
  CHECK(cluster.relay("GET", "/v1/admin/visitors?phone=%2B15550001111", "", admin())
            .json()
            .at("chats")
            .as_array()
            .empty());
  CHECK(cluster.relay("GET", "/v1/admin/visitors?session=s_x").status == 401);
  CHECK(cluster.relay("PUT", "/v1/admin/visitors?session=s_x", "", admin()).status == 405);
}

TEST_CASE("privacy: the consent a visitor gave is kept with the chat, exported, and erased with it") {
  Cluster cluster;
  cluster.open_window(agent_ana);
  auto s = cluster.open_session(R"({"language":"pt-BR"})");
  // A visitor already chatting with Ana moves the chat to WhatsApp.
  REQUIRE(cluster.hand_off(s).status == 200);
  auto wording = std::string("Aceito ser contactado no WhatsApp.");
  REQUIRE(cluster
              .hand_off(s, R"({"mode":"whatsapp","phone":"+351912345678","consent":true,"consent_text":")" + wording +
                               "\\u2028\",\"consent_language\":\"pt\"}")
              .status == 200);
  auto chats = cluster.relay("GET", "/v1/admin/visitors?session=" + s.id, "", admin()).json().at("chats").as_array();
  REQUIRE(chats.size() == 1);
  auto consents = chats[0].at("consents").as_array();
  REQUIRE(consents.size() == 1);
  CHECK(consents[0].at("mode") == "whatsapp");
  CHECK(consents[0].at("language") == "pt");
  // Cleaned like any visitor-supplied line: the line separator is gone.
  CHECK(consents[0].at("wording") == wording);
  CHECK(std::string(consents[0].at("given").as_string()).starts_with("20"));

  // A live handoff without consent records none.
  auto t = cluster.open_session(R"({"language":"en"})");
  REQUIRE(cluster.hand_off(t).status == 200);
  CHECK(cluster.relay("GET", "/v1/admin/visitors?session=" + t.id, "", admin())
            .json()
            .at("chats")
            .at(0)
            .at("consents")
            .as_array()
            .empty());

  REQUIRE(cluster.relay("DELETE", "/v1/admin/visitors?session=" + s.id, "", admin()).status == 200);
  CHECK(cluster.relay("GET", "/v1/admin/visitors?session=" + s.id, "", admin()).json().at("chats").as_array().empty());
}
