// Semantic retrieval's parts without a server: the embeddings API's JSON,
// the fusion of rankings, and llm-sim's stand-in vectors.

#include <doctest/doctest.h>

#include <cmath>
#include <variant>

#include "relay/assistant/faq.hpp"
#include "relay/assistant/model/embedding_protocol.hpp"
#include "relay/assistant/semantic_search.hpp"
#include "tools/llm-sim/embedding_api.hpp"

using namespace baton;

TEST_CASE("embeddings: the request names the model and the inputs, the answer is put back in input order") {
  CHECK(embedding_request_body("m", {"a", "b"}) == R"({"model":"m","input":["a","b"],"encoding_format":"float"})");
  auto vectors = read_embeddings(
      R"({"object":"list","data":[{"index":1,"embedding":[0,1]},{"index":0,"embedding":[1,0.5]}],"model":"m"})", 2);
  REQUIRE(vectors);
  CHECK((*vectors)[0] == Vector{1.0F, 0.5F});
  CHECK((*vectors)[1] == Vector{0.0F, 1.0F});
}

TEST_CASE("embeddings: an answer that is not one vector per input, of one length, is refused") {
  CHECK_FALSE(read_embeddings("not json", 1));
  CHECK_FALSE(read_embeddings(R"({"error":{"message":"no"}})", 1));
  CHECK_FALSE(read_embeddings(R"({"data":[{"index":0,"embedding":[1]}]})", 2));                              // too few
  CHECK_FALSE(read_embeddings(R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]}]})", 2));  // twice
  CHECK_FALSE(read_embeddings(R"({"data":[{"index":0,"embedding":[1]},{"index":1,"embedding":[1,2]}]})", 2));
  CHECK_FALSE(read_embeddings(R"({"data":[{"index":0,"embedding":["x"]}]})", 1));
  CHECK_FALSE(read_embeddings(R"({"data":[{"index":0,"embedding":[]}]})", 1));
  CHECK_FALSE(read_embeddings(R"({"data":[{"index":5,"embedding":[1]}]})", 1));
}

TEST_CASE("embeddings: vectors are scaled to length one, so a dot product is the cosine") {
  Vector v{3.0F, 4.0F};
  normalize(v);
  CHECK(dot(v, v) == doctest::Approx(1.0));
  Vector zero{0.0F, 0.0F};
  normalize(zero);
  CHECK(dot(zero, zero) == 0.0);
}

TEST_CASE("semantic search: rankings fuse by reciprocal rank, agreement first, ties in the first ranking's order") {
  // 4 is second by words and first by meaning: it wins over 7, first by words only.
  CHECK(fuse_rankings({{7, 4, 1}, {4, 9, 7}}, 3) == std::vector<std::size_t>{4, 7, 9});
  CHECK(fuse_rankings({{2, 3}, {}}, 4) == std::vector<std::size_t>{2, 3});
  CHECK(fuse_rankings({}, 4).empty());
  CHECK(fuse_rankings({{1, 2, 3}}, 2) == std::vector<std::size_t>{1, 2});
}

TEST_CASE("semantic search: an entry is embedded as its question, its other phrasings and its answer") {
  FaqEntry entry{"Where is my order?", "Track it from your account.", {"parcel never came"}};
  CHECK(entry_text(entry) == "Where is my order?\nparcel never came\nTrack it from your account.");
}

TEST_CASE("llm-sim: embeddings requests are validated as the service does, and vectors are stable") {
  using namespace baton::llm;
  auto ok = read_embedding_request(R"({"model":"m","input":["a b","c"]})");
  REQUIRE(std::holds_alternative<EmbeddingRequest>(ok));
  CHECK(std::get<EmbeddingRequest>(ok).inputs.size() == 2);
  CHECK(std::holds_alternative<EmbeddingRequest>(read_embedding_request(R"({"model":"m","input":"one"})")));
  for (const char* bad :
       {R"({"input":"x"})", R"({"model":"m"})", R"({"model":"m","input":[]})", R"({"model":"m","input":[""]})",
        R"({"model":"m","input":[1]})", "nope", R"({"model":"m","input":"x","encoding_format":"base64"})"}) {
    CAPTURE(bad);
    auto parsed = read_embedding_request(bad);
    REQUIRE(std::holds_alternative<ApiFailure>(parsed));
    CHECK(std::get<ApiFailure>(parsed).status == 400);
  }
  auto a = sim_embedding("How much does shipping cost?");
  CHECK(a.size() == sim_embedding_dimensions);
  CHECK(a == sim_embedding("How much does shipping cost?"));
  auto near = sim_embedding("shipping costs");
  auto far = sim_embedding("Do you sell gift cards?");
  CHECK(dot(a, near) > dot(a, far));
  CHECK(dot(a, a) == doctest::Approx(1.0).epsilon(1e-5));
  // The response body is what read_embeddings reads.
  auto body = embedding_response_body("m", {"x y", "z"});
  auto back = read_embeddings(body, 2);
  REQUIRE(back);
  CHECK((*back)[1] == sim_embedding("z"));
}
