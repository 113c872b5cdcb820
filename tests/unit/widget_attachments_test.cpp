// Files in the widget (docs/attachments.md): the check before an upload, the
// chosen file above the text box, the upload and the message that carries it
// (queued, sent and retried like text), and files shown in the log.

#include <doctest/doctest.h>

#include "client/core/file_check.hpp"
#include "client/core/json_text.hpp"
#include "client/core/stored_state.hpp"
#include "client/core/widget_app.hpp"
#include "common/protocol/binary_codec.hpp"
#include "tests/support/fake_dom.hpp"
#include "tests/support/fake_platform.hpp"

using namespace baton;
using namespace baton::client;
using baton::test::FakeDom;
using baton::test::FakePlatform;

namespace {

const std::string png_head = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(56, '\0');
const std::string pdf_head = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
constexpr std::uint64_t mb = 1024 * 1024;

struct Tab {
  explicit Tab(std::shared_ptr<std::map<std::string, std::string>> storage = nullptr, std::string lang = "en")
      : platform(storage ? storage : std::make_shared<std::map<std::string, std::string>>()), app(platform, dom) {
    app.start(PageInfo{"https://shop.example/", "Shop", "", "en-US", "Europe/Lisbon", "UA", {"en-US"}, {}}, lang);
  }

  void relay(const ServerFrame& frame) { app.dispatch(action::SocketData{encode_binary(frame)}); }

  // Files go to a person: by default, an agent has the chat.
  void open_and_connect(SessionState state = SessionState::live) {
    app.dispatch(action::Open{});
    if (!app.model().stored.session) {
      app.dispatch(
          action::HttpDone{HttpPurpose::create_session, 201, R"({"session_id":"s_1","token":"tok","code":"K7P2QX"})"});
    }
    app.dispatch(action::SocketOpened{});
    relay(Welcome{"s_1", "K7P2QX", state, state == SessionState::bot ? "" : "Ana", 1, {}});
  }

  std::vector<SendText> sent() {
    std::vector<SendText> out;
    for (const auto& bytes : platform.sent) {
      auto frame = decode_client_frame(bytes);
      if (frame && std::holds_alternative<SendText>(*frame)) out.push_back(std::get<SendText>(*frame));
    }
    return out;
  }

  void choose(int handle, std::string name, std::uint64_t size, std::string head) {
    app.dispatch(
        action::ChooseFile{handle, std::move(name), size, std::move(head), "blob:preview-" + std::to_string(handle)});
  }

  client::Node input() { return *dom.find("aria-label", "Message"); }

  void type_and_send(const std::string& text) {
    dom.set_value(input(), text);
    app.dom_event(input(), DomEvent::enter);
  }

  void click(client::Node node) { app.dom_event(node, DomEvent::click); }

  void uploaded(std::string id, std::string kind, std::string name, std::uint64_t size) {
    app.dispatch(action::HttpDone{HttpPurpose::upload, 201,
                                  R"({"attachment":{"id":")" + id + R"(","kind":")" + kind +
                                      R"(","mime":"x/y","name":")" + name + R"(","size":)" + std::to_string(size) +
                                      "}}"});
  }

  std::string error_line() {
    auto alert = dom.find("role", "alert");
    return alert ? dom.text_of(*alert) : std::string();
  }

  FakeDom dom;
  FakePlatform platform;
  WidgetApp app;
};

Attachment file(std::string id, AttachmentKind kind, std::string name, std::uint64_t size) {
  return Attachment{std::move(id), kind, "x/y", std::move(name), size};
}

Message carrying(Author author, std::uint64_t seq, Attachment attachment, std::string caption = {},
                 std::string cid = {}) {
  Message m;
  m.seq = seq;
  m.id = "m_" + std::to_string(seq);
  m.cid = std::move(cid);
  m.author = author;
  m.author_name = author == Author::agent ? "Ana" : "";
  m.kind = MessageKind::media;
  m.text = std::move(caption);
  m.attachment = std::move(attachment);
  return m;
}

}  // namespace

