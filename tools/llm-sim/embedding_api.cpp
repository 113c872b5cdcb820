#include "tools/llm-sim/embedding_api.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <functional>

#include "relay/assistant/text/folding.hpp"
#include "relay/assistant/text/stemmer.hpp"

namespace baton::llm {
namespace json = boost::json;

namespace {

ApiFailure invalid_input() {
  return {400,
          "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
          "invalid_request_error",
          {}};
}

}  // namespace

std::variant<EmbeddingRequest, ApiFailure> read_embedding_request(std::string_view body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec || !value.is_object()) return unparsable_body();
  const auto& o = value.as_object();
  EmbeddingRequest request;
  const auto* model = o.if_contains("model");
  if (!model || !model->is_string())
    return ApiFailure{400, "you must provide a model parameter", "invalid_request_error", {}};
  request.model = std::string(model->as_string());
  const auto* input = o.if_contains("input");
  if (!input) {
    return ApiFailure{400, "Missing required parameter: 'input'.", "invalid_request_error",
                      "missing_required_parameter"};
  }
  if (input->is_string()) {
    request.inputs.emplace_back(input->as_string());
  } else if (input->is_array()) {
    for (const auto& item : input->as_array()) {
      if (!item.is_string()) {
        return invalid_input();
      }
      request.inputs.emplace_back(item.as_string());
    }
  } else {
    return invalid_input();
  }
  if (request.inputs.empty() || request.inputs.size() > max_embedding_inputs) {
    return invalid_input();
  }
  for (const auto& text : request.inputs) {
    if (text.empty()) {
      return invalid_input();
    }
  }
  if (const auto* format = o.if_contains("encoding_format");
      format && !(format->is_string() && format->as_string() == "float")) {
    return ApiFailure{400, "llm-sim answers encoding_format \"float\" only.", "invalid_request_error", "invalid_value"};
  }
  return request;
}

std::vector<float> sim_embedding(std::string_view text) {
  std::vector<float> v(sim_embedding_dimensions, 0.0F);
  std::hash<std::string> hash;
  auto add = [&](const std::string& feature, float weight) {
    auto h = hash(feature);
    // The sign from another bit, so features do not all pull one way.
    float sign = (h >> 16) & 1 ? 1.0F : -1.0F;
    v[h % sim_embedding_dimensions] += sign * weight;
  };
  for (const auto& word : fold_words(text)) {
    auto stemmed = stem(word, Lang::en);
    add("w:" + stemmed, 1.0F);
    auto padded = "<" + stemmed + ">";
    for (std::size_t i = 0; i + 3 <= padded.size(); ++i) add("t:" + padded.substr(i, 3), 0.3F);
  }
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  if (sum > 0) {
    auto scale = static_cast<float>(1.0 / std::sqrt(sum));
    for (float& x : v) x *= scale;
  }
  return v;
}

std::string embedding_response_body(const std::string& model, const std::vector<std::string>& inputs) {
  json::array data;
  std::size_t tokens = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    json::array numbers;
    for (float x : sim_embedding(inputs[i])) numbers.emplace_back(static_cast<double>(x));
    data.emplace_back(json::object{
        {"object", "embedding"}, {"index", static_cast<std::int64_t>(i)}, {"embedding", std::move(numbers)}});
    tokens += fold_words(inputs[i]).size();
  }
  return json::serialize(json::object{{"object", "list"},
                                      {"data", std::move(data)},
                                      {"model", model},
                                      {"usage", json::object{{"prompt_tokens", tokens}, {"total_tokens", tokens}}}});
}

}  // namespace baton::llm
