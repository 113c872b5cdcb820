// The assistant set on the admin page: the FAQ edited and tried, the model
// pointed at llm-sim, each in force for the next question, kept over a
// restart, and given back to the flags.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include "tests/support/cluster.hpp"
#include "tests/support/model_server.hpp"

using namespace baton::test;

namespace {

Headers admin() { return {{"Authorization", "Bearer " + admin_token}}; }

std::string markdown_body(const std::string& markdown) {
  return boost::json::serialize(boost::json::object{{"markdown", markdown}});
}

// The assistant's answer to one question in a new chat.
std::string answer_to(Cluster& cluster, const std::string& question) {
  auto s = cluster.open_session(R"({"language":"en"})");
  cluster.post_message(s, "c1", question);
  boost::json::array messages;
  eventually([&] {
    messages = cluster.messages(s);
    return messages.size() >= 3;
  });
  REQUIRE(messages.size() >= 3);
  return std::string(messages.at(2).at("text").as_string());
}

const std::string rentals =
    "# Rentals\n\n## Do you rent bikes?\nYes: city bikes for 15 euros a day, from the showroom.\n"
    "Also asked as: hire a bike; borrow a bike for the weekend\n\n"
    "## How much is the deposit?\nThe deposit is 100 euros, given back when the bike is.\n";

}  // namespace