TEST_CASE("widget attachments: a file is checked by its first bytes, its type and its size, as the relay checks it") {
  std::string refusal;
  auto png = check_file(Lang::en, png_head, "box.png", 48 * 1024, refusal);
  REQUIRE(png);
  CHECK(png->kind == AttachmentKind::image);
  CHECK(refusal.empty());
  CHECK(check_file(Lang::en, pdf_head, "terms.pdf", 3 * mb, refusal)->kind == AttachmentKind::document);
  CHECK(check_file(Lang::en, "hello there\n", "notes.txt", 12, refusal)->mime == "text/plain");

  auto refused = [&](std::string_view head, std::string_view name, std::uint64_t size) {
    refusal.clear();
    return !check_file(Lang::en, head, name, size, refusal) ? refusal : std::string("accepted");
  };
  auto accepted_types = std::string(
      "This file can't be sent. You can send JPEG or PNG pictures, PDF, Word, Excel, "
      "PowerPoint or text files, audio, and MP4 videos.");
  CHECK(refused("GIF89a\x01\x00\x01\x00", "dance.gif", 40) == accepted_types);
  CHECK(refused("MZ\x90\x00", "setup.exe", 4096) == accepted_types);
  CHECK(refused("MZ\x90\x00", "photo.png", 4096) == accepted_types);                 // a name does not make a type
  CHECK(refused("RIFF\x10\x00\x00\x00WEBPVP8 ", "s.webp", 9000) == accepted_types);  // stickers come from WhatsApp only
  CHECK(refused("PK\x03\x04", "archive.zip", 100) == accepted_types);
  CHECK(refused("", "empty.png", 0) == accepted_types);
  // Each type's limit: WhatsApp's, under the relay's 16 MB.
  CHECK(refused(png_head, "big.png", 5 * mb + 1) == "This file is too large to send: the limit for it is 5 MB.");
  CHECK(refused(png_head, "big.png", 5 * mb) == "accepted");
  CHECK(refused(pdf_head, "big.pdf", 16 * mb + 1) == "This file is too large to send: the limit for it is 16 MB.");
  // In the visitor's language.
  CHECK(check_file(Lang::es, png_head, "big.png", 6 * mb, refusal) == std::nullopt);
  CHECK(refusal == "Este archivo es demasiado grande: el límite para este tipo es 5 MB.");
}

TEST_CASE("widget attachments: a queued message keeps its file in the browser's storage") {
  std::vector<QueuedMessage> outbox{{"c_1", "the box", 1000, file("a_1", AttachmentKind::image, "box.png", 48211)},
                                    {"c_2", "plain", 2000, {}}};
  auto text = outbox_to_json(outbox);
  CHECK(text.find(R"("file":{"id":"a_1","kind":"image","mime":"x/y","name":"box.png","size":48211})") !=
        std::string::npos);
  CHECK(text.find(R"("cid":"c_2","text":"plain","typed":2000})") != std::string::npos);
  CHECK(outbox_from_json(text) == outbox);
  // What the relay answers an upload with; anything else is no file.
  auto answer = json::parse_object(R"({"attachment":{"id":"a_2","kind":"document","mime":"application/pdf",)"
                                   R"("name":"terms.pdf","size":1234}})");
  REQUIRE(answer);
  CHECK(json::attachment_at(*answer, "attachment") ==
        Attachment{"a_2", AttachmentKind::document, "application/pdf", "terms.pdf", 1234});
  auto odd = json::parse_object(R"({"attachment":{"id":"a_3","kind":"hologram","size":1}})");
  CHECK(json::attachment_at(*odd, "attachment").empty());
  CHECK(json::attachment_at(*odd, "missing").empty());
}

