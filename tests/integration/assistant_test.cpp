// The assistant in the real relay: the FAQ assistant answering and offering a
// person, and a model behind llm-sim streaming to the tabs, failing, hanging
// and summarising, with the FAQ answering whenever the model cannot.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "tests/support/cluster.hpp"
#include "tests/support/model_server.hpp"

using namespace baton::test;

namespace {

std::string hello(const VisitorSession& s, std::uint64_t after) {
  return boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", s.id}, {"token", s.token}, {"after", after}});
}

// The newest message of a session, once there are `count`.
boost::json::object message_at(const Cluster& cluster, const VisitorSession& s, std::size_t count) {
  boost::json::array messages;
  eventually([&] {
    messages = cluster.messages(s);
    return messages.size() >= count;
  });
  REQUIRE(messages.size() >= count);
  return messages.at(count - 1).as_object();
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("assistant: the FAQ answers, says when it is unsure, and offers a person when asked") {
  Cluster cluster({.relay_flags = {"--faq", faq_en}});
  auto s = cluster.open_session(R"({"language":"en-GB"})");
  cluster.post_message(s, "c1", "how much does shipping cost?");
  auto answer = message_at(cluster, s, 3);
  CHECK(answer.at("author") == "bot");
  CHECK(std::string(answer.at("text").as_string()).find("€5.90") != std::string::npos);

  cluster.post_message(s, "c2", "what's the weather like on Mars?");
  auto unsure = message_at(cluster, s, 5);
  CHECK(unsure.at("kind") == "text");
  CHECK(std::string(unsure.at("text").as_string()).find("not sure") != std::string::npos);
  // A second question in a row it cannot answer: the options open.
  cluster.post_message(s, "c3", "can you recommend a good pizza place in Rome?");
  CHECK(message_at(cluster, s, 7).at("kind") == "handoff_offer");

  auto es = cluster.open_session(R"({"language":"es-ES"})");
  cluster.post_message(es, "c1", "quiero hablar con una persona, por favor");
  auto offer = message_at(cluster, es, 3);
  CHECK(offer.at("kind") == "handoff_offer");
  CHECK(std::string(offer.at("text").as_string()).find("persona") != std::string::npos);
}

TEST_CASE("assistant: unsure, it suggests the closest questions, and the number the visitor sends is answered") {
  // A car rental's FAQ (tests/fixtures/faq), and a question its entries come close to.
  Cluster cluster({.relay_flags = {"--faq", std::string(BATON_SOURCE_DIR) + "/tests/fixtures/faq/autovia.en.md"}});
  auto s = cluster.open_session(R"({"language":"en-GB"})");
  cluster.post_message(s, "c1", "what do i need to bring to pick up the car");
  auto suggestion = message_at(cluster, s, 3);
  CHECK(suggestion.at("author") == "bot");
  std::string suggested(suggestion.at("text").as_string());
  INFO(suggested);
  CHECK(suggested.starts_with("I'm not sure I understood. Did you mean one of these?"));
  CHECK(suggested.find("\n1. What documents do I need?\n") != std::string::npos);
  // The number, read against the stored suggestion, is the entry's answer; it
  // also ends the run of unanswered questions, so no person is offered yet.
  cluster.post_message(s, "c2", "1");
  auto answer = message_at(cluster, s, 5);
  CHECK(answer.at("author") == "bot");
  CHECK(answer.at("kind") == "text");
  CHECK(std::string(answer.at("text").as_string()).find("driving licence") != std::string::npos);
  cluster.post_message(s, "c3", "what's the weather like on Mars?");
  CHECK(message_at(cluster, s, 7).at("kind") == "text");
}

TEST_CASE("assistant: a model's answer streams to the tabs, grounded in the FAQ, and is stored once") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags()});
  auto s = cluster.open_session(R"({"language":"en"})");
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(hello(s, 1));
  REQUIRE(tab.next_of_type("welcome"));

  model.script(R"({"reply":"Shipping is free on bikes; small orders pay a flat 5.90 euros.","chunk_delay_ms":80})");
  cluster.post_message(s, "c1", "how much does shipping cost?");
  auto typing = tab.next_of_type("draft");
  REQUIRE(typing);
  CHECK(typing->at("phase") == "typing");
  std::string streamed;
  int pieces = 0;
  for (;;) {
    auto draft = tab.next_of_type("draft", std::chrono::seconds(10));
    REQUIRE(draft);
    if (draft->at("phase") == "ended") break;
    CHECK(draft->at("offset").as_int64() == static_cast<std::int64_t>(streamed.size()));
    streamed += std::string(draft->at("delta").as_string());
    ++pieces;
  }
  CHECK(pieces >= 3);  // it really streamed, in order
  auto stored = tab.next_of_type("message");
  while (stored && stored->at("message").at("author") != "bot") stored = tab.next_of_type("message");
  REQUIRE(stored);
  CHECK(stored->at("message").at("text") == "Shipping is free on bikes; small orders pay a flat 5.90 euros.");
  CHECK(streamed == "Shipping is free on bikes; small orders pay a flat 5.90 euros.");

  auto calls = model.requests();
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].at("authorized").as_bool());
  CHECK(calls[0].at("stream").as_bool());
  auto system = std::string(calls[0].at("messages").as_array()[0].at("content").as_string());
  CHECK(system.find("Reply in English") != std::string::npos);
  CHECK(system.find("Q: How much does shipping cost?") != std::string::npos);
  CHECK(cluster.messages(s).size() == 3);
}

