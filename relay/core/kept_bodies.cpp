#include "relay/core/kept_bodies.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "common/utf8.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/net.hpp"

namespace baton {

std::uint64_t KeptBodies::keep(std::string body, std::int64_t received_ms) {
  auto id = next_id_++;
  bytes_ += body.size();
  kept_.push_back(Kept{id, received_ms, std::move(body)});
  while (kept_.size() > max_bodies_ || (bytes_ > max_bytes_ && kept_.size() > 1)) {
    bytes_ -= kept_.front().body.size();
    kept_.pop_front();
  }
  return id;
}

const KeptBodies::Kept* KeptBodies::find(std::uint64_t id) const {
  // Ids rise with position: a binary search finds one.
  auto at = std::lower_bound(kept_.begin(), kept_.end(), id, [](const Kept& k, std::uint64_t v) { return k.id < v; });
  return at != kept_.end() && at->id == id ? &*at : nullptr;
}

const KeptBodies::Kept* KeptBodies::find(std::string_view id) const {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  return ec == std::errc() && end == id.data() + id.size() ? find(n) : nullptr;
}

namespace {

constexpr std::array<std::string_view, 7> number_keys{"wa_id", "from", "recipient_id", "display_phone_number",
                                                      "phone", "to",   "input"};
// Keys whose strings a person wrote (or that say who they are).
constexpr std::array<std::string_view, 10> written_keys{"body",      "caption", "name",  "formatted_name", "first_name",
                                                        "last_name", "address", "title", "description",    "text"};

bool among(std::string_view key, const auto& keys) { return std::find(keys.begin(), keys.end(), key) != keys.end(); }

void mask(json::value& value, std::string_view key) {
  if (auto* object = value.if_object()) {
    for (auto& [k, v] : *object) mask(v, k);
  } else if (auto* array = value.if_array()) {
    for (auto& v : *array) mask(v, key);
  } else if (auto* text = value.if_string()) {
    if (among(key, number_keys)) {
      *text = masked_phone(std::string_view(*text));
    } else if (among(key, written_keys)) {
      *text = "<" + std::to_string(utf8::length(std::string_view(*text))) + " characters>";
    }
  }
}

void indent(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void pretty(const json::value& value, std::string& out, int depth) {
  if (const auto* object = value.if_object()) {
    if (object->empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    for (const auto& [k, v] : *object) {
      if (!first) out += ',';
      first = false;
      indent(out, depth + 1);
      out += json::serialize(json::value(json::string(k)));
      out += ": ";
      pretty(v, out, depth + 1);
    }
    indent(out, depth);
    out += '}';
  } else if (const auto* array = value.if_array()) {
    if (array->empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first = true;
    for (const auto& v : *array) {
      if (!first) out += ',';
      first = false;
      indent(out, depth + 1);
      pretty(v, out, depth + 1);
    }
    indent(out, depth);
    out += ']';
  } else {
    out += json::serialize(value);
  }
}

}  // namespace

std::string masked_json(std::string_view body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec) return "(not JSON: " + std::to_string(body.size()) + " bytes)";
  mask(value, {});
  std::string out;
  pretty(value, out, 0);
  return out;
}

}  // namespace baton

namespace baton {

std::string graph_call_body(const std::string& request, unsigned status, const std::string& answer) {
  bool object = !answer.empty() && answer.front() == '{';
  return "{\"request\":" + request + ",\"status\":" + std::to_string(status) +
         ",\"response\":" + (object ? answer : json::serialize(json::value(json::string(answer)))) + "}";
}

}  // namespace baton
