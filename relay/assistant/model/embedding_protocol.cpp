#include "relay/assistant/model/embedding_protocol.hpp"

#include <boost/json.hpp>
#include <cmath>

namespace baton {

namespace json = boost::json;

std::string embedding_request_body(std::string_view model, const std::vector<std::string>& inputs) {
  json::array input;
  for (const auto& text : inputs) input.emplace_back(text);
  return json::serialize(json::object{{"model", model}, {"input", std::move(input)}, {"encoding_format", "float"}});
}

std::optional<std::vector<Vector>> read_embeddings(std::string_view body, std::size_t inputs) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto* data = value.as_object().if_contains("data");
  if (data == nullptr || !data->is_array() || data->as_array().size() != inputs) return std::nullopt;
  std::vector<Vector> out(inputs);
  std::vector<bool> seen(inputs, false);
  std::size_t length = 0;
  for (const auto& item : data->as_array()) {
    if (!item.is_object()) return std::nullopt;
    const auto* index = item.as_object().if_contains("index");
    const auto* embedding = item.as_object().if_contains("embedding");
    if (index == nullptr || !index->is_int64() || embedding == nullptr || !embedding->is_array()) return std::nullopt;
    auto i = index->as_int64();
    if (i < 0 || static_cast<std::size_t>(i) >= inputs || seen[static_cast<std::size_t>(i)]) return std::nullopt;
    seen[static_cast<std::size_t>(i)] = true;
    const auto& numbers = embedding->as_array();
    if (numbers.empty() || (length != 0 && numbers.size() != length)) return std::nullopt;
    length = numbers.size();
    auto& v = out[static_cast<std::size_t>(i)];
    v.reserve(numbers.size());
    for (const auto& n : numbers) {
      if (!n.is_number()) return std::nullopt;
      auto x = n.to_number<double>();
      if (!std::isfinite(x)) return std::nullopt;
      v.push_back(static_cast<float>(x));
    }
  }
  return out;
}

void normalize(Vector& v) {
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  if (sum <= 0) return;
  auto scale = static_cast<float>(1.0 / std::sqrt(sum));
  for (float& x : v) x *= scale;
}

double dot(const Vector& a, const Vector& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) sum += static_cast<double>(a[i]) * b[i];
  return sum;
}

}  // namespace baton
