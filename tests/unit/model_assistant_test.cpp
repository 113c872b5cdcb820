// The pieces of the model assistant that need no server: the stream reader,
// the chat completions JSON of several servers, the unsure marker held back
// from a stream, the prompts, and the sealed storage of the key.

#include <doctest/doctest.h>

#include "relay/assistant/model/answer_text.hpp"
#include "relay/assistant/model/chat_protocol.hpp"
#include "relay/assistant/model/model_prompt.hpp"
#include "relay/assistant/model/sse_reader.hpp"
#include "relay/assistant/model/unsure_filter.hpp"
#include "relay/core/secret_box.hpp"
#include "relay/http/client_stream.hpp"
#include "tests/support/seeded_random.hpp"

using namespace baton;

TEST_CASE("sse: events split anywhere, CRLF or LF, comments and fields skipped, data lines joined") {
  SseReader reader;
  std::vector<std::string> events;
  std::string stream =
      ": keep-alive\r\ndata: {\"a\":1}\r\n\r\nid: 7\nretry: 10\ndata: line one\ndata: line two\n\ndata: [DONE]\n\n";
  for (char c : stream) {
    for (auto& e : reader.feed(std::string_view(&c, 1))) events.push_back(e);
  }
  CHECK(events == std::vector<std::string>{"{\"a\":1}", "line one\nline two", "[DONE]"});
  CHECK_FALSE(reader.overflowed());
  SseReader endless;
  endless.feed(std::string(SseReader::max_line_bytes + 10, 'x'));
  CHECK(endless.overflowed());
}

TEST_CASE("chat protocol: chunks from OpenAI, llama.cpp and Ollama, whole answers, error bodies") {
  CHECK(
      chunk_text(
          R"({"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]})") ==
      "Hi");
  CHECK(chunk_text(R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})") == "");
  CHECK(chunk_text(R"({"choices":[{"delta":{"content":null}}],"usage":null})") == "");
  CHECK(chunk_text(R"({"choices":[]})") == "");  // a usage-only chunk
  CHECK_FALSE(chunk_text(R"({"error":{"message":"overloaded"}})"));
  CHECK_FALSE(chunk_text("not json"));
  CHECK(response_text(R"({"choices":[{"message":{"role":"assistant","content":"Whole."}}]})") == "Whole.");
  CHECK_FALSE(response_text(R"({"object":"list"})"));
  CHECK(error_text(R"({"error":{"message":"Incorrect API key provided.","code":"invalid_api_key"}})") ==
        "Incorrect API key provided.");
  auto body = chat_request_body("m", {{"system", "s"}, {"user", "q \"quoted\""}}, true, 100);
  CHECK(body.find(R"("stream":true)") != std::string::npos);
  CHECK(body.find(R"(q \"quoted\")") != std::string::npos);
}

TEST_CASE("unsure marker: held back while it could be the marker, never shown, other text flows") {
  UnsureFilter marker;
  CHECK(marker.feed(" [[") == "");
  CHECK(marker.feed("uns") == "");
  CHECK(marker.feed("ure]]") == "");
  CHECK(marker.unsure());
  CHECK(marker.feed(" more") == "");

  UnsureFilter answer;
  CHECK(answer.feed("[") == "");
  CHECK(answer.feed("See] the page") == "[See] the page");
  CHECK(answer.feed(" for sizes") == " for sizes");
  CHECK_FALSE(answer.unsure());
  CHECK(is_unsure_reply("\n[[unsure]]"));
  CHECK_FALSE(is_unsure_reply("We are sure."));
}

TEST_CASE("prompts: facts, language and history go in, agents' and system lines stay out of the answer turns") {
  FaqEntry fact{"How much does shipping cost?", "Free over 60 euros.", {}};
  AssistantQuestion q;
  q.lang = Lang::pt;
  q.message.text = "Quanto custa o envio?";
  Message earlier;
  earlier.author = Author::visitor;
  earlier.text = "Olá";
  Message system_line;
  system_line.author = Author::system;
  system_line.text = "internal";
  q.history = {earlier, system_line};
  auto turns = answer_prompt("Be terse.", {&fact}, q);
  REQUIRE(turns.size() == 3);
  CHECK(turns[0].role == "system");
  CHECK(turns[0].content.starts_with("Be terse."));
  CHECK(turns[0].content.find("Reply in Portuguese") != std::string::npos);
  CHECK(turns[0].content.find("A: Free over 60 euros.") != std::string::npos);
  CHECK(turns[0].content.find(unsure_marker) != std::string::npos);
  CHECK(turns[1].content == "Olá");
  CHECK(turns[2].content == "Quanto custa o envio?");
  auto summary = summary_prompt({}, {earlier});
  CHECK(summary.back().content == "Visitor: Olá\n");
}

TEST_CASE("secret box: sealed text opens with its key only, and any change is detected") {
  test::SeededRandom random(7);
  SecretBox::Key key{};
  key.fill(1);
  SecretBox box(key, random);
  auto sealed = box.seal("sk-live-secret");
  CHECK(sealed.starts_with("v1:"));
  CHECK(sealed.find("sk-live") == std::string::npos);
  CHECK(box.open(sealed) == "sk-live-secret");
  CHECK(box.seal("sk-live-secret") != sealed);  // a fresh nonce each time
  auto altered = sealed;
  altered.back() = altered.back() == '0' ? '1' : '0';
  CHECK_FALSE(box.open(altered));
  SecretBox::Key other{};
  other.fill(2);
  CHECK_FALSE(SecretBox(other, random).open(sealed));
  CHECK_FALSE(box.open("v1:zz"));
  CHECK_FALSE(box.open("plain"));
}

TEST_CASE("answer text: control characters and blank edges go, blank or broken text is no answer") {
  CHECK(tidy_answer("\n\n  Hello\x1b[31m there\r\n\tok \n") == "Hello[31m there\n\tok");
  CHECK_FALSE(tidy_answer(" \n\t "));
  CHECK_FALSE(tidy_answer("bad \xff bytes"));
  CHECK(cut_to_chars("مرحبا بكم", 5) == "مرحب…");
  CHECK(cut_to_chars("short", 5) == "short");
}

TEST_CASE("model endpoint: credentials in the URL are refused, the query is kept, the origin names the server") {
  CHECK_THROWS_AS(HttpEndpoint::parse("https://user:pass@api.example.com/v1"), std::invalid_argument);
  auto azure = HttpEndpoint::parse("https://x.openai.azure.com/openai/deployments/d?api-version=2024-06-01");
  CHECK(azure.query == "api-version=2024-06-01");
  CHECK(azure.base_path == "/openai/deployments/d");
  CHECK(azure.origin() == "https://x.openai.azure.com:443");
  CHECK_FALSE(azure.loopback());
  CHECK(HttpEndpoint::parse("http://127.0.0.1:8081/v1").loopback());
  CHECK(HttpEndpoint::parse("http://localhost:8081/v1").loopback());
  CHECK_FALSE(HttpEndpoint::parse("http://10.0.0.5:8081/v1").loopback());
}
