// wa-sim's media as a real process on loopback: multipart uploads over the
// wire (larger than the 1 MiB JSON bodies), download URLs that expire after
// --media-url-ttl-s, and files a user sends fetched back from the control
// listener (docs/wa-sim.md, "Media").

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>
#include <thread>

#include "relay/core/crypto.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using baton::test::http_request;
using boost::json::object;

const std::string token = "sim-access-token";
const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(2000, 'j');

unsigned short port_of(const std::string& line) {
  return static_cast<unsigned short>(std::stoul(line.substr(line.rfind(':') + 1)));
}

// wa-sim alone, plain HTTP; its webhooks go nowhere (they are only logged).
struct SimProcess {
  explicit SimProcess(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--listen",     "127.0.0.1:0",   "--control-listen",
                                  "127.0.0.1:0",  "--webhook-url", "http://127.0.0.1:9/webhooks/whatsapp",
                                  "--app-secret", "secret"};
    args.insert(args.end(), extra.begin(), extra.end());
    process = std::make_unique<baton::test::ChildProcess>(BATON_WA_SIM_BIN, args, dir / "wa-sim");
    graph = "http://127.0.0.1:" + std::to_string(port_of(process->wait_for_line("listening on ")));
    control = "http://127.0.0.1:" + std::to_string(port_of(process->wait_for_line("control on ")));
  }

  baton::test::HttpReply upload(const std::string& mime, const std::string& bytes) const {
    std::string body =
        "--b0undary\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
        "--b0undary\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" +
        mime +
        "\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\n"
        "Content-Type: " +
        mime + "\r\n\r\n" + bytes + "\r\n--b0undary--\r\n";
    return http_request(
        "POST", graph + "/v23.0/100000000000001/media", body,
        {{"Authorization", "Bearer " + token}, {"Content-Type", "multipart/form-data; boundary=b0undary"}});
  }

  baton::test::TempDir dir;
  std::unique_ptr<baton::test::ChildProcess> process;
  std::string graph;
  std::string control;
};

}  // namespace

TEST_CASE("wa-sim media: an upload over the wire, its URL, and the URL's expiry") {
  SimProcess sim({"--media-url-ttl-s", "1"});
  auto uploaded = sim.upload("image/jpeg", jpeg + std::string(3 * 1024 * 1024, 'j'));
  REQUIRE(uploaded.status == 200);
  std::string id(uploaded.json().at("id").as_string());

  auto described = http_request("GET", sim.graph + "/v23.0/" + id, "", {{"Authorization", "Bearer " + token}});
  REQUIRE(described.status == 200);
  std::string url(described.json().at("url").as_string());
  CHECK(url.starts_with(sim.graph + "/sim/media-download/"));
  CHECK(described.json().at("file_size") == jpeg.size() + 3 * 1024 * 1024);

  auto bytes = http_request("GET", url, "", {{"Authorization", "Bearer " + token}});
  CHECK(bytes.status == 200);
  CHECK(bytes.header("content-type") == "image/jpeg");
  CHECK(bytes.body.size() == jpeg.size() + 3 * 1024 * 1024);
  CHECK(http_request("GET", url).status == 401);
  CHECK(http_request("GET", url, "", {{"Authorization", "Bearer wrong"}}).status == 401);
  // Not on the control listener: the URL belongs to the Graph host.
  CHECK(http_request("GET", sim.control + url.substr(sim.graph.size()), "", {{"Authorization", "Bearer " + token}})
            .status == 404);

  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(http_request("GET", url, "", {{"Authorization", "Bearer " + token}}).status == 404);
  // A new lookup hands out a new URL.
  auto again = http_request("GET", sim.graph + "/v23.0/" + id, "", {{"Authorization", "Bearer " + token}});
  CHECK(http_request("GET", std::string(again.json().at("url").as_string()), "", {{"Authorization", "Bearer " + token}})
            .status == 200);

  // Over the image limit: Meta's 131053, not the server's 413.
  auto big = sim.upload("image/jpeg", jpeg + std::string(5 * 1024 * 1024, 'j'));
  CHECK(big.status == 400);
  CHECK(big.json().at("error").at("code") == 131053);

  // Faults reach the wire too.
  REQUIRE(
      http_request("POST", sim.control + "/sim/faults", R"({"kind":"media_upload","code":131053,"count":1})").status ==
      200);
  CHECK(sim.upload("image/jpeg", jpeg).json().at("error").at("code") == 131053);
  CHECK(sim.upload("image/jpeg", jpeg).status == 200);
}

TEST_CASE("wa-sim media: a user's file and a business's file, as the phone page sees them") {
  SimProcess sim;
  auto data = "data:image/jpeg;base64," + baton::crypto::base64(jpeg);
  auto sent = http_request(
      "POST", sim.control + "/sim/inbound",
      boost::json::serialize(object{{"from", "+15551230001"},
                                    {"text", "the box"},
                                    {"media", object{{"type", "image"}, {"filename", "box.jpg"}, {"data", data}}}}));
  REQUIRE(sent.status == 200);
  auto conversation = http_request("GET", sim.control + "/sim/conversations?with=%2B15551230001").json();
  const auto& mine = conversation.at("messages").at(0);
  CHECK(mine.at("type") == "image");
  CHECK(mine.at("body") == "the box");
  auto file = http_request("GET", sim.control + std::string(mine.at("media_url").as_string()));
  CHECK(file.status == 200);
  CHECK(file.body == jpeg);
  CHECK(file.header("x-content-type-options") == "nosniff");

  auto webhooks = http_request("GET", sim.control + "/sim/webhooks").json();
  const auto& image =
      webhooks.at(0).at("body").at("entry").at(0).at("changes").at(0).at("value").at("messages").at(0).at("image");
  CHECK(image.at("id") == mine.at("media_id"));

  auto uploaded = sim.upload("image/jpeg", jpeg);
  std::string id(uploaded.json().at("id").as_string());
  auto message = http_request("POST", sim.graph + "/v23.0/100000000000001/messages",
                              R"({"messaging_product":"whatsapp","to":"+15551230001","type":"image",)"
                              R"("image":{"id":")" +
                                  id + R"(","caption":"here it is"}})",
                              {{"Authorization", "Bearer " + token}});
  REQUIRE(message.status == 200);
  auto business = http_request("GET", sim.control + "/sim/messages?to=%2B15551230001").json().at(0);
  CHECK(business.at("type") == "image");
  CHECK(business.at("body") == "here it is");
  CHECK(std::string(business.at("media_url").as_string()) == "/sim/media/" + id);
  CHECK(http_request("GET", sim.control + "/sim/media/" + id).body == jpeg);
}
