#include "tools/wa-sim/multipart_form.hpp"

#include "common/percent_encoding.hpp"

#include <algorithm>
#include <cctype>

namespace baton::sim {
namespace {

constexpr std::size_t max_parts = 64;
constexpr std::size_t max_header_bytes = 8 * 1024;
constexpr std::size_t max_boundary = 70;  // RFC 2046

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct Parameter {
  std::string name;  // lower case
  std::string value;
};

// `type; a=b; c="d;e"` -> the parameters after the first ';', quotes and
// backslash escapes undone. Nothing for an unterminated quote.
std::optional<std::vector<Parameter>> parameters(std::string_view header) {
  std::vector<Parameter> out;
  auto semicolon = header.find(';');
  if (semicolon == std::string_view::npos) return out;
  std::size_t i = semicolon + 1;
  while (i < header.size()) {
    auto equals = header.find_first_of("=;", i);
    if (equals == std::string_view::npos || header[equals] == ';') {
      // A bare word: no value. Skip to the next parameter.
      i = equals == std::string_view::npos ? header.size() : equals + 1;
      continue;
    }
    Parameter p{lower(trim(header.substr(i, equals - i))), {}};
    i = equals + 1;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    if (i < header.size() && header[i] == '"') {
      ++i;
      bool closed = false;
      while (i < header.size()) {
        char c = header[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < header.size()) c = header[i++];
        p.value += c;
      }
      if (!closed) return std::nullopt;
      auto next = header.find(';', i);
      i = next == std::string_view::npos ? header.size() : next + 1;
    } else {
      auto next = header.find(';', i);
      p.value = std::string(trim(header.substr(i, next == std::string_view::npos ? next : next - i)));
      i = next == std::string_view::npos ? header.size() : next + 1;
    }
    out.push_back(std::move(p));
  }
  return out;
}

const Parameter* parameter(const std::vector<Parameter>& list, std::string_view name) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Parameter& p) { return p.name == name; });
  return it == list.end() ? nullptr : &*it;
}

// RFC 5987 `UTF-8''caf%C3%A9.pdf`; nothing if it is not that.
std::optional<std::string> extended_value(std::string_view value) {
  auto quote = value.find("''");
  if (quote == std::string_view::npos) return std::nullopt;
  auto charset = lower(value.substr(0, quote));
  if (charset != "utf-8") return std::nullopt;
  return percent_decode(value.substr(quote + 2));
}

std::optional<std::string> read_headers(std::string_view block, FormPart& part) {
  bool disposition = false;
  while (!block.empty()) {
    auto end = block.find("\r\n");
    auto line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view() : block.substr(end + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return "a part header has no name: \"" + std::string(line) + "\"";
    }
    auto name = lower(trim(line.substr(0, colon)));
    auto value = trim(line.substr(colon + 1));
    if (name == "content-type") {
      part.content_type = std::string(value);
    } else if (name == "content-disposition") {
      if (lower(trim(value.substr(0, value.find(';')))) != "form-data") {
        return std::string("a part's Content-Disposition is not form-data");
      }
      auto list = parameters(value);
      if (!list) return std::string("a part's Content-Disposition has an unterminated quote");
      const auto* field = parameter(*list, "name");
      if (!field) return std::string("a part's Content-Disposition has no name");
      part.name = field->value;
      if (const auto* star = parameter(*list, "filename*")) part.filename = extended_value(star->value);
      if (!part.filename) {
        if (const auto* plain = parameter(*list, "filename")) part.filename = plain->value;
      }
      disposition = true;
    }
  }
  if (!disposition) return std::string("a part has no Content-Disposition header");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> form_boundary(std::string_view content_type) {
  auto type = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type != "multipart/form-data") return std::nullopt;
  auto list = parameters(content_type);
  if (!list) return std::nullopt;
  const auto* boundary = parameter(*list, "boundary");
  if (!boundary || boundary->value.empty() || boundary->value.size() > max_boundary) return std::nullopt;
  // Control characters and CR/LF would let a boundary match across lines.
  for (char ch : boundary->value) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return std::nullopt;
  }
  return boundary->value;
}

std::variant<std::vector<FormPart>, std::string> parse_form(std::string_view content_type, std::string_view body) {
  auto boundary = form_boundary(content_type);
  if (!boundary) return std::string("the Content-Type must be multipart/form-data with a boundary");
  const std::string first = "--" + *boundary;
  const std::string delimiter = "\r\n--" + *boundary;

  // The first boundary may open the body or follow a preamble.
  std::size_t at = 0;
  if (body.substr(0, first.size()) != first) {
    at = body.find(delimiter);
    if (at == std::string_view::npos) return std::string("the body holds no boundary \"") + *boundary + "\"";
    at += 2;
  }
  at += first.size();

  std::vector<FormPart> parts;
  while (true) {
    // After a boundary: "--" ends the body, else optional blanks and CRLF.
    if (body.substr(at, 2) == "--") return parts;
    while (at < body.size() && (body[at] == ' ' || body[at] == '\t')) ++at;
    if (body.substr(at, 2) != "\r\n") return std::string("a boundary is not followed by a line break");
    at += 2;
    if (parts.size() == max_parts) return "more than " + std::to_string(max_parts) + " parts";

    FormPart part;
    // The headers end with a blank line; a part without headers starts with it.
    std::string_view headers;
    if (body.substr(at, 2) == "\r\n") {
      at += 2;
    } else {
      auto blank = body.find("\r\n\r\n", at);
      if (blank == std::string_view::npos || blank - at > max_header_bytes) {
        return std::string("a part's headers do not end with a blank line");
      }
      headers = body.substr(at, blank - at);
      at = blank + 4;
    }
    if (auto error = read_headers(headers, part)) return *error;

    auto end = body.find(delimiter, at);
    if (end == std::string_view::npos) return std::string("the body ends without its closing boundary");
    part.data = body.substr(at, end - at);
    parts.push_back(std::move(part));
    at = end + delimiter.size();
  }
}

const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name) {
  auto it = std::find_if(parts.begin(), parts.end(), [&](const FormPart& p) { return p.name == name; });
  return it == parts.end() ? nullptr : &*it;
}

}  // namespace baton::sim
