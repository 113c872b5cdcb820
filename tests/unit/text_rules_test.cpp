#include <doctest/doctest.h>

#include "common/email.hpp"
#include "common/message_text.hpp"
#include "common/phone.hpp"
#include "common/time_format.hpp"
#include "common/utf8.hpp"

TEST_CASE("phone: E.164 normalization") {
  CHECK(baton::normalize_e164("+55 (11) 91234-5678") == "+5511912345678");
  CHECK(baton::normalize_e164("0044 20 7946 0018") == "+442079460018");
  CHECK(baton::normalize_e164(" +1.555.123.0001 ") == "+15551230001");
  CHECK_FALSE(baton::normalize_e164("5551230001"));         // no country code marker
  CHECK_FALSE(baton::normalize_e164("+0123456789"));        // country codes do not start with 0
  CHECK_FALSE(baton::normalize_e164("+1234567890123456"));  // 16 digits
  CHECK_FALSE(baton::normalize_e164("+12345"));             // too short
  CHECK_FALSE(baton::normalize_e164("+1555abc0001"));
  CHECK(baton::wa_id_from_e164("+15551230001") == "15551230001");
  CHECK(baton::e164_from_wa_id("15551230001") == "+15551230001");
  CHECK_FALSE(baton::e164_from_wa_id("US.1234"));
}

TEST_CASE("phone: Mexican and Brazilian mobile numbers in both of WhatsApp's forms are one number") {
  // Mexico: the Cloud API's wa_id keeps the old 1 after 52; an owner types the number without it.
  CHECK(baton::e164_from_wa_id("5215512345678") == "+525512345678");
  CHECK(baton::normalize_e164("+52 1 55 1234 5678") == "+525512345678");
  CHECK(baton::normalize_e164("+52 55 1234 5678") == "+525512345678");
  CHECK(baton::e164_from_wa_id("525512345678") == "+525512345678");
  CHECK(baton::e164_from_wa_id("52155123456") == "+52155123456");  // too short to be the old form: as given
  // Brazil: an older account's wa_id lacks the ninth digit of a mobile number.
  CHECK(baton::e164_from_wa_id("551187654321") == "+5511987654321");
  CHECK(baton::normalize_e164("+55 11 8765-4321") == "+5511987654321");
  CHECK(baton::e164_from_wa_id("5511987654321") == "+5511987654321");
  CHECK(baton::e164_from_wa_id("551132654321") == "+551132654321");  // a landline (starts 2 to 5): as given
  // Everywhere else, digits are kept as they are.
  CHECK(baton::e164_from_wa_id("4915212345678") == "+4915212345678");
  CHECK(baton::e164_from_wa_id("15551230001") == "+15551230001");
}

TEST_CASE("utf8: validity") {
  CHECK(baton::utf8::is_valid("plain"));
  CHECK(baton::utf8::is_valid("Olá 👋 مرحبا"));
  CHECK_FALSE(baton::utf8::is_valid("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(baton::utf8::is_valid("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(baton::utf8::is_valid("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(baton::utf8::is_valid("abc\xE2\x82"));       // truncated
  CHECK_FALSE(baton::utf8::is_valid("\x80"));
}

TEST_CASE("utf8: counting and cutting never split a code point") {
  std::string text = "a👋b€c";
  CHECK(baton::utf8::length(text) == 5);
  CHECK(baton::utf8::take_first(text, 2) == "a👋");
  CHECK(baton::utf8::take_last(text, 2) == "€c");
  CHECK(baton::utf8::take_last(text, 0).empty());
  CHECK(baton::utf8::take_first(text, 10) == text);
  CHECK(baton::utf8::take_last(text, 10) == text);
}

TEST_CASE("message text: the rules every message passes") {
  CHECK_FALSE(baton::check_message_text("hello\nthere\ttab", 4096));
  CHECK(baton::check_message_text("", 4096) == baton::TextProblem::empty);
  CHECK(baton::check_message_text(" \n\t ", 4096) == baton::TextProblem::empty);
  CHECK(baton::check_message_text("bad\x01", 4096) == baton::TextProblem::control_character);
  CHECK(baton::check_message_text(std::string("nul\0x", 5), 4096) == baton::TextProblem::control_character);
  CHECK(baton::check_message_text("\xFF", 4096) == baton::TextProblem::invalid_utf8);
  std::string emoji;
  for (int i = 0; i < 4096; ++i) emoji += "👋";
  CHECK_FALSE(baton::check_message_text(emoji, 4096));  // 4096 characters, 16384 bytes
  CHECK(baton::check_message_text(emoji + "x", 4096) == baton::TextProblem::too_long);
}

TEST_CASE("email: plausibility") {
  CHECK(baton::is_plausible_email("ana@example.com"));
  CHECK(baton::is_plausible_email("a.b+tag@sub.example.co"));
  CHECK_FALSE(baton::is_plausible_email("ana@example"));
  CHECK_FALSE(baton::is_plausible_email("@example.com"));
  CHECK_FALSE(baton::is_plausible_email("ana@@example.com"));
  CHECK_FALSE(baton::is_plausible_email("ana @example.com"));
  CHECK_FALSE(baton::is_plausible_email("ana@example.com."));
  CHECK_FALSE(baton::is_plausible_email("a<b>@example.com"));
}

TEST_CASE("time: RFC 3339 in and out") {
  CHECK(baton::format_rfc3339(0) == "1970-01-01T00:00:00.000Z");
  CHECK(baton::format_rfc3339(1'764'081'386'123) == "2025-11-25T14:36:26.123Z");
  CHECK(baton::parse_rfc3339("2025-11-25T14:36:26.123Z") == 1'764'081'386'123);
  CHECK(baton::parse_rfc3339("2025-11-25T15:36:26.123+01:00") == 1'764'081'386'123);
  CHECK(baton::parse_rfc3339("2025-11-25T14:36:26Z") == 1'764'081'386'000);
  CHECK(baton::parse_rfc3339("2025-11-25T14:36:26.1Z") == 1'764'081'386'100);
  CHECK_FALSE(baton::parse_rfc3339("2025-02-30T00:00:00Z"));
  CHECK_FALSE(baton::parse_rfc3339("2025-11-25 14:36:26Z"));
  CHECK_FALSE(baton::parse_rfc3339("2025-11-25T14:36:26"));
  CHECK_FALSE(baton::parse_rfc3339("2025-11-25T14:36:26Zjunk"));
}
