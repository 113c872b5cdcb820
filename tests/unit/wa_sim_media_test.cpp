// wa-sim's media, in process: the multipart parser, the media store and its
// expiring URLs, and the Graph and /sim/ endpoints that upload, describe,
// download, delete, send and receive files (docs/wa-sim.md, "Media").

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "relay/core/crypto.hpp"
#include "relay/http/target.hpp"
#include "tests/support/seeded_random.hpp"
#include "tools/wa-sim/control_api.hpp"
#include "tools/wa-sim/graph_api.hpp"
#include "tools/wa-sim/media_rules.hpp"
#include "tools/wa-sim/media_store.hpp"
#include "tools/wa-sim/multipart_form.hpp"
#include "tools/wa-sim/sim_state.hpp"

namespace {

namespace http = boost::beast::http;
using baton::sim::FormPart;
using boost::json::object;

const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(200, '\x07');
const std::string pdf = "%PDF-1.4\n" + std::string(100, 'x');
const std::string token = "sim-access-token";

struct Upload {
  std::string name;
  std::string value;
  std::string filename;  // empty: a plain field
  std::string content_type;
};

std::string form_body(const std::vector<Upload>& parts, const std::string& boundary = "XyZ-boundary") {
  std::string body;
  for (const auto& p : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
    body += "\r\n";
    if (!p.content_type.empty()) body += "Content-Type: " + p.content_type + "\r\n";
    body += "\r\n" + p.value + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

std::string upload_body(const std::string& mime, const std::string& bytes, const std::string& filename = "f.bin") {
  return form_body(
      {{"messaging_product", "whatsapp", "", ""}, {"type", mime, "", ""}, {"file", bytes, filename, mime}});
}

// A simulator whose loop never runs: webhooks and statuses are queued, not sent.
struct Sim {
  Sim() {
    options.webhook_url = "http://127.0.0.1:9/webhooks/whatsapp";
    options.app_secret = "secret";
    options.templates = baton::sim::TemplateRegistry::parse("baton_reconnect:en:1");
    state = std::make_unique<baton::sim::SimState>(io.get_executor(), options);
    state->graph_authority = "127.0.0.1:4443";
    graph = std::make_unique<baton::sim::GraphApi>(*state);
    control = std::make_unique<baton::sim::ControlApi>(*state);
  }

  baton::Response call(http::verb method, const std::string& target, const std::string& body = "",
                       const std::string& content_type = "", bool with_token = true) {
    baton::Request request{method, target, 11};
    request.set(http::field::host, "127.0.0.1:4443");
    if (with_token) request.set(http::field::authorization, "Bearer " + token);
    if (!content_type.empty()) request.set(http::field::content_type, content_type);
    request.body() = body;
    request.prepare_payload();
    auto parsed = baton::Target::parse(target);
    REQUIRE(parsed);
    if (parsed->segments.size() == 3 && parsed->segments[1] == "media-download") {
      return graph->download(request, parsed->segments[2]).response;
    }
    if (!parsed->segments.empty() && parsed->segments[0] == "sim") {
      auto answer = control->handle(request, *parsed);
      REQUIRE(answer);
      return *answer;
    }
    return graph->handle(request, *parsed).response;
  }

  baton::Response upload(const std::string& mime, const std::string& bytes, const std::string& filename = "f.bin") {
    return call(http::verb::post, "/v23.0/100000000000001/media", upload_body(mime, bytes, filename),
                "multipart/form-data; boundary=XyZ-boundary");
  }

  std::string uploaded(const std::string& mime, const std::string& bytes, const std::string& filename = "f.bin") {
    auto answer = upload(mime, bytes, filename);
    REQUIRE(answer.result_int() == 200);
    return std::string(boost::json::parse(answer.body()).at("id").as_string());
  }

  baton::Response send(const std::string& json) {
    return call(http::verb::post, "/v23.0/100000000000001/messages", json, "application/json");
  }

  boost::asio::io_context io;
  baton::sim::SimOptions options;
  std::unique_ptr<baton::sim::SimState> state;
  std::unique_ptr<baton::sim::GraphApi> graph;
  std::unique_ptr<baton::sim::ControlApi> control;
};

std::string text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.get_string()) : "(not a string)";
}

object error_of(const baton::Response& response) { return boost::json::parse(response.body()).at("error").as_object(); }

std::string send_json(const std::string& type, const std::string& media) {
  return R"({"messaging_product":"whatsapp","to":"+15551230001","type":")" + type + R"(",")" + type + R"(":)" + media +
         "}";
}

}  // namespace