TEST_CASE("assistant: when the model fails, hangs or breaks off, the FAQ answers instead") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags("800")});
  auto s = cluster.open_session(R"({"language":"en"})");
  auto faq_answer = [](const boost::json::object& m) {
    return std::string(m.at("text").as_string()).find("€5.90") != std::string::npos;
  };

  model.script(R"({"status":500})");
  cluster.post_message(s, "c1", "how much does shipping cost?");
  CHECK(faq_answer(message_at(cluster, s, 3)));

  model.script(R"({"hang":true})");
  auto asked = std::chrono::steady_clock::now();
  cluster.post_message(s, "c2", "what does shipping cost?");
  CHECK(faq_answer(message_at(cluster, s, 5)));
  CHECK(std::chrono::steady_clock::now() - asked < std::chrono::seconds(10));

  model.script(R"({"reply":"Shipping is free on bikes and on every order over sixty euros.","fail_after_pieces":3})");
  cluster.post_message(s, "c3", "shipping cost for a small order?");
  CHECK(faq_answer(message_at(cluster, s, 7)));
  CHECK(cluster.messages(s).size() == 7);  // one answer each, nothing doubled
  CHECK(cluster.relay_process().running());
}

TEST_CASE("assistant: a model that does not know says so in the visitor's words, never its marker") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags()});
  auto s = cluster.open_session(R"({"language":"fr-FR"})");
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(hello(s, 1));
  REQUIRE(tab.next_of_type("welcome"));
  model.script(R"({"reply":"[[unsure]]"})");
  cluster.post_message(s, "c1", "Quel temps fera-t-il demain à Lyon ?");
  auto reply = message_at(cluster, s, 3);
  CHECK(reply.at("author") == "bot");
  CHECK(std::string(reply.at("text").as_string()).find("[[") == std::string::npos);
  CHECK(std::string(reply.at("text").as_string()).find("sûr") != std::string::npos);
  for (;;) {
    auto frame = tab.next_json(std::chrono::milliseconds(300));
    if (!frame) break;
    CHECK(boost::json::serialize(*frame).find("unsure]]") == std::string::npos);
  }
}

TEST_CASE("assistant: a model that does not know suggests the FAQ's closest questions, and a number needs no model") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags()});
  auto s = cluster.open_session(R"({"language":"en"})");
  model.script(R"({"reply":"[[unsure]]"})");
  cluster.post_message(s, "c1", "can i test ride the cargo long somewhere?");
  std::string suggested(message_at(cluster, s, 3).at("text").as_string());
  INFO(suggested);
  CHECK(suggested.starts_with("I'm not sure I understood. Did you mean one of these?"));
  CHECK(suggested.find("\n1. Can I try a bike before I buy it?\n") != std::string::npos);
  REQUIRE(model.requests().size() == 1);
  cluster.post_message(s, "c2", "1");
  auto answer = message_at(cluster, s, 5);
  CHECK(answer.at("author") == "bot");
  CHECK(std::string(answer.at("text").as_string()).find("Test rides are free") != std::string::npos);
  CHECK(model.requests().size() == 1);
}

TEST_CASE("assistant: after a handoff the assistant is silent, the agent's message has the model's summary") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags()});
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session(R"({"language":"en"})");
  cluster.post_message(s, "c1", "how much does shipping cost?");
  message_at(cluster, s, 3);
  auto calls_before = model.requests().size();
  REQUIRE(cluster.hand_off(s).status == 200);
  // The summary call.
  CHECK(eventually([&] { return model.requests().size() == calls_before + 1; }));
  auto summary_call = model.requests().back();
  CHECK_FALSE(summary_call.at("stream").as_bool());

  auto count = cluster.messages(s).size();
  cluster.post_message(s, "c2", "are you still there?");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto after = cluster.messages(s);
  CHECK(after.size() == count + 1);  // only the visitor's own message
  CHECK(after.back().at("author") == "visitor");
  CHECK(model.requests().size() == calls_before + 1);  // and no answer was asked for

  // The agent's context message leads with the model's summary.
  CHECK(eventually([&] {
    for (const auto& sent : cluster.sent_to()) {
      auto text = boost::json::serialize(sent);
      if (text.find("In short") != std::string::npos &&
          text.find("Wants: how much does shipping cost?") != std::string::npos) {
        return true;
      }
    }
    return false;
  }));
}

