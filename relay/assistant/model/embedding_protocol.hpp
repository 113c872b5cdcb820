#pragma once
// The OpenAI-compatible embeddings API, as JSON: the request for the vectors
// of some texts ({"model", "input": [...]}), and the answer's vectors
// ({"data": [{"index", "embedding": [...]}]}), put back in input order.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

using Vector = std::vector<float>;

std::string embedding_request_body(std::string_view model, const std::vector<std::string>& inputs);

// One vector per input, in input order, all of one length; nullopt when the
// body is not that (a wrong count, an index twice, a value that is not a
// finite number, vectors of different lengths).
std::optional<std::vector<Vector>> read_embeddings(std::string_view body, std::size_t inputs);

// Scaled to length 1, so a dot product is the cosine; a zero vector stays zero.
void normalize(Vector& v);
double dot(const Vector& a, const Vector& b);

}  // namespace baton
