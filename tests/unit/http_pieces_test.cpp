// Static files, CORS and request targets.

#include <boost/beast/http/field.hpp>
#include <doctest/doctest.h>
#include <fstream>

#include "relay/http/cors.hpp"
#include "relay/http/responses.hpp"
#include "relay/http/static_files.hpp"
#include "relay/http/target.hpp"
#include "tests/support/temp_dir.hpp"

namespace http = boost::beast::http;

namespace {

baton::Request get(std::string target, std::string accept_encoding = "") {
  baton::Request request{http::verb::get, target, 11};
  if (!accept_encoding.empty()) request.set(http::field::accept_encoding, accept_encoding);
  return request;
}

}  // namespace

TEST_CASE("static files: types, index, validators, caching") {
  baton::test::TempDir dir;
  std::filesystem::create_directories(dir / "demo");
  std::ofstream(dir / "demo" / "index.html") << "<h1>demo</h1>";
  std::ofstream(dir / "widget.wasm") << "\0asm";
  std::ofstream(dir / "app.0123abcd.js") << "x";
  baton::StaticFiles files(dir.path());

  auto page = files.serve(get("/demo/"));
  REQUIRE(page);
  CHECK(page->result() == http::status::ok);
  CHECK((*page)[http::field::content_type] == "text/html; charset=utf-8");
  CHECK(page->body() == "<h1>demo</h1>");
  CHECK((*page)[http::field::cache_control] == "no-cache");
  CHECK(page->find("Content-Security-Policy") != page->end());

  CHECK((*files.serve(get("/widget.wasm")))[http::field::content_type] == "application/wasm");
  CHECK((*files.serve(get("/app.0123abcd.js")))[http::field::cache_control] == "public, max-age=31536000, immutable");

  auto revalidate = get("/demo/index.html");
  revalidate.set(http::field::if_none_match, std::string((*page)[http::field::etag]));
  CHECK(files.serve(revalidate)->result() == http::status::not_modified);

  baton::Request head{http::verb::head, "/demo/index.html", 11};
  auto headed = files.serve(head);
  CHECK(headed->body().empty());
  CHECK((*headed)[http::field::content_length] == "13");
}

TEST_CASE("static files: precompressed twins are chosen by Accept-Encoding") {
  baton::test::TempDir dir;
  std::ofstream(dir / "widget.js") << "plain";
  std::ofstream(dir / "widget.js.gz") << "gzipped";
  std::ofstream(dir / "widget.js.br") << "brotli";
  baton::StaticFiles files(dir.path());
  CHECK(files.serve(get("/widget.js", "gzip, deflate, br"))->body() == "brotli");
  CHECK((*files.serve(get("/widget.js", "gzip, deflate, br")))[http::field::content_encoding] == "br");
  CHECK(files.serve(get("/widget.js", "gzip"))->body() == "gzipped");
  CHECK(files.serve(get("/widget.js", "br;q=0, gzip"))->body() == "gzipped");
  auto plain = files.serve(get("/widget.js"));
  CHECK(plain->body() == "plain");
  CHECK((*plain)[http::field::vary] == "Accept-Encoding");
}

TEST_CASE("static files: nothing outside the root, nothing hidden") {
  baton::test::TempDir dir;
  std::filesystem::create_directories(dir / "root");
  std::ofstream(dir / "secret.txt") << "secret";
  std::ofstream(dir / "root" / ".env") << "TOKEN=1";
  baton::StaticFiles files(dir / "root");
  CHECK_FALSE(files.serve(get("/../secret.txt")));
  CHECK_FALSE(files.serve(get("/%2e%2e/secret.txt")));
  CHECK_FALSE(files.serve(get("/.env")));
  CHECK_FALSE(files.serve(get("/missing.js")));
}

TEST_CASE("cors: allowed origins get their own origin back, others get nothing") {
  baton::Cors cors({"https://shop.example"}, "http://127.0.0.1:8080");
  CHECK(cors.allows(""));
  CHECK(cors.allows("https://shop.example"));
  CHECK(cors.allows("http://127.0.0.1:8080"));
  CHECK_FALSE(cors.allows("https://evil.example"));
  baton::Request request{http::verb::post, "/v1/sessions", 11};
  request.set(http::field::origin, "https://shop.example");
  auto response = baton::text_response(request, 201, "{}");
  cors.decorate(request, response);
  CHECK(response[http::field::access_control_allow_origin] == "https://shop.example");
  baton::Request preflight{http::verb::options, "/v1/sessions", 11};
  preflight.set(http::field::origin, "https://evil.example");
  CHECK(cors.preflight(preflight).result() == http::status::forbidden);
  baton::Cors any({"*"}, "");
  CHECK(any.allows("https://anything.example"));
}

TEST_CASE("targets and bearer tokens") {
  auto target = baton::Target::parse("/v1/sessions/s_1/messages?after=5&x=%20y");
  REQUIRE(target);
  CHECK(target->is({"v1", "sessions", "s_1", "messages"}));
  CHECK(target->param("after") == "5");
  CHECK(target->param("x") == " y");
  CHECK_FALSE(target->param("missing"));
  CHECK_FALSE(baton::Target::parse("not a path"));
  // A segment that decodes to a path separator or a NUL is refused, not
  // handed to a route (the request_target fuzzer checks it for any target).
  CHECK_FALSE(baton::Target::parse("/v1/admin/sessions/%2e%2e%2Fetc"));
  CHECK_FALSE(baton::Target::parse("/v1/sessions/a%5Cb"));
  CHECK_FALSE(baton::Target::parse("/demo/index.html%00.png"));
  CHECK(baton::Target::parse("/v1/sessions/%2e%2e")->is({"v1", "sessions", ".."}));
  baton::Request request{http::verb::get, "/", 11};
  CHECK(baton::bearer_token(request).empty());
  request.set(http::field::authorization, "bearer abc");
  CHECK(baton::bearer_token(request) == "abc");
  request.set(http::field::authorization, "Basic abc");
  CHECK(baton::bearer_token(request).empty());
}
