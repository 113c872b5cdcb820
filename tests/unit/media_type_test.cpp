// What a file is, told from its bytes (common/media_type.hpp): only the
// types WhatsApp takes pass, a name never makes a file acceptable on its own.

#include <doctest/doctest.h>

#include "common/media_type.hpp"
#include "common/message_text.hpp"
#include "common/percent_encoding.hpp"
#include "tests/support/sample_files.hpp"

using baton::AttachmentKind;
using baton::sniff_media;

namespace {

std::string ftyp(std::string brand) { return std::string("\0\0\0\x20", 4) + "ftyp" + brand + std::string(20, '\0'); }

}  // namespace

TEST_CASE("pictures are told by their bytes, whatever their name says") {
  auto png = sniff_media(baton::test::tiny_png(), "photo.jpg");
  REQUIRE(png);
  CHECK(png->kind == AttachmentKind::image);
  CHECK(png->mime == "image/png");
  CHECK(png->whatsapp_limit == 5u * 1024 * 1024);
  auto jpeg = sniff_media("\xFF\xD8\xFF\xE0" + std::string(40, 'x'), "");
  REQUIRE(jpeg);
  CHECK(jpeg->mime == "image/jpeg");
  auto webp = sniff_media(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), "s.webp");
  REQUIRE(webp);
  CHECK(webp->kind == AttachmentKind::sticker);
  CHECK_FALSE(baton::visitor_may_send(webp->kind));
}

TEST_CASE("types WhatsApp refuses are refused, even named as accepted ones") {
  CHECK_FALSE(sniff_media(baton::test::gif_header(), "cat.png"));
  CHECK_FALSE(sniff_media("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", "logo.png"));
  CHECK_FALSE(sniff_media("<!doctype html><script>alert(1)</script>", "page.html"));
  CHECK_FALSE(sniff_media("MZ\x90\0\x03\0\0\0", "setup.pdf"));
  CHECK_FALSE(sniff_media(std::string("\x1A\x45\xDF\xA3", 4) + "webm", "voice.ogg"));
  CHECK_FALSE(sniff_media("", "empty.txt"));
}

TEST_CASE("documents: PDF by its bytes, office files by container and name") {
  auto pdf = sniff_media(baton::test::tiny_pdf(), "invoice");
  REQUIRE(pdf);
  CHECK(pdf->kind == AttachmentKind::document);
  CHECK(pdf->mime == "application/pdf");
  CHECK(pdf->whatsapp_limit == 100u * 1024 * 1024);
  std::string zip("PK\x03\x04\x14\0\0\0", 8);
  auto docx = sniff_media(zip, "Offer.DOCX");
  REQUIRE(docx);
  CHECK(docx->mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(sniff_media(zip, "book.xlsx"));
  CHECK(sniff_media(zip, "deck.pptx"));
  CHECK_FALSE(sniff_media(zip, "archive.zip"));
  CHECK_FALSE(sniff_media(zip, "app.apk"));
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  CHECK(sniff_media(ole, "old.doc")->mime == "application/msword");
  CHECK(sniff_media(ole, "old.xls")->mime == "application/vnd.ms-excel");
  CHECK_FALSE(sniff_media(ole, "mail.msg"));
  CHECK(sniff_media("Order 1234\nThanks, caf\xC3\xA9\n", "notes.txt")->mime == "text/plain");
  CHECK_FALSE(sniff_media("Order 1234\n", "notes"));
  CHECK_FALSE(sniff_media(std::string("bin\0ary", 7), "x.txt"));
}

TEST_CASE("audio and video: Ogg, MP3, AMR, AAC, MP4, M4A and 3GPP") {
  auto ogg = sniff_media(baton::test::ogg_voice_note(), "");
  REQUIRE(ogg);
  CHECK(ogg->kind == AttachmentKind::audio);
  CHECK(ogg->mime == "audio/ogg");
  CHECK(ogg->whatsapp_limit == 16u * 1024 * 1024);
  CHECK(sniff_media("ID3\x04\0\0\0\0", "")->mime == "audio/mpeg");
  CHECK(sniff_media("\xFF\xFB\x90\x64", "")->mime == "audio/mpeg");
  CHECK(sniff_media("\xFF\xF1\x50\x80", "")->mime == "audio/aac");
  CHECK(sniff_media("#!AMR\n", "")->mime == "audio/amr");
  CHECK(sniff_media(ftyp("M4A "), "")->mime == "audio/mp4");
  auto mp4 = sniff_media(ftyp("isom"), "");
  REQUIRE(mp4);
  CHECK(mp4->kind == AttachmentKind::video);
  CHECK(mp4->mime == "video/mp4");
  CHECK(sniff_media(ftyp("3gp5"), "")->mime == "video/3gpp");
  CHECK_FALSE(sniff_media(ftyp("qt  "), "movie.mov"));
}

TEST_CASE("file names are kept only as a harmless last part") {
  CHECK(baton::clean_file_name("C:\\Users\\me\\box.png") == "box.png");
  CHECK(baton::clean_file_name("../../etc/passwd") == "passwd");
  CHECK(baton::clean_file_name("a\"b\r\n.pdf") == "ab.pdf");
  CHECK(baton::clean_file_name("..") == "");
  CHECK(baton::clean_file_name("\xFF\xFE.pdf") == "");
  auto long_name = baton::clean_file_name(std::string(200, 'x') + ".pdf");
  CHECK(long_name.size() == 120);
  auto accents = baton::clean_file_name(std::string(119, 'x') + "\xC3\xA9.pdf");
  CHECK(accents.size() <= 120);
  CHECK(accents == std::string(119, 'x'));
}

TEST_CASE("sizes read as people read them") {
  CHECK(baton::readable_size(1) == "1 byte");
  CHECK(baton::readable_size(900) == "900 bytes");
  CHECK(baton::readable_size(1536) == "1.5 KB");
  CHECK(baton::readable_size(5 * 1024 * 1024) == "5 MB");
  CHECK(baton::readable_size(16 * 1024 * 1024 + 300 * 1024) == "16 MB");
  CHECK(baton::readable_size(3 * 1024 * 1024 + 200 * 1024) == "3.2 MB");
}

TEST_CASE("a file may go without words, its caption at most 1,000 characters") {
  CHECK(baton::check_visitor_text("", true) == std::nullopt);
  CHECK(baton::check_visitor_text("", false) == baton::TextProblem::empty);
  CHECK(baton::check_visitor_text(std::string(1000, 'a'), true) == std::nullopt);
  CHECK(baton::check_visitor_text(std::string(1001, 'a'), true) == baton::TextProblem::too_long);
  CHECK(baton::check_visitor_text(std::string(1001, 'a'), false) == std::nullopt);
  CHECK(baton::check_visitor_text("a\x01", true) == baton::TextProblem::control_character);
}

TEST_CASE("percent-decoding reads what percent-encoding wrote, and refuses a broken escape") {
  CHECK(baton::percent_decode(baton::percent_encode("Fatura março.pdf")) == "Fatura março.pdf");
  CHECK(baton::percent_decode("a%2Fb") == "a/b");
  CHECK(baton::percent_decode("plain") == "plain");
  CHECK_FALSE(baton::percent_decode("100%"));
  CHECK_FALSE(baton::percent_decode("%4"));
  CHECK_FALSE(baton::percent_decode("%zz"));
}
