// The text policy on a corpus of hostile strings, and where it is applied:
// the agent's handoff message, relayed messages and the support e-mail.

#include <doctest/doctest.h>

#include "common/handoff_text.hpp"
#include "common/text_policy.hpp"
#include "relay/mail/mail_text.hpp"

using baton::clean_line;
using baton::clean_text;

TEST_CASE("text policy: line breaks of every kind become LF, controls and bidi overrides go, text stays") {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case corpus[] = {
      {"plain words", "plain words"},
      {"a\r\nb", "a\nb"},
      {"a\rb", "a\nb"},
      {"a\r\r\nb", "a\n\nb"},
      {"a\xE2\x80\xA8"
       "b\xE2\x80\xA9"
       "c",
       "a\nb\nc"},  // U+2028, U+2029
      {"a\xC2\x85"
       "b",
       "a\nb"},  // U+0085 NEL
      {"a\x0B"
       "b\x0C"
       "c",
       "a\nb\nc"},                     // VT, FF
      {std::string("a\0b", 3), "ab"},  // NUL
      {"bell\x07 esc\x1B[31m del\x7F", "bell esc[31m del"},
      {"c1 \xC2\x80\xC2\x9B"
       "x",
       "c1 x"},
      {"pay to \xE2\x80\xAE"
       "exe.gpj",
       "pay to exe.gpj"},  // U+202E RIGHT-TO-LEFT OVERRIDE
      {"\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD"
       "x",
       "x"},
      {"\xE2\x81\xA6"
       "iso\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9",
       "iso"},  // U+2066-U+2069
      {"tab\tkept", "tab\tkept"},
      {"bad \xFF byte", "bad \xEF\xBF\xBD byte"},
      {"cut \xE2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},
      {"مرحبا 👋🏽 família 👨‍👩‍👧",
       "مرحبا 👋🏽 família 👨‍👩‍👧"},  // Arabic, skin tone, ZWJ kept
      {"\xE2\x80\x8F"
       "rlm mark",
       "\xE2\x80\x8F"
       "rlm mark"},  // a mark changes no order: kept
  };
  for (const auto& c : corpus) {
    CAPTURE(c.in);
    CHECK(clean_text(c.in) == c.out);
  }
}

TEST_CASE("text policy: one line folds every break and space run, trimmed") {
  CHECK(clean_line("  Ana\r\n  Maria\t\xE2\x80\xA8Silva  ") == "Ana Maria Silva");
  CHECK(clean_line("\n\n") == "");
  CHECK(clean_line("Eve\r\nReminder: pay") == "Eve Reminder: pay");
}

TEST_CASE("text policy: the agent's handoff message and relayed messages carry no forged line") {
  baton::HandoffSummary summary;
  summary.code = "K7P2QX";
  summary.visitor.name = "Eve\xE2\x80\xA8*New chat #FAKE123*";
  summary.visitor.page_title =
      "Shop\x0B"
      "Pay to \xE2\x80\xAE"
      "exe.gpj";
  summary.transcript.push_back({baton::Author::visitor, "", "hello\r\n\xE2\x80\xA9*In short*\nrefund me"});
  auto message = baton::format_handoff_message(summary);
  CAPTURE(message);
  CHECK(message.find("\n*New chat #FAKE123*") == std::string::npos);
  CHECK(message.find("Eve *New chat #FAKE123*") != std::string::npos);
  CHECK(message.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(message.find("\xE2\x80\xA9") == std::string::npos);
  CHECK(message.find('\r') == std::string::npos);
  CHECK(message.find('\x0B') == std::string::npos);

  auto relayed = baton::format_relayed_message("K7P2QX", "Eve\nAgent",
                                               "I paid \xE2\x80\xAE"
                                               "fdp.exe\x00",
                                               4096);
  CHECK(relayed == "#K7P2QX Eve Agent: I paid fdp.exe");
}

TEST_CASE("text policy: the support e-mail's subject is one line, and its body has no stray controls") {
  baton::SessionRecord session;
  session.code = "K7P2QX";
  session.context.page_title = "Home\r\nBcc: everyone@example.com";
  baton::HandoffRequest request;
  request.name = "Bob\r\nBcc: everyone@example.com";
  request.email = "bob@example.com";
  request.message = "Where is my order?\x1B[2J\r\nThanks";
  auto mail = baton::support_mail(session, request, {});
  CHECK(mail.subject.find('\n') == std::string::npos);
  CHECK(mail.subject.find('\r') == std::string::npos);
  CHECK(mail.subject.find("Bob Bcc: everyone@example.com") != std::string::npos);
  CHECK(mail.body.find("\nBcc:") == std::string::npos);
  CHECK(mail.body.find('\x1B') == std::string::npos);
  CHECK(mail.body.find("Where is my order?[2J\nThanks") != std::string::npos);
}