TEST_CASE("widget attachments: choose, preview, caption, upload with progress, then the message with the file") {
  Tab tab;
  tab.open_and_connect();
  auto attach = tab.dom.find("aria-label", "Attach a file");
  REQUIRE(attach);
  tab.click(*attach);
  REQUIRE(tab.dom.picker_opened >= 0);
  CHECK(tab.dom.at(tab.dom.picker_opened).attributes["type"] == "file");

  tab.choose(1, "box.png", 48211, png_head);
  // A preview from the browser's own copy, the size, and a way to take it back.
  auto thumb = tab.dom.find("alt", "box.png");
  REQUIRE(thumb);
  CHECK(tab.dom.at(*thumb).attributes["src"] == "blob:preview-1");
  CHECK(tab.dom.find_tag_with_text("span", "47 KB"));
  CHECK(tab.dom.find("aria-label", "Remove the file"));
  CHECK(tab.dom.focused == tab.input());

  tab.type_and_send("The box arrived like this");
  REQUIRE(tab.platform.uploads.size() == 1);
  CHECK(tab.platform.uploads[0].path == "/v1/sessions/s_1/attachments");
  CHECK(tab.platform.uploads[0].bearer == "tok");
  CHECK(tab.platform.uploads[0].body == "1");
  CHECK(tab.sent().empty());
  // The caption stays in the box until the file is sent; Send again does nothing meanwhile.
  CHECK(tab.dom.value(tab.input()) == "The box arrived like this");
  tab.type_and_send("The box arrived like this");
  CHECK(tab.platform.uploads.size() == 1);
  tab.app.dispatch(action::UploadProgress{24000});
  auto progress = tab.dom.find("aria-label", "Sending the file…");
  REQUIRE(progress);
  CHECK(tab.dom.at(*progress).attributes["value"] == "49");

  tab.uploaded("a_1", "image", "box.png", 48211);
  auto sent = tab.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].text == "The box arrived like this");
  CHECK(sent[0].attachment_id == "a_1");
  CHECK(tab.dom.value(tab.input()).empty());
  CHECK_FALSE(tab.dom.find("aria-label", "Remove the file"));
  CHECK(tab.platform.storage()->at("baton.outbox").find(R"("id":"a_1")") != std::string::npos);
  // Queued, it shows the picture already (the glue keeps the visitor's own copy under its path).
  auto picture = tab.dom.find("aria-label", "Enlarge box.png");
  REQUIRE(picture);
  REQUIRE(tab.dom.files_shown.size() == 1);
  CHECK(tab.dom.files_shown[0].path == "/v1/sessions/s_1/attachments/a_1");
  CHECK(tab.dom.files_shown[0].bearer == "tok");
  CHECK(tab.dom.files_shown[0].attribute == "src");

  // Stored, acknowledged, delivered: the same picture element all along.
  tab.relay(carrying(Author::visitor, 2, file("a_1", AttachmentKind::image, "box.png", 48211),
                     "The box arrived like this", sent[0].cid));
  tab.relay(Ack{sent[0].cid, "m_2", 2});
  tab.relay(StatusChange{3, "m_2", MessageStatus::delivered, 0});
  CHECK(tab.dom.find("aria-label", "Delivered"));
  CHECK(tab.dom.find("aria-label", "Enlarge box.png") == picture);
  CHECK(tab.dom.files_shown.size() == 1);
  CHECK(tab.platform.storage()->at("baton.outbox") == "[]");
}

TEST_CASE("widget attachments: a file goes without a caption, and a caption over WhatsApp's length is refused") {
  Tab tab;
  tab.open_and_connect();
  tab.choose(1, "terms.pdf", 1200, pdf_head);
  tab.type_and_send(std::string(1001, 'x'));
  CHECK(tab.platform.uploads.empty());
  CHECK(tab.error_line() == "That message is too long.");
  tab.type_and_send("  \n");
  REQUIRE(tab.platform.uploads.size() == 1);
  tab.uploaded("a_2", "document", "terms.pdf", 1200);
  REQUIRE(tab.sent().size() == 1);
  CHECK(tab.sent()[0].text.empty());
  CHECK(tab.sent()[0].attachment_id == "a_2");
  // Without a file, a blank message is still nothing.
  tab.type_and_send("   ");
  CHECK(tab.sent().size() == 1);
}

