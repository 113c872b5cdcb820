#pragma once
// The parts of OpenAI's embeddings API that llm-sim speaks: reading a request
// as the real service validates it, the vectors of a stand-in model, and the
// response body in the service's shape.
//
// The stand-in model is not a language model: it hashes each text's stemmed
// words and their character trigrams into 256 dimensions, so texts that
// share words or word pieces point the same way. That is enough to test what
// the relay does with vectors (fusion, caching, failures), not to measure
// semantic retrieval.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tools/llm-sim/completion_api.hpp"

namespace baton::llm {

struct EmbeddingRequest {
  std::string model;
  std::vector<std::string> inputs;
};

inline constexpr std::size_t max_embedding_inputs = 2048;
inline constexpr std::size_t sim_embedding_dimensions = 256;

// The request, or the error the real service answers for it.
std::variant<EmbeddingRequest, ApiFailure> read_embedding_request(std::string_view body);

// Unit length; the same text always gives the same vector.
std::vector<float> sim_embedding(std::string_view text);

std::string embedding_response_body(const std::string& model, const std::vector<std::string>& inputs);

}  // namespace baton::llm