TEST_CASE("wa-sim media: the multipart parser reads what clients send") {
  auto body = "preamble to ignore\r\n" + form_body({{"messaging_product", "whatsapp", "", ""},
                                                    {"type", "image/png", "", ""},
                                                    {"file", png, "box.png", "image/png"}},
                                                   "b=1");
  auto parsed = baton::sim::parse_form(R"(multipart/form-data; charset=utf-8; boundary="b=1")", body);
  REQUIRE(std::holds_alternative<std::vector<FormPart>>(parsed));
  const auto& parts = std::get<std::vector<FormPart>>(parsed);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].name == "messaging_product");
  CHECK(parts[0].data == "whatsapp");
  CHECK_FALSE(parts[0].filename);
  const auto* file = baton::sim::find_part(parts, "file");
  REQUIRE(file);
  CHECK(file->filename == "box.png");
  CHECK(file->content_type == "image/png");
  CHECK(file->data == png);

  // RFC 5987 names win over the plain one; a part may be empty.
  std::string utf8 =
      "--B\r\ncontent-disposition: form-data; name=\"file\"; filename=\"x.pdf\"; "
      "filename*=UTF-8''caf%C3%A9.pdf\r\n\r\n\r\n--B--";
  auto named = baton::sim::parse_form("Multipart/Form-Data; Boundary=B", utf8);
  REQUIRE(std::holds_alternative<std::vector<FormPart>>(named));
  CHECK(std::get<std::vector<FormPart>>(named)[0].filename == "café.pdf");
  CHECK(std::get<std::vector<FormPart>>(named)[0].data.empty());
}

TEST_CASE("wa-sim media: malformed multipart bodies are errors, never crashes") {
  auto error = [](std::string_view content_type, std::string_view body) {
    auto parsed = baton::sim::parse_form(content_type, body);
    return std::holds_alternative<std::string>(parsed);
  };
  std::string good = form_body({{"type", "image/png", "", ""}, {"file", png, "a.png", "image/png"}}, "Q");
  CHECK(error("application/json", good));
  CHECK(error("multipart/form-data", good));                // no boundary
  CHECK(error("multipart/form-data; boundary=\"Q", good));  // unterminated quote
  CHECK(error("multipart/form-data; boundary=" + std::string(71, 'Q'), good));
  CHECK(error("multipart/form-data; boundary=Z", good));                             // not in the body
  CHECK(error("multipart/form-data; boundary=Q", good.substr(0, good.size() - 8)));  // no closing boundary
  CHECK(error("multipart/form-data; boundary=Q", "--Q\r\nContent-Type: text/plain\r\n\r\nx\r\n--Q--"));
  CHECK(
      error("multipart/form-data; boundary=Q", "--Q\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--Q--"));
  CHECK(error("multipart/form-data; boundary=Q", "--Q\r\nContent-Disposition: form-data\r\n\r\nx\r\n--Q--"));
  CHECK(error("multipart/form-data; boundary=Q", "--Q\r\nno colon here\r\n\r\nx\r\n--Q--"));
  CHECK(error("multipart/form-data; boundary=Q", "--Qjunk"));
  std::string many;
  for (int i = 0; i < 65; ++i) many += "--Q\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nv\r\n";
  CHECK(error("multipart/form-data; boundary=Q", many + "--Q--"));

  // Every prefix and a run of byte flips: an answer each time, no crash.
  for (std::size_t cut = 0; cut <= good.size(); ++cut) {
    (void)baton::sim::parse_form("multipart/form-data; boundary=Q", std::string_view(good).substr(0, cut));
  }
  baton::test::SeededRandom random(7);
  for (int round = 0; round < 2000; ++round) {
    auto mutated = good;
    std::array<std::uint8_t, 4> bytes{};
    random.fill(bytes);
    mutated[(bytes[0] * 256u + bytes[1]) % mutated.size()] = static_cast<char>(bytes[2]);
    if (bytes[3] % 4 == 0) mutated.resize((bytes[3] * 7u) % mutated.size());
    (void)baton::sim::parse_form("multipart/form-data; boundary=Q", mutated);
  }
}