TEST_CASE("widget attachments: a refused file is said at once, and leaves a file already chosen in place") {
  Tab tab;
  tab.open_and_connect();
  tab.choose(1, "dance.gif", 40, "GIF89a");
  CHECK(tab.error_line().starts_with("This file can't be sent. You can send JPEG or PNG pictures"));
  CHECK_FALSE(tab.dom.find("aria-label", "Remove the file"));
  tab.choose(2, "box.png", 100, png_head);
  CHECK(tab.error_line().empty());
  tab.choose(3, "huge.png", 6 * mb, png_head);
  CHECK(tab.error_line() == "This file is too large to send: the limit for it is 5 MB.");
  CHECK(tab.dom.find("alt", "box.png"));
  tab.type_and_send("");
  REQUIRE(tab.platform.uploads.size() == 1);
  CHECK(tab.platform.uploads[0].body == "2");
  // While it goes up, another file waits its turn: it is not even checked.
  tab.choose(4, "dance.gif", 40, "GIF89a");
  CHECK(tab.error_line().empty());
  CHECK(tab.dom.find("alt", "box.png"));
  // Removing it takes it away, and the sentence with it; an upload under
  // way is forgotten.
  tab.click(*tab.dom.find("aria-label", "Remove the file"));
  CHECK_FALSE(tab.dom.find("alt", "box.png"));
  tab.uploaded("a_1", "image", "box.png", 100);
  CHECK(tab.sent().empty());
  tab.choose(5, "dance.gif", 40, "GIF89a");
  CHECK_FALSE(tab.error_line().empty());
  tab.choose(6, "other.png", 100, png_head);
  tab.click(*tab.dom.find("aria-label", "Remove the file"));
  CHECK_FALSE(tab.dom.find("alt", "other.png"));
  CHECK(tab.error_line().empty());
  // Every file refused, passed over or taken back is let go (its upload
  // stopped), in that order; none is kept by the browser for nothing.
  CHECK(tab.platform.forgotten_files == std::vector<int>{1, 3, 4, 2, 5, 6});
}

TEST_CASE("widget attachments: a failed upload says why and keeps the file and the caption for another try") {
  Tab tab;
  tab.open_and_connect();
  tab.choose(1, "box.png", 100, png_head);
  tab.type_and_send("look");
  tab.app.dispatch(action::HttpDone{
      HttpPurpose::upload, 413,
      R"({"error":{"code":"attachment_quota","message":"This chat has already sent 50 MB of files."}})"});
  CHECK(tab.error_line() == "This chat has already sent 50 MB of files.");
  CHECK(tab.dom.find("alt", "box.png"));
  CHECK(tab.dom.value(tab.input()) == "look");
  CHECK(tab.sent().empty());
  // No answer at all: the widget's own words.
  tab.type_and_send("look");
  REQUIRE(tab.platform.uploads.size() == 2);
  tab.app.dispatch(action::HttpDone{HttpPurpose::upload, 0, ""});
  CHECK(tab.error_line() == "The file could not be sent. Check your connection and try again.");
  tab.type_and_send("look");
  REQUIRE(tab.platform.uploads.size() == 3);
  CHECK(tab.error_line().empty());
  tab.uploaded("a_1", "image", "box.png", 100);
  CHECK(tab.sent().size() == 1);
  // An answer for an upload taken back is ignored.
  tab.choose(2, "again.png", 100, png_head);
  tab.app.dispatch(
      action::HttpDone{HttpPurpose::upload, 201, R"({"attachment":{"id":"a_9","kind":"image","size":1}})"});
  CHECK(tab.sent().size() == 1);
  CHECK(tab.dom.find("alt", "again.png"));
  // The file that was sent keeps its bytes: the log shows it from them.
  CHECK(tab.platform.forgotten_files.empty());
}