TEST_CASE("assistant setting: the FAQ is edited and tried on the page, in force at once, kept, and reset") {
  Cluster cluster({.relay_flags = {"--faq", faq_en}});
  auto now = cluster.relay("GET", "/v1/admin/faq", "", admin());
  REQUIRE(now.status == 200);
  CHECK(now.json().at("source") == "file");
  CHECK(now.json().at("entries") == 20);
  CHECK(std::string(now.json().at("markdown").as_string()).find("## How much does shipping cost?") !=
        std::string::npos);

  // Trying a question with the FAQ in force: the entry, and how sure.
  auto tried = cluster.relay("POST", "/v1/admin/faq/try", R"({"question":"how much does shipping cost?"})", admin());
  REQUIRE(tried.status == 200);
  CHECK(tried.json().at("answered") == true);
  auto best = tried.json().at("matches").at(0);
  CHECK(best.at("question") == "How much does shipping cost?");
  CHECK(best.at("answers") == true);
  CHECK(best.at("coverage").as_double() >= tried.json().at("min_coverage").as_double());
  CHECK(tried.json().at("belief").as_double() >= tried.json().at("min_belief").as_double());
  CHECK(std::string(tried.json().at("reply").as_string()).find("€5.90") != std::string::npos);
  // A question the draft comes close to without answering: what would be suggested.
  auto close = cluster.relay(
      "POST", "/v1/admin/faq/try",
      boost::json::serialize(boost::json::object{{"question", "do i get my money back"}, {"markdown", rentals}}),
      admin());
  REQUIRE(close.status == 200);
  INFO(boost::json::serialize(close.json()));
  CHECK(close.json().at("answered") == false);
  CHECK(close.json().at("matches").at(0).at("question") == "How much is the deposit?");
  CHECK(close.json().at("matches").at(0).at("suggested") == true);
  CHECK(close.json().at("belief").as_double() >= close.json().at("min_belief_to_suggest").as_double());
  CHECK(std::string(close.json().at("reply").as_string()).find("\n1. How much is the deposit?\n") != std::string::npos);

  // A draft is tried without being saved: the visitor still gets the file's FAQ.
  auto draft = boost::json::serialize(boost::json::object{{"question", "can I hire a bike?"}, {"markdown", rentals}});
  auto on_draft = cluster.relay("POST", "/v1/admin/faq/try", draft, admin());
  REQUIRE(on_draft.status == 200);
  CHECK(on_draft.json().at("matches").at(0).at("question") == "Do you rent bikes?");
  CHECK(on_draft.json().at("answered") == true);
  auto off_topic = cluster.relay("POST", "/v1/admin/faq/try",
                                 boost::json::serialize(boost::json::object{
                                     {"question", "what is the capital of australia"}, {"markdown", rentals}}),
                                 admin());
  CHECK(off_topic.json().at("answered") == false);
  CHECK(answer_to(cluster, "can I hire a bike?").find("15 euros") == std::string::npos);

  // Each problem is named, and nothing changes.
  for (const auto& [body, words] :
       {std::pair{markdown_body("# Only a title\n"), std::string("no questions")},
        std::pair{markdown_body("## Long?\n" + std::string(4100, 'a') + "\n"), std::string("longer than 4000")},
        std::pair{std::string(R"({"question":"  "})"), std::string("type a question")}}) {
    auto path = body.find("question") != std::string::npos ? "/v1/admin/faq/try" : "/v1/admin/faq";
    auto refused = cluster.relay(body.find("question") != std::string::npos ? "POST" : "PUT", path, body, admin());
    CHECK(refused.status == 400);
    CHECK(refused.body.find(words) != std::string::npos);
  }
  CHECK(cluster.relay("GET", "/v1/admin/faq/try", "", admin()).status == 405);
  CHECK(cluster.relay("POST", "/v1/admin/faq/try", R"({"question":"hi"})").status == 401);

  // Saved: the next question is answered from it.
  auto saved = cluster.relay("PUT", "/v1/admin/faq", markdown_body(rentals), admin());
  REQUIRE(saved.status == 200);
  CHECK(saved.json().at("source") == "admin");
  CHECK(saved.json().at("entries") == 2);
  CHECK(answer_to(cluster, "can I hire a bike?").find("15 euros") != std::string::npos);

  // Kept over a restart.
  CHECK(cluster.stop_relay() == 0);
  cluster.start_relay();
  CHECK(cluster.relay("GET", "/v1/admin/faq", "", admin()).json().at("source") == "admin");
  CHECK(answer_to(cluster, "how much is the deposit?").find("100 euros") != std::string::npos);

  // Back to the file.
  auto reset = cluster.relay("DELETE", "/v1/admin/faq", "", admin());
  REQUIRE(reset.status == 200);
  CHECK(reset.json().at("source") == "file");
  CHECK(answer_to(cluster, "how much does shipping cost?").find("€5.90") != std::string::npos);
  auto audit = cluster.relay("GET", "/v1/admin/audit", "", admin()).json().at("entries").as_array();
  CHECK(audit.at(0).at("action") == "reset_faq");
  // Each change says what the FAQ was and what it became.
  CHECK(std::string(audit.at(0).at("detail").as_string()).starts_with(R"(was {"source":"admin","entries":2,)"));
  CHECK(std::string(audit.at(0).at("detail").as_string()).find(R"( | now {"source":"file","entries":20,)") !=
        std::string::npos);
  bool saved_audited = false;
  for (const auto& entry : audit) saved_audited = saved_audited || entry.at("action") == "set_faq";
  CHECK(saved_audited);
}

