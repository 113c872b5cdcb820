// What chats cost: the owner's rate card read strictly, a chat's usage
// priced on it, and the model's token counts read from what the API sends.

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include "relay/assistant/model/chat_protocol.hpp"
#include "relay/conversation/rate_card.hpp"

using namespace baton;

TEST_CASE("rate card: read strictly, written back unchanged") {
  auto read = rate_card_from_json(boost::json::parse(
      R"({"currency":"EUR","whatsapp":{"marketing":0.0591,"utility":0.0218},"model":{"input_per_1k":0.5,"output_per_1k":1.5}})"));
  REQUIRE(std::holds_alternative<RateCard>(read));
  auto card = std::get<RateCard>(read);
  CHECK(card.currency == "EUR");
  CHECK(card.whatsapp.at("utility") == doctest::Approx(0.0218));
  CHECK(std::get<RateCard>(rate_card_from_json(rate_card_to_json(card))) == card);
  // Only a currency: nothing costs anything yet, which is a valid start.
  CHECK(std::holds_alternative<RateCard>(rate_card_from_json(boost::json::parse(R"({"currency":"USD"})"))));
  auto problem = [](const char* json) {
    auto r = rate_card_from_json(boost::json::parse(json));
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string();
  };
  CHECK(problem(R"({"currency":"Euro"})").find("ISO 4217") != std::string::npos);
  CHECK(problem(R"({"currency":"EUR","whatsapp":{"utility":101}})").find("utility") != std::string::npos);
  CHECK(problem(R"({"currency":"EUR","whatsapp":{"<b>":1}})").find("<b>") != std::string::npos);
  CHECK(problem(R"({"currency":"EUR","whatsapp":[1]})").find("at most 16") != std::string::npos);
  CHECK(problem(R"({"currency":"EUR","model":{"input_per_1k":-1,"output_per_1k":1}})").find("1,000") !=
        std::string::npos);
}

TEST_CASE("rate card: a chat's billable messages and tokens priced, unknown categories free") {
  RateCard card{"USD", {{"utility", 0.01}, {"marketing", 0.05}}, 2, 6};
  ChatUsage usage{{{"utility", 3}, {"authentication", 2}}, 1500, 250};
  auto cost = cost_of(usage, card);
  CHECK(cost.whatsapp == doctest::Approx(0.03));  // authentication has no price on this card
  CHECK(cost.model == doctest::Approx(1.5 * 2 + 0.25 * 6));
}

TEST_CASE("model usage: from a stream's last chunk or a whole answer, and asked for only when streaming") {
  auto last = usage_in(R"({"id":"c1","object":"chat.completion.chunk","choices":[],)"
                       R"("usage":{"prompt_tokens":812,"completion_tokens":37,"total_tokens":849}})");
  REQUIRE(last);
  CHECK(last->input == 812);
  CHECK(last->output == 37);
  CHECK(chunk_text(R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}})") == std::string());
  CHECK_FALSE(usage_in(R"({"choices":[{"delta":{"content":"Hi"}}]})"));
  CHECK_FALSE(usage_in(R"({"usage":null})"));
  auto negative = usage_in(R"({"usage":{"prompt_tokens":-5,"completion_tokens":"7"}})");
  REQUIRE(negative);
  CHECK(negative->input == 0);
  CHECK(negative->output == 0);
  auto streamed = boost::json::parse(chat_request_body("m", {{"user", "hi"}}, true, 100));
  CHECK(streamed.at("stream_options").at("include_usage") == true);
  auto whole = boost::json::parse(chat_request_body("m", {{"user", "hi"}}, false, 100));
  CHECK_FALSE(whole.as_object().contains("stream_options"));
}