TEST_CASE("wa-sim media: WhatsApp's types, limits and sniffing") {
  REQUIRE(baton::sim::upload_type("Image/PNG; x=y"));
  CHECK(baton::sim::upload_type("image/png")->limit == 5u * 1024 * 1024);
  CHECK(baton::sim::upload_type("image/webp")->limit == 500u * 1024);
  CHECK(baton::sim::upload_type("audio/ogg")->limit == 16u * 1024 * 1024);
  CHECK(baton::sim::upload_type("application/pdf")->limit == 100u * 1024 * 1024);
  CHECK_FALSE(baton::sim::upload_type("image/gif"));
  CHECK(baton::sim::upload_types_text().starts_with("audio/aac, audio/mp4, audio/mpeg"));
  CHECK_FALSE(baton::sim::content_mismatch(png, *baton::sim::upload_type("image/png")));
  CHECK(baton::sim::content_mismatch(pdf, *baton::sim::upload_type("image/png")) == "application/pdf");
  CHECK(baton::sim::content_mismatch("GIF89a....", *baton::sim::upload_type("image/png")) ==
        "no type WhatsApp accepts");
  CHECK(baton::sim::sendable_as("image/png", "image"));
  CHECK(baton::sim::sendable_as("image/png", "document"));
  CHECK_FALSE(baton::sim::sendable_as("application/pdf", "image"));
  CHECK_FALSE(baton::sim::sendable_as("image/png", "sticker"));
  CHECK(baton::sim::sendable_as("image/webp", "sticker"));
}

TEST_CASE("wa-sim media: stored files and their download URLs expire") {
  baton::test::SeededRandom random;
  baton::sim::MediaStore store(random, 300000);
  const auto& media = store.add(png, "image/png", "box.png", 1000);
  CHECK(media.id.size() == 16);
  CHECK(media.size() == png.size());
  CHECK(media.sha256 == baton::crypto::sha256(png));
  auto url = store.issue_url(media.id, 1000);
  CHECK(store.redeem(url, 1000 + 299999) == &media);
  CHECK_FALSE(store.redeem(url, 1000 + 300000));
  CHECK_FALSE(store.redeem("made-up", 1000));
  auto again = store.issue_url(media.id, 2000);
  CHECK(again != url);
  CHECK(store.remove(media.id));
  CHECK_FALSE(store.remove(media.id));
  CHECK_FALSE(store.find(media.id));
  CHECK(store.find_kept(media.id));  // still on the phone that received it
  CHECK_FALSE(store.redeem(again, 2000));
  // `media` is the store's own entry: keep its id before a reset frees it.
  auto id = media.id;
  store.reset();
  CHECK_FALSE(store.find_kept(id));
}

TEST_CASE("wa-sim media: upload, describe, download and delete through the Graph API") {
  Sim sim;
  auto id = sim.uploaded("image/png", png, "box.png");

  auto described = sim.call(http::verb::get, "/v23.0/" + id);
  REQUIRE(described.result_int() == 200);
  auto info = boost::json::parse(described.body()).as_object();
  CHECK(info.at("messaging_product") == "whatsapp");
  CHECK(info.at("mime_type") == "image/png");
  CHECK(text(info.at("sha256")) == baton::crypto::to_hex(baton::crypto::sha256(png)));
  CHECK(info.at("file_size") == png.size());
  CHECK(text(info.at("id")) == id);
  std::string url(info.at("url").as_string());
  std::string prefix = "http://127.0.0.1:4443/sim/media-download/";
  REQUIRE(url.starts_with(prefix));
  auto path = url.substr(std::string("http://127.0.0.1:4443").size());

  auto bytes = sim.call(http::verb::get, path);
  CHECK(bytes.result_int() == 200);
  CHECK(bytes.body() == png);
  CHECK(bytes[http::field::content_type] == "image/png");
  CHECK(sim.call(http::verb::get, path, "", "", false).result_int() == 401);

  // Faults: a failing media host, then an expired URL.
  sim.state->faults.add(boost::json::parse(R"({"rules":[{"kind":"media_download"},{"kind":"media_expired"}]})"));
  CHECK(sim.call(http::verb::get, path).result_int() == 500);
  CHECK(sim.call(http::verb::get, path).result_int() == 404);
  CHECK(sim.call(http::verb::get, path).result_int() == 200);
  CHECK(sim.call(http::verb::get, "/sim/media-download/nonsense").result_int() == 404);

  auto deleted = sim.call(http::verb::delete_, "/v23.0/" + id);
  CHECK(deleted.result_int() == 200);
  CHECK(boost::json::parse(deleted.body()) == boost::json::parse(R"({"success":true})"));
  auto gone = sim.call(http::verb::get, "/v23.0/" + id);
  CHECK(gone.result_int() == 400);
  auto error = error_of(gone);
  CHECK(error.at("code") == 100);
  CHECK(error.at("error_subcode") == 33);
  CHECK(error.at("type") == "GraphMethodException");
  CHECK(std::string(error.at("message").as_string()).starts_with("Unsupported get request. Object with ID '" + id));
  CHECK(sim.call(http::verb::get, path).result_int() == 404);
  CHECK(sim.call(http::verb::delete_, "/v23.0/" + id).result_int() == 400);
  CHECK(sim.call(http::verb::get, "/v23.0/" + id, "", "", false).result_int() == 401);
}