TEST_CASE("widget attachments: files are for a person: no paperclip while the assistant has the chat") {
  Tab tab;
  tab.open_and_connect(SessionState::bot);
  CHECK_FALSE(tab.dom.find("aria-label", "Attach a file"));
  // Dropped or pasted all the same: said, not sent.
  tab.choose(1, "box.png", 100, png_head);
  CHECK(tab.error_line() == "Files can be sent once a person has joined the chat. Ask for a live agent first.");
  CHECK_FALSE(tab.dom.find("alt", "box.png"));
  tab.relay(StateChange{SessionState::waiting, "Ana", {}});
  CHECK(tab.dom.find("aria-label", "Attach a file"));
  tab.choose(2, "box.png", 100, png_head);
  CHECK(tab.dom.find("alt", "box.png"));
  // Once the chat has ended, nobody reads them.
  tab.relay(StateChange{SessionState::ended, "Ana", {}});
  CHECK_FALSE(tab.dom.find("aria-label", "Attach a file"));
}

TEST_CASE("widget attachments: an uploaded file's message sent offline is kept, and goes once the stream is back") {
  auto storage = std::make_shared<std::map<std::string, std::string>>();
  {
    Tab tab(storage);
    tab.open_and_connect();
    tab.choose(1, "box.png", 100, png_head);
    tab.type_and_send("caption");
    tab.app.dispatch(action::Network{false});
    tab.uploaded("a_1", "image", "box.png", 100);
    CHECK(tab.sent().empty());
    CHECK(tab.dom.find("aria-label", "Waiting to send"));
    CHECK(tab.dom.find("aria-label", "Enlarge box.png"));
  }
  Tab reloaded(storage);
  reloaded.app.dispatch(action::Open{});
  CHECK(reloaded.dom.find("aria-label", "Enlarge box.png"));
  reloaded.app.dispatch(action::SocketOpened{});
  reloaded.relay(Welcome{"s_1", "K7P2QX", SessionState::live, "Ana", 1, {}});
  auto sent = reloaded.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].attachment_id == "a_1");
  CHECK(sent[0].text == "caption");
  // An id the relay does not know as this chat's can never go.
  reloaded.relay(ErrorFrame{"invalid_attachment", "no", sent[0].cid});
  CHECK(reloaded.dom.find("aria-label", "Not delivered"));
  CHECK(reloaded.platform.storage()->at("baton.outbox") == "[]");
}