TEST_CASE("assistant setting: a model is set on the page with a write-only key, kept sealed, and turned off") {
  ModelServer model;
  Cluster cluster({.relay_flags = {"--faq", faq_en}});
  auto now = cluster.relay("GET", "/v1/admin/model", "", admin());
  REQUIRE(now.status == 200);
  CHECK(now.json().at("url") == "");
  CHECK(now.json().at("source") == "flags");

  auto put = [&](const std::string& url, const std::string& name, const std::string& key) {
    return cluster.relay("PUT", "/v1/admin/model",
                         boost::json::serialize(boost::json::object{{"url", url}, {"model", name}, {"key", key}}),
                         admin());
  };
  // Each problem named; nothing changes.
  CHECK(put("ftp://example.com", "m", "").status == 400);
  CHECK(put(model.url + "/v1", "", "").body.find("name the model") != std::string::npos);
  CHECK(put("http://10.0.0.5:8081/v1", "m", "sk-x").body.find("unencrypted") != std::string::npos);
  CHECK(put(model.url + "/v1", "sim-model", "a key").status == 400);

  auto set = put(model.url + "/v1", "sim-model", sim_key);
  REQUIRE(set.status == 200);
  CHECK(set.json().at("key_set") == true);
  CHECK(set.json().at("source") == "admin");
  CHECK(set.body.find(sim_key) == std::string::npos);
  model.script(R"({"reply":"From the model set on the page."})");
  CHECK(answer_to(cluster, "how much does shipping cost?") == "From the model set on the page.");
  CHECK(model.requests().back().at("authorized").as_bool());

  // Another model on the same server: the key is kept without being sent again.
  REQUIRE(put(model.url + "/v1", "sim-model", "").json().at("key_set") == true);

  // Kept sealed over a restart: the key is in no file of the data folder.
  CHECK(cluster.stop_relay() == 0);
  CHECK(files_holding(cluster.dir() / "relay-data", sim_key).empty());
  cluster.start_relay();
  model.script(R"({"reply":"Still the model."})");
  CHECK(answer_to(cluster, "how much does shipping cost?") == "Still the model.");

  // Turned off: the FAQ answers; then back to the flags (none).
  REQUIRE(put("", "", "").json().at("url") == "");
  CHECK(answer_to(cluster, "how much does shipping cost?").find("€5.90") != std::string::npos);
  auto reset = cluster.relay("DELETE", "/v1/admin/model", "", admin());
  REQUIRE(reset.status == 200);
  CHECK(reset.json().at("source") == "flags");
  auto audit = cluster.relay("GET", "/v1/admin/audit", "", admin()).json().at("entries").as_array();
  CHECK(audit.at(0).at("action") == "reset_model");
  for (const auto& entry : audit) CHECK(boost::json::serialize(entry).find(sim_key) == std::string::npos);
  for (const auto& text : {cluster.relay_process().stderr_text(), cluster.relay_process().stdout_text()})
    CHECK(text.find(sim_key) == std::string::npos);
}

TEST_CASE("assistant setting: an answer streaming when the model is changed finishes from the model that began it") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags("3000")});
  model.script(R"({"reply":"A slow answer from the first model, word by word.","chunk_delay_ms":150})");
  auto s = cluster.open_session(R"({"language":"en"})");
  cluster.post_message(s, "c1", "how much does shipping cost?");
  eventually([&] { return !model.requests().empty(); });
  // The model is turned off mid-answer: the answer still arrives whole, once.
  auto off = cluster.relay("PUT", "/v1/admin/model", R"({"url":"","model":"","key":""})", admin());
  REQUIRE(off.status == 200);
  boost::json::array messages;
  eventually([&] {
    messages = cluster.messages(s);
    return messages.size() >= 3;
  });
  REQUIRE(messages.size() == 3);
  CHECK(messages.at(2).at("text") == "A slow answer from the first model, word by word.");
  // The next question: the FAQ alone.
  CHECK(answer_to(cluster, "how much does shipping cost?").find("€5.90") != std::string::npos);
  CHECK(model.requests().size() == 1);
}

// Found on review: a model whose build failed (here the prompt file given at
// start is gone) was stored, and so in force after a restart and on the
// other relays, while the page was answered 500.
TEST_CASE("assistant setting: a model that cannot be built is refused and not stored") {
  ModelServer model;
  auto prompt = std::filesystem::temp_directory_path() / ("baton-prompt-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(prompt);
    out << "Answer briefly.\n";
  }
  Cluster cluster({.relay_flags = {"--faq", faq_en, "--llm-prompt", prompt.string()}});
  std::filesystem::remove(prompt);
  auto put = cluster.relay(
      "PUT", "/v1/admin/model",
      boost::json::serialize(boost::json::object{{"url", model.url + "/v1"}, {"model", "sim-model"}, {"key", sim_key}}),
      admin());
  CHECK(put.status == 500);
  CHECK(put.body.find("assistant_failed") != std::string::npos);
  auto now = cluster.relay("GET", "/v1/admin/model", "", admin());
  CHECK(now.json().at("url") == "");
  CHECK(now.json().at("source") == "flags");
  CHECK(cluster.stop_relay() == 0);
  cluster.start_relay();
  CHECK(cluster.relay("GET", "/v1/admin/model", "", admin()).json().at("source") == "flags");
}