TEST_CASE("wa-sim media: upload refusals in Meta's shape") {
  Sim sim;
  auto post = [&](const std::string& body, const std::string& type = "multipart/form-data; boundary=XyZ-boundary") {
    return sim.call(http::verb::post, "/v23.0/100000000000001/media", body, type);
  };
  auto code_of = [](const baton::Response& r) { return error_of(r).at("code").as_int64(); };

  auto not_form = post(R"({"messaging_product":"whatsapp"})", "application/json");
  CHECK(not_form.result_int() == 400);
  CHECK(code_of(not_form) == 100);
  auto no_file = post(form_body({{"messaging_product", "whatsapp", "", ""}, {"type", "image/png", "", ""}}));
  CHECK(error_of(no_file).at("message") == "(#100) The parameter file is required.");
  auto no_product = post(form_body({{"type", "image/png", "", ""}, {"file", png, "a.png", "image/png"}}));
  CHECK(error_of(no_product).at("message") == "(#100) The parameter messaging_product is required.");

  auto gif = sim.upload("image/gif", "GIF89a......");
  CHECK(code_of(gif) == 100);
  CHECK(std::string(error_of(gif).at("message").as_string())
            .ends_with("video/mp4, video/3gpp. Received file of type 'image/gif'."));

  auto big = sim.upload("image/png", png + std::string(5 * 1024 * 1024, 'x'));
  CHECK(big.result_int() == 400);
  CHECK(code_of(big) == 131053);
  CHECK(error_of(big).at("message") == "(#131053) Media upload error");
  CHECK(std::string(error_of(big).at("error_data").at("details").as_string()).find("over the 5 MB limit") !=
        std::string::npos);
  auto big_sticker = sim.upload("image/webp",
                                std::string("RIFF\x10\x00\x00\x00WEBPVP8L", 16) + std::string(600 * 1024, 'x'));
  CHECK(code_of(big_sticker) == 131053);

  auto lying = sim.upload("image/png", pdf);
  CHECK(code_of(lying) == 131053);
  CHECK(error_of(lying).at("error_data").at("details") == "The file is not image/png: its bytes are application/pdf.");
  CHECK(code_of(sim.upload("image/png", "")) == 131053);

  sim.state->faults.add(boost::json::parse(R"({"kind":"media_upload","code":131016})"));
  auto faulted = sim.upload("image/png", png);
  CHECK(faulted.result_int() == 500);
  CHECK(code_of(faulted) == 131016);
  CHECK(sim.upload("image/png", png).result_int() == 200);

  auto wrong_number = sim.call(http::verb::post, "/v23.0/999/media", upload_body("image/png", png),
                               "multipart/form-data; boundary=XyZ-boundary");
  CHECK(error_of(wrong_number).at("error_subcode") == 33);
  auto no_token = sim.call(http::verb::post, "/v23.0/100000000000001/media", upload_body("image/png", png),
                           "multipart/form-data; boundary=XyZ-boundary", false);
  CHECK(no_token.result_int() == 401);
  CHECK(code_of(no_token) == 190);
}