TEST_CASE("assistant: the model's key is kept sealed, used after a restart, and never logged") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags()});
  auto data = cluster.dir().path() / "relay-data";
  CHECK(std::filesystem::exists(data / "llm-key.sealed"));
  CHECK((std::filesystem::status(data / "secret.key").permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);
  CHECK(read_file(data / "llm-key.sealed").find(sim_key) == std::string::npos);
  CHECK(cluster.stop_relay() == 0);

  // Restarted without --llm-key: the sealed copy is used.
  Cluster restarted({.relay_flags = {"--faq", faq_en, "--llm-url", model.url + "/v1", "--llm-model", "sim-model",
                                     "--data", data.string()}});
  auto s = restarted.open_session(R"({"language":"en"})");
  model.script(R"({"reply":"From the model."})");
  restarted.post_message(s, "c1", "how much does shipping cost?");
  CHECK(message_at(restarted, s, 3).at("text") == "From the model.");
  CHECK(model.requests().back().at("authorized").as_bool());
  CHECK(restarted.stop_relay() == 0);

  // The stored key belongs to llm-sim's address: pointed elsewhere, the
  // relay refuses to start rather than send it to another server.
  ChildProcess moved(BATON_RELAY_BIN,
                     {"--listen", "127.0.0.1:0", "--data", data.string(), "--llm-url", "http://127.0.0.1:9/v1",
                      "--llm-model", "sim-model"},
                     cluster.dir() / "moved");
  CHECK(moved.wait(std::chrono::seconds(10)) == 2);
  CHECK(moved.stderr_text().find("--llm-url changed") != std::string::npos);
  for (auto* process : {&cluster.relay_process(), &restarted.relay_process(), &moved}) {
    CHECK(process->stderr_text().find(sim_key) == std::string::npos);
    CHECK(process->stdout_text().find(sim_key) == std::string::npos);
  }
}

TEST_CASE("assistant: an unusable FAQ or model setting stops the relay with one clear line") {
  TempDir dir;
  std::ofstream(dir / "empty.md") << "# Nothing but a title\n";
  auto run = [&](const std::vector<std::string>& flags, const std::string& name) {
    std::vector<std::string> args{"--listen", "127.0.0.1:0", "--data", (dir / ("data-" + name)).string()};
    args.insert(args.end(), flags.begin(), flags.end());
    ChildProcess relay(BATON_RELAY_BIN, args, dir / name);
    CHECK(relay.wait(std::chrono::seconds(10)) == 2);
    return relay.stderr_text();
  };
  CHECK(run({"--faq", (dir / "missing.md").string()}, "missing").find("missing.md") != std::string::npos);
  CHECK(run({"--faq", (dir / "empty.md").string()}, "empty").find("empty.md") != std::string::npos);
  CHECK(run({"--llm-url", "http://127.0.0.1:9/v1"}, "no-model").find("--llm-model") != std::string::npos);
  CHECK(run({"--llm-url", "ftp://x", "--llm-model", "m"}, "bad-url").find("relay: --llm-url") != std::string::npos);
  CHECK(run({"--llm-url", "http://10.0.0.5:8081/v1", "--llm-model", "m", "--llm-key", "sk-x"}, "clear-text")
            .find("unencrypted") != std::string::npos);
  CHECK(run({"--llm-url", "http://127.0.0.1:9/v1", "--llm-model", "m", "--llm-prompt", (dir / "nope.txt").string()},
            "no-prompt")
            .find("relay: --llm-prompt") != std::string::npos);
  auto secret = run({"--llm-url", "http://127.0.0.1:9/v1", "--llm-model", "m", "--llm-key", "sk-never-printed",
                     "--llm-timeout-ms", "5"},
                    "timeout");
  CHECK(secret.starts_with("relay: --llm-timeout-ms"));
  CHECK(secret.find("sk-never-printed") == std::string::npos);
}