TEST_CASE("widget attachments: files from the agent show inline, as players, or as a card, captions as text") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(carrying(Author::agent, 2, file("a_1", AttachmentKind::image, "photo.jpg", 90000), "<b>this one</b>"));
  tab.relay(carrying(Author::agent, 3, file("a_2", AttachmentKind::audio, "voice.ogg", 9000)));
  tab.relay(carrying(Author::agent, 4, file("a_3", AttachmentKind::video, "clip.mp4", 2 * mb)));
  tab.relay(carrying(Author::agent, 5, file("a_4", AttachmentKind::document, "report.pdf", 1258291), "the report"));
  tab.relay(carrying(Author::agent, 6, file("a_5", AttachmentKind::sticker, "", 20000)));

  auto photo = tab.dom.find("aria-label", "Enlarge photo.jpg");
  REQUIRE(photo);
  CHECK(tab.dom.at(*photo).tag == "button");
  auto image = tab.dom.at(*photo).children.at(0);
  CHECK(tab.dom.at(image).tag == "img");
  CHECK(tab.dom.at(image).attributes["src"] == "blob:/v1/sessions/s_1/attachments/a_1");
  auto log = tab.dom.find("role", "log");
  CHECK(tab.dom.text_of(*log).find("<b>this one</b>") != std::string::npos);
  CHECK(tab.dom.all_with_tag("b").empty());

  auto voice = tab.dom.find("aria-label", "voice.ogg");
  REQUIRE(voice);
  CHECK(tab.dom.at(*voice).tag == "audio");
  CHECK(tab.dom.at(*voice).attributes.contains("controls"));
  auto clip = tab.dom.find("aria-label", "clip.mp4");
  REQUIRE(clip);
  CHECK(tab.dom.at(*clip).tag == "video");
  CHECK(tab.dom.at(*clip).attributes["src"] == "blob:/v1/sessions/s_1/attachments/a_3");

  auto download = tab.dom.find("aria-label", "Download report.pdf");
  REQUIRE(download);
  CHECK(tab.dom.at(*download).tag == "a");
  CHECK(tab.dom.at(*download).attributes["download"] == "report.pdf");
  CHECK(tab.dom.at(*download).attributes["href"] == "blob:/v1/sessions/s_1/attachments/a_4");
  CHECK(tab.dom.find_tag_with_text("span", "1.2 MB"));
  CHECK(tab.dom.find_tag_with_text("p", "the report"));
  // A sticker without a name is still named.
  CHECK(tab.dom.find("aria-label", "Enlarge picture"));
  // The token only ever travels as the bearer of a fetch, never in an attribute.
  for (const auto& shown : tab.dom.files_shown) CHECK(shown.bearer == "tok");
  for (auto node : tab.dom.all_with_tag("img")) {
    for (const auto& [name, value] : tab.dom.at(node).attributes) CHECK(value.find("tok") == std::string::npos);
  }
}

TEST_CASE("widget attachments: a picture opens larger, Escape closes it, and the focus goes back") {
  Tab tab;
  tab.open_and_connect();
  tab.relay(carrying(Author::agent, 2, file("a_1", AttachmentKind::image, "photo.jpg", 90000)));
  auto photo = *tab.dom.find("aria-label", "Enlarge photo.jpg");
  tab.click(photo);
  auto viewer = tab.dom.find("aria-label", "photo.jpg");
  REQUIRE(viewer);
  CHECK(tab.dom.at(*viewer).attributes["role"] == "dialog");
  CHECK(tab.dom.focused == *tab.dom.find("aria-label", "Close the picture"));
  CHECK(tab.dom.files_shown.back().path == "/v1/sessions/s_1/attachments/a_1");
  tab.app.dom_event(*viewer, DomEvent::escape);
  CHECK_FALSE(tab.dom.find("aria-label", "photo.jpg"));
  CHECK(tab.dom.focused == photo);
  CHECK(tab.app.model().open);
  // A click anywhere on it closes it too.
  tab.click(photo);
  tab.click(*tab.dom.find("aria-label", "photo.jpg"));
  CHECK_FALSE(tab.dom.find("aria-label", "photo.jpg"));
}

TEST_CASE("widget attachments: the attach button and the sentences in the visitor's language") {
  for (auto language : {Lang::es, Lang::pt, Lang::fr, Lang::de, Lang::ar}) {
    REQUIRE(take_texts_file(texts_file(language)));
    for (auto which : {Text::attach_file, Text::remove_file, Text::file_refused, Text::upload_failed, Text::uploading,
                       Text::download, Text::picture, Text::close_picture}) {
      CHECK_FALSE(text(language, which).empty());
      CHECK(text(language, which) != text(Lang::en, which));
    }
    CHECK(text(language, Text::file_too_large).find("{size}") != std::string::npos);
    CHECK(text(language, Text::enlarge).find("{name}") != std::string::npos);
    // The refusal names what is accepted, whatever the language.
    auto refused = std::string(text(language, Text::file_refused));
    CHECK(refused.find("JPEG") != std::string::npos);
    CHECK(refused.find("PDF") != std::string::npos);
  }
  Tab tab(nullptr, "de");
  tab.open_and_connect();
  CHECK(tab.dom.find("aria-label", "Datei anhängen"));
}
