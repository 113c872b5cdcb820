#include "client/core/page_context.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/limits.hpp"
#include "common/utf8.hpp"

namespace baton::client {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return utf8::is_valid(out) ? out : std::string(text);
}

// Browsers give long URLs; the relay refuses fields over its limit.
std::string bounded(std::string_view text) {
  return std::string(utf8::take_first(utf8::is_valid(text) ? text : std::string_view(), limits::context_field_chars));
}

}  // namespace

std::map<std::string, std::string> utm_parameters(const std::string& url) {
  std::map<std::string, std::string> out;
  auto query_start = url.find('?');
  if (query_start == std::string::npos) return out;
  auto query = std::string_view(url).substr(query_start + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq));
    if (key.starts_with("utm_") && out.size() < limits::context_extra_entries) {
      out[key] = bounded(eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string shareable_url(const std::string& url) {
  std::string_view rest(url);
  rest = rest.substr(0, rest.find('#'));
  auto query_start = rest.find('?');
  std::string out(rest.substr(0, query_start));
  if (query_start == std::string_view::npos) return out;
  auto query = rest.substr(query_start + 1);
  char separator = '?';
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    if (percent_decode(pair.substr(0, pair.find('='))).starts_with("utm_")) {
      out += separator;
      out += pair;
      separator = '&';
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string page_path(const std::string& url) {
  auto shareable = shareable_url(url);
  auto scheme = shareable.find("://");
  auto path_start = scheme == std::string::npos ? 0 : shareable.find('/', scheme + 3);
  if (path_start == std::string::npos) return "/";
  auto path = shareable.substr(path_start);
  return path.substr(0, path.find('?'));
}

void remember_page(std::vector<std::string>& pages, const std::string& path) {
  if (!pages.empty() && pages.back() == path) return;
  pages.push_back(bounded(path));
  if (pages.size() > limits::context_pages) pages.erase(pages.begin(), pages.end() - limits::context_pages);
}

VisitorContext opening_context(const PageInfo& page, const std::vector<std::string>& pages) {
  VisitorContext c;
  c.page_url = bounded(shareable_url(page.url));
  c.page_title = bounded(page.title);
  c.referrer = bounded(shareable_url(page.referrer));
  c.language = std::string(utf8::take_first(page.language, 35));
  c.ui_language = page.ui_language;
  c.time_zone = std::string(utf8::take_first(page.time_zone, 64));
  c.user_agent = bounded(page.user_agent);
  c.pages = pages;
  c.utm = utm_parameters(page.url);
  return c;
}

VisitorContext handoff_context(const PageInfo& page, const StoredState& stored) {
  auto c = opening_context(page, stored.pages);
  c.traits = stored.traits;
  c.name = stored.identity.name;
  c.email = stored.identity.email;
  c.phone = stored.identity.phone;
  return c;
}

std::string context_to_json(const VisitorContext& c) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto text = [&w](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  auto map = [&](const char* key, const std::map<std::string, std::string>& entries) {
    w.Key(key);
    w.StartObject();
    for (const auto& [k, v] : entries) text(k.c_str(), v);
    w.EndObject();
  };
  w.StartObject();
  text("page_url", c.page_url);
  text("page_title", c.page_title);
  text("referrer", c.referrer);
  text("language", c.language);
  if (!c.ui_language.empty()) text("ui_language", c.ui_language);
  text("time_zone", c.time_zone);
  text("user_agent", c.user_agent);
  w.Key("pages");
  w.StartArray();
  for (const auto& p : c.pages) w.String(p.data(), static_cast<rapidjson::SizeType>(p.size()));
  w.EndArray();
  map("utm", c.utm);
  map("traits", c.traits);
  if (!c.name.empty()) text("name", c.name);
  if (!c.email.empty()) text("email", c.email);
  if (!c.phone.empty()) text("phone", c.phone);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace baton::client
