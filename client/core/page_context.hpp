#pragma once
// The page the widget runs on, and the visitor context built from it: what
// goes to the relay when a session opens (no personal details), and what
// goes with a handoff (everything, once the visitor submitted the form).

#include <map>
#include <string>
#include <vector>

#include "client/core/stored_state.hpp"
#include "common/protocol/visitor_context.hpp"

namespace baton::client {

struct PageInfo {
  std::string url;
  std::string title;
  std::string referrer;
  std::string language;
  std::string time_zone;
  std::string user_agent;
  std::vector<std::string> browser_languages;
  std::string ui_language;  // the widget's own, one of its six ("es")
};

// utm_* parameters of a URL's query, percent-decoded.
std::map<std::string, std::string> utm_parameters(const std::string& url);

// A URL as it may leave the browser: no fragment, and of the query only the
// utm_* parameters. Queries and fragments carry password-reset links, OAuth
// tokens and session ids, none of which an agent's phone should ever see.
// ("https://x.example/a?token=s&utm_source=n#c" -> "https://x.example/a?utm_source=n")
std::string shareable_url(const std::string& url);

// The shareable path of a URL ("https://x.example/a?b=1#c" -> "/a").
std::string page_path(const std::string& url);

// Adds the page to the visited list (no immediate repeats, at most 50 kept).
void remember_page(std::vector<std::string>& pages, const std::string& path);

// Session opening: page, referrer, UTM, language, time zone, pages. No name,
// e-mail, phone or traits.
VisitorContext opening_context(const PageInfo& page, const std::vector<std::string>& pages);

// Handoff: the same, refreshed, plus identify() data and track() traits.
VisitorContext handoff_context(const PageInfo& page, const StoredState& stored);

// The context as the relay's JSON.
std::string context_to_json(const VisitorContext& context);

}  // namespace baton::client