TEST_CASE("assistant: a burst of messages gets one answer under way at a time, the newest answered next") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags()});
  auto s = cluster.open_session(R"({"language":"en"})");
  model.script(R"({"reply":"First answer.","delay_ms":700})");
  model.script(R"({"reply":"Second answer."})");
  cluster.post_message(s, "c1", "how much does shipping cost?");
  cluster.post_message(s, "c2", "and to the Azores?");
  cluster.post_message(s, "c3", "and to Madeira?");
  CHECK(eventually([&] { return cluster.messages(s).size() >= 6; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(texts_of(cluster.messages(s)) ==
        std::vector<std::string>{texts_of(cluster.messages(s)).at(0), "how much does shipping cost?",
                                 "and to the Azores?", "and to Madeira?", "First answer.", "Second answer."});
  auto calls = model.requests();
  REQUIRE(calls.size() == 2);
  auto turns = calls[1].at("messages").as_array();
  CHECK(turns.back().at("content") == "and to Madeira?");
  bool saw_first_answer = false;
  for (const auto& t : turns) saw_first_answer |= t.at("content") == "First answer.";
  CHECK(saw_first_answer);
}

TEST_CASE("assistant: asking for a person stops a model answer that is still streaming") {
  ModelServer model;
  Cluster cluster({.relay_flags = model.relay_flags()});
  cluster.open_window(agent_ana);
  cluster.open_window(agent_ben);
  auto s = cluster.open_session(R"({"language":"en"})");
  WsClient tab("127.0.0.1", cluster.relay_port());
  tab.send_text(hello(s, 1));
  REQUIRE(tab.next_of_type("welcome"));
  model.script(R"({"reply":"one two three four five six seven eight nine ten eleven twelve","chunk_delay_ms":250})");
  model.script(R"({"reply":"Wants: shipping."})");  // the summary
  cluster.post_message(s, "c1", "how much does shipping cost?");
  for (;;) {
    auto draft = tab.next_of_type("draft", std::chrono::seconds(10));
    REQUIRE(draft);
    if (draft->at("phase") == "text") break;
  }
  REQUIRE(cluster.hand_off(s).status == 200);
  REQUIRE(tab.next_of_type("state", std::chrono::seconds(10)));
  // After the chat moved to a person: no more words, and the answer is not stored.
  bool ended = false;
  while (auto frame = tab.next_json(std::chrono::milliseconds(1500))) {
    if (frame->at("type") != "draft") continue;
    CHECK(frame->at("phase") != "text");
    ended |= frame->at("phase") == "ended";
  }
  CHECK(ended);
  for (const auto& m : cluster.messages(s)) {
    CHECK(std::string(m.at("text").as_string()).find("twelve") == std::string::npos);
  }
}

TEST_CASE("assistant: the FAQ's vectors are asked for once and kept, and each question's meaning is asked for") {
  ModelServer model;
  auto embeddings = [&] { return http_request("GET", model.url + "/sim/requests").json().at("embeddings").as_array(); };
  Cluster cluster({.relay_flags = model.relay_flags()});
  // The shop's 20 entries, in batches of 16, with the key.
  REQUIRE(eventually([&] { return embeddings().size() == 2; }));
  auto batches = embeddings();
  CHECK(batches[0].at("authorized").as_bool());
  CHECK(batches[0].at("model") == "sim-model");
  CHECK(batches[0].at("input").as_array().size() == 16);
  CHECK(batches[1].at("input").as_array().size() == 4);
  CHECK(std::string(batches[0].at("input").as_array()[0].as_string()).starts_with("How long does delivery take?\n"));

  auto s = cluster.open_session(R"({"language":"en"})");
  model.script(R"({"reply":"Shipping is free on bikes."})");
  cluster.post_message(s, "c1", "how much does shipping cost?");
  CHECK(message_at(cluster, s, 3).at("text") == "Shipping is free on bikes.");
  auto asked = embeddings();
  REQUIRE(asked.size() == 3);
  CHECK(asked[2].at("input").as_array()[0] == "how much does shipping cost?");
  auto system = std::string(model.requests().back().at("messages").as_array()[0].at("content").as_string());
  CHECK(system.find("Q: How much does shipping cost?") != std::string::npos);

  // A failed question's vector: the answer is grounded by words, not lost.
  model.script(R"({"endpoint":"embeddings","status":500})");
  model.script(R"({"reply":"Still free on bikes."})");
  cluster.post_message(s, "c2", "what does shipping cost for a bike?");
  CHECK(message_at(cluster, s, 5).at("text") == "Still free on bikes.");

  // After a restart the kept vectors are read: only questions are asked for.
  REQUIRE(cluster.stop_relay() == 0);
  auto before_restart = embeddings().size();
  cluster.start_relay();
  model.script(R"({"reply":"Free on bikes."})");
  cluster.post_message(s, "c3", "shipping price?");
  CHECK(message_at(cluster, s, 7).at("text") == "Free on bikes.");
  CHECK(embeddings().size() == before_restart + 1);
}
