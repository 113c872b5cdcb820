// The FAQ file format (CONTRACT section 6) and the built-in assistant's
// retrieval: what it answers, what it declines, and the quality line on the
// held-out questions of tests/fixtures/faq (docs/benchmarks.md has the table).

#include <doctest/doctest.h>

#include <fstream>

#include "relay/assistant/faq.hpp"
#include "relay/assistant/faq_assistant.hpp"
#include "relay/assistant/text/folding.hpp"
#include "relay/assistant/text/terms.hpp"
#include "tests/support/temp_dir.hpp"
#include "tools/faq-quality/faq_evaluation.hpp"

using namespace baton;

TEST_CASE("faq: each ## heading is a question and the text below it the answer") {
  auto entries = parse_faq(
      "# Shop FAQ\nIntro text is ignored.\n\n## How long does delivery take?\nTwo to **three** days.\n\n"
      "See [tracking](https://example.com/track).\n\n## Empty question?\n\n## Do you ship abroad?\nYes, to the EU.\n");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].question == "How long does delivery take?");
  CHECK(entries[0].answer == "Two to three days.\n\nSee tracking (https://example.com/track).");
  CHECK(entries[1].question == "Do you ship abroad?");
  CHECK(entries[1].answer == "Yes, to the EU.");
}

TEST_CASE("faq: files that cannot be used are refused with the reason") {
  test::TempDir dir;
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.path() / name) << text;
    return dir.path() / name;
  };
  CHECK_THROWS_AS(load_faq(dir.path() / "missing.md"), FaqError);
  CHECK_THROWS_AS(load_faq(write("none.md", "# Title\nno questions here\n")), FaqError);
  CHECK_THROWS_AS(load_faq(write("binary.md", "## Q?\nbad \xff\xfe bytes\n")), FaqError);
  CHECK_THROWS_AS(load_faq(write("long.md", "## Q?\n" + std::string(faq_max_answer_chars + 1, 'a') + "\n")), FaqError);
  CHECK(load_faq(write("ok.md", "## Q?\nA.\n")).size() == 1);
}

TEST_CASE("text: words are folded without case or accents, Arabic alef forms are one letter") {
  CHECK(fold_words("Envío GRATIS, l'envoi!") == std::vector<std::string>{"envio", "gratis", "l", "envoi"});
  CHECK(fold_words("Größe") == std::vector<std::string>{"grosse"});
  CHECK(fold_words("أهلا") == fold_words("اهلا"));
  CHECK(guess_language("¿Cuánto cuesta el envío a Portugal?", Lang::en) == Lang::es);
  CHECK(guess_language("Wie lange dauert die Lieferung?", Lang::en) == Lang::de);
  CHECK(guess_language("كم تكلفة الشحن؟", Lang::en) == Lang::ar);
  CHECK(guess_language("BMX 24", Lang::fr) == Lang::fr);
}

TEST_CASE("faq assistant: answers a paraphrase, declines what the FAQ does not cover") {
  FaqAssistant assistant({}, load_faq(BATON_FIXTURES_DIR "/faq/shop.en.md"));
  AssistantQuestion q;
  q.lang = Lang::en;
  q.message.text = "how much does shipping cost";
  auto reply = assistant.reply_to(q);
  CHECK(reply.answered);
  CHECK_FALSE(reply.source.empty());
  q.message.text = "what is the airspeed velocity of an unladen swallow";
  reply = assistant.reply_to(q);
  CHECK_FALSE(reply.answered);
  q.message.text = "thanks!";
  CHECK(assistant.reply_to(q).answered);
}

TEST_CASE("faq assistant: with no FAQ it knows nothing and says so") {
  FaqAssistant assistant({}, {});
  AssistantQuestion q;
  q.lang = Lang::de;
  q.message.text = "Wie lange dauert die Lieferung?";
  auto reply = assistant.reply_to(q);
  CHECK_FALSE(reply.answered);
  CHECK_FALSE(reply.text.empty());
}

TEST_CASE("faq quality: held-out paraphrases in six languages stay above the line") {
  using namespace baton::quality;
  auto questions = read_questions(BATON_FIXTURES_DIR "/faq/questions.tsv");
  REQUIRE(questions.size() >= 300);
  Tally all;
  for (auto lang : all_langs) {
    auto t = evaluate(std::string(BATON_FIXTURES_DIR "/faq/shop.") + std::string(to_string(lang)) + ".md", questions,
                      lang, FaqIndex::Confidence{}, Half::held_out);
    CAPTURE(to_string(lang));
    CHECK(t.precision_at_1() >= 0.75);
    CHECK(t.false_answer_rate() <= 0.12);
    all.add(t);
  }
  // Measured 86.7% / 70.8% / 5.8% (docs/benchmarks.md); the line leaves room
  // for small changes but catches a broken stemmer or threshold.
  CHECK(all.precision_at_1() >= 0.83);
  CHECK(all.recall() >= 0.65);
  CHECK(all.false_answer_rate() <= 0.08);
}

TEST_CASE("faq assistant: two entries that fit equally well are both given, each under its question") {
  FaqAssistant assistant({}, load_faq(std::string(BATON_SOURCE_DIR_FOR_UNIT) + "/web/demo/faq.md"));
  AssistantQuestion q;
  q.lang = Lang::en;
  q.message.text = "do you deliver to portugal?";
  auto reply = assistant.reply_to(q);
  CHECK(reply.answered);
  CHECK(reply.text.starts_with("Two answers may fit your question:"));
  CHECK(reply.text.find("Which countries do you ship to?") != std::string::npos);
  CHECK(reply.text.find("How long does delivery take?") != std::string::npos);
}
