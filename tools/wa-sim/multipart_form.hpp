#pragma once
// A multipart/form-data body (RFC 7578) split into its parts, as the media
// upload endpoint receives it. Untrusted input: anything malformed is an
// error sentence, never an exception or a read past the body.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace baton::sim {

struct FormPart {
  std::string name;                     // Content-Disposition's name
  std::optional<std::string> filename;  // filename (or filename*), when the part is a file
  std::string content_type;             // as sent; empty when the part has none
  std::string_view data;                // points into the parsed body
};

// The boundary of a `multipart/form-data; boundary=...` Content-Type, or
// nothing when the header is not that (or the boundary is unusable).
std::optional<std::string> form_boundary(std::string_view content_type);

// The parts of `body` in order. `body` must outlive the parts' data.
std::variant<std::vector<FormPart>, std::string> parse_form(std::string_view content_type, std::string_view body);

// The first part named `name`, or null.
const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace baton::sim