TEST_CASE("wa-sim media: media messages by id or link, and their checks") {
  Sim sim;
  auto image = sim.uploaded("image/png", png, "box.png");
  auto document = sim.uploaded("application/pdf", pdf, "terms.pdf");

  CHECK(sim.send(send_json("image", R"({"id":")" + image + R"(","caption":"Our shop"})")).result_int() == 200);
  CHECK(sim.send(send_json("document", R"({"id":")" + document + R"("})")).result_int() == 200);
  CHECK(sim.send(send_json("document", R"({"id":")" + image + R"(","filename":"photo.png"})")).result_int() == 200);
  CHECK(sim.send(send_json("video", R"({"link":"https://example.com/v.mp4","caption":"Look"})")).result_int() == 200);

  auto sent = sim.state->messages.sent_json({});
  REQUIRE(sent.size() == 4);
  const auto& first = sent[0].as_object();
  CHECK(first.at("type") == "image");
  CHECK(first.at("body") == "Our shop");
  CHECK(text(first.at("media_id")) == image);
  CHECK(first.at("mime_type") == "image/png");
  CHECK(first.at("file_size") == png.size());
  CHECK(text(first.at("media_url")) == "/sim/media/" + image);
  CHECK_FALSE(first.contains("filename"));
  CHECK(sent[1].at("filename") == "terms.pdf");  // the upload's name when the send gives none
  CHECK(sent[2].at("filename") == "photo.png");
  CHECK(sent[3].at("link") == "https://example.com/v.mp4");
  CHECK_FALSE(sent[3].as_object().contains("media_url"));

  auto served = sim.call(http::verb::get, "/sim/media/" + image, "", "", false);
  CHECK(served.result_int() == 200);
  CHECK(served.body() == png);
  CHECK(served[http::field::content_disposition] == "inline; filename*=UTF-8''box.png");
  CHECK(served["Content-Security-Policy"] == "sandbox; default-src 'none'");
  CHECK(sim.call(http::verb::get, "/sim/media/" + document)[http::field::content_disposition] ==
        "attachment; filename*=UTF-8''terms.pdf");
  CHECK(sim.call(http::verb::get, "/sim/media/123").result_int() == 404);

  auto code_of = [&](const std::string& type, const std::string& media) {
    auto answer = sim.send(send_json(type, media));
    CHECK(answer.result_int() >= 400);
    return error_of(answer).at("code").as_int64();
  };
  CHECK(code_of("image", R"({"id":"1999999999999999"})") == 131009);
  CHECK(code_of("image", R"({"id":")" + document + R"("})") == 131053);
  CHECK(code_of("sticker", R"({"id":")" + image + R"("})") == 131053);
  CHECK(code_of("image", R"({"id":")" + image + R"(","caption":")" + std::string(1025, 'c') + R"("})") == 100);
  CHECK(sim.send(send_json("image", R"({"id":")" + image + R"(","caption":")" + std::string(1024, 'c') + R"("})"))
            .result_int() == 200);
  CHECK(code_of("audio", R"({"id":")" + image + R"(","caption":"no"})") == 100);
  CHECK(code_of("image", R"({"id":")" + image + R"(","filename":"x.png"})") == 100);
  CHECK(code_of("image", R"({"id":")" + image + R"(","link":"https://example.com/a.png"})") == 131009);
  CHECK(code_of("image", R"({})") == 131008);
  CHECK(code_of("image", R"({"link":"ftp://example.com/a.png"})") == 131009);
  auto wrong_object = sim.send(
      R"({"messaging_product":"whatsapp","to":"+15551230001","type":"image","document":{"id":")" + image + R"("}})");
  CHECK(error_of(wrong_object).at("code") == 131008);
}

TEST_CASE("wa-sim media: a user's file becomes a stored media message") {
  Sim sim;
  auto inbound = [&](const object& request) {
    return sim.call(http::verb::post, "/sim/inbound", boost::json::serialize(request), "application/json", false);
  };
  auto encoded = baton::crypto::base64(png);
  auto answer = inbound(object{{"from", "+15551230001"},
                               {"text", "the box"},
                               {"media", object{{"type", "image"}, {"filename", "box.png"}, {"data", encoded}}}});
  REQUIRE(answer.result_int() == 200);
  auto log = sim.state->webhooks.log_json();
  REQUIRE(log.size() == 1);
  const auto& message = log[0].at("body").at("entry").at(0).at("changes").at(0).at("value").at("messages").at(0);
  CHECK(message.at("type") == "image");
  const auto& picture = message.at("image").as_object();
  CHECK(picture.at("caption") == "the box");
  CHECK(picture.at("mime_type") == "image/png");
  auto digest = baton::crypto::sha256(png);
  CHECK(text(picture.at("sha256")) ==
        baton::crypto::base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())));
  std::string id(picture.at("id").as_string());
  // The relay fetches it the way it would from Meta.
  auto described = sim.call(http::verb::get, "/v23.0/" + id);
  CHECK(boost::json::parse(described.body()).at("file_size") == png.size());
  CHECK(sim.call(http::verb::get, "/sim/media/" + id).body() == png);

  auto conversation = sim.state->messages.conversation_json({"+15551230001"});
  REQUIRE(conversation.size() == 1);
  CHECK(conversation[0].at("body") == "the box");
  CHECK(text(conversation[0].at("media_url")) == "/sim/media/" + id);

  // A data: URL, as the phone page's FileReader gives it; a voice note; a document of any type.
  CHECK(inbound(object{{"from", "+15551230001"},
                       {"type", "document"},
                       {"media", object{{"filename", "terms.pdf"},
                                        {"data", "data:application/pdf;base64," + baton::crypto::base64(pdf)}}}})
            .result_int() == 200);
  auto doc = sim.state->webhooks.log_json()[1]
                 .at("body")
                 .at("entry")
                 .at(0)
                 .at("changes")
                 .at(0)
                 .at("value")
                 .at("messages")
                 .at(0);
  CHECK(doc.at("document").at("filename") == "terms.pdf");
  CHECK(doc.at("document").at("mime_type") == "application/pdf");
  CHECK(inbound(object{{"from", "+15551230001"},
                       {"media", object{{"type", "audio"},
                                        {"voice", true},
                                        {"data", baton::crypto::base64("OggS" + std::string(60, '\0'))}}}})
            .result_int() == 200);
  auto voice = sim.state->webhooks.log_json()[2]
                   .at("body")
                   .at("entry")
                   .at(0)
                   .at("changes")
                   .at(0)
                   .at("value")
                   .at("messages")
                   .at(0);
  CHECK(voice.at("audio").at("voice") == true);
  CHECK(voice.at("audio").at("mime_type") == "audio/ogg; codecs=opus");
  CHECK_FALSE(voice.at("audio").as_object().contains("caption"));

  // No bytes: a small real sample of the type, so the id still downloads.
  CHECK(inbound(object{{"from", "+15551230001"}, {"type", "video"}}).result_int() == 200);
  auto video = sim.state->webhooks.log_json()[3]
                   .at("body")
                   .at("entry")
                   .at(0)
                   .at("changes")
                   .at(0)
                   .at("value")
                   .at("messages")
                   .at(0);
  CHECK(sim.call(http::verb::get, "/sim/media/" + std::string(video.at("video").at("id").as_string()))
            .body()
            .substr(4, 4) == "ftyp");

  for (const auto& bad :
       {object{{"from", "+15551230001"}, {"media", object{{"type", "image"}, {"data", "%%%"}}}},
        object{{"from", "+15551230001"}, {"media", object{{"type", "image"}, {"data", ""}}}},
        object{{"from", "+15551230001"}, {"media", object{{"type", "image"}, {"data", baton::crypto::base64(pdf)}}}},
        object{{"from", "+15551230001"},
               {"media", object{{"type", "image"}, {"mime", "image/jpeg"}, {"data", encoded}}}},
        object{{"from", "+15551230001"}, {"type", "text"}, {"text", "x"}, {"media", object{}}},
        object{{"from", "+15551230001"}, {"type", "video"}, {"media", "not an object"}}}) {
    CAPTURE(boost::json::serialize(bad));
    CHECK(inbound(bad).result_int() == 400);
  }
  CHECK(sim.state->webhooks.log_json().size() == 4);
}
