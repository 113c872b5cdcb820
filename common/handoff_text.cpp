#include "common/handoff_text.hpp"

#include "common/text_policy.hpp"
#include "common/utf8.hpp"

namespace baton {
namespace {

constexpr std::size_t header_field_chars = 300;
constexpr std::string_view ellipsis = "…";

// Header fields come from the visitor's browser: one line each (the text
// policy), bounded, so a crafted page title cannot push fake lines into the
// agent's message.
std::string one_line(std::string_view text, std::size_t max_chars = header_field_chars) {
  auto out = clean_line(text);
  if (utf8::length(out) > max_chars) {
    out = std::string(utf8::take_first(out, max_chars - 1)) + std::string(ellipsis);
  }
  return out;
}

std::string speaker(const TranscriptLine& line) {
  switch (line.author) {
    case Author::visitor: return "Visitor";
    case Author::bot: return line.author_name.empty() ? "Assistant" : one_line(line.author_name, 40);
    case Author::agent: return line.author_name.empty() ? "Agent" : one_line(line.author_name, 40);
    case Author::system: return "Note";
  }
  return "Note";
}

// Continuation lines are indented so they read as part of the same turn.
std::string indent_continuations(std::string_view text) {
  std::string out;
  for (char c : clean_text(text)) {
    out += c;
    if (c == '\n') out += "   ";
  }
  return out;
}

std::string join_details(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += " · ";
    out += part;
  }
  return out;
}

std::string header(const HandoffSummary& summary) {
  const auto& v = summary.visitor;
  std::string out = "*New chat #" + summary.code + "*\n";
  out += "👤 " + (v.name.empty() ? std::string("Visitor (no name given)") : one_line(v.name)) + "\n";
  auto contact = join_details({one_line(v.phone), one_line(v.email)});
  if (!contact.empty()) out += "📞 " + contact + "\n";
  auto page = join_details({one_line(v.page_title, 120), one_line(v.page_url)});
  if (!page.empty()) out += "📄 " + page + "\n";
  auto origin = join_details({v.referrer.empty() ? std::string() : "from " + one_line(v.referrer),
                              one_line(v.language, 35), one_line(v.time_zone, 64)});
  if (!origin.empty()) out += "🌐 " + origin + "\n";
  if (v.pages.size() > 1) {
    std::string trail;
    // The last few pages tell the story; older ones are counted, not listed.
    std::size_t first = v.pages.size() > 5 ? v.pages.size() - 5 : 0;
    if (first > 0) trail = "(" + std::to_string(first) + " earlier) ";
    for (std::size_t i = first; i < v.pages.size(); ++i) {
      trail += one_line(v.pages[i], 120);
      if (i + 1 < v.pages.size()) trail += " → ";
    }
    out += "🧭 " + trail + "\n";
  }
  if (!v.traits.empty()) {
    // What the site told the widget about the visitor (plan, cart, …).
    std::vector<std::string> facts;
    for (const auto& [key, value] : v.traits) {
      if (facts.size() == 6) break;
      facts.push_back(one_line(key, 30) + ": " + one_line(value, 60));
    }
    out += "📋 " + join_details(facts) + "\n";
  }
  return out;
}

std::string gist(const HandoffSummary& summary) {
  if (summary.gist.empty()) return {};
  std::string out = summary.gist_by_model ? "\n*In short* (written by the assistant's model)\n" : "\n*In short*\n";
  std::size_t shown = 0;
  for (const auto& line : summary.gist) {
    auto text = one_line(line, 280);
    if (text.empty()) continue;
    if (++shown > 5) break;
    out += "• " + text + "\n";
  }
  return shown == 0 ? std::string() : out;
}

std::string footer(std::string_view code) {
  return "\n↩ Reply to this message, or start a message with #" + std::string(code) + ", to answer.";
}

}  // namespace

std::string format_handoff_message(const HandoffSummary& summary, std::size_t max_chars) {
  const auto head = header(summary) + gist(summary);
  const auto foot = footer(summary.code);
  const std::string title = "\n*Conversation*\n";
  const std::size_t fixed = utf8::length(head) + utf8::length(foot) + utf8::length(title);
  if (fixed >= max_chars) return std::string(utf8::take_first(head + foot, max_chars));

  std::vector<std::string> lines;
  lines.reserve(summary.transcript.size());
  for (const auto& line : summary.transcript) lines.push_back(speaker(line) + ": " + indent_continuations(line.text));

  // Newest lines first until the budget runs out; a note replaces the rest.
  std::size_t budget = max_chars - fixed;
  std::size_t kept_from = lines.size();
  std::size_t used = 0;
  while (kept_from > 0) {
    std::size_t cost = utf8::length(lines[kept_from - 1]) + 1;
    // Leave room for the "earlier messages not shown" line if any will be cut.
    std::size_t note_room = kept_from - 1 > 0 || summary.earlier_lines > 0 ? 40 : 0;
    if (used + cost + note_room > budget) break;
    used += cost;
    --kept_from;
  }

  auto omitted_note = [&summary](std::size_t omitted) {
    omitted += summary.earlier_lines;
    if (omitted == 0) return std::string();
    return "… " + std::to_string(omitted) + (omitted == 1 ? " earlier message" : " earlier messages") + " not shown\n";
  };
  std::string body;
  if (lines.empty()) {
    body = "(no messages yet)";
  } else if (kept_from == lines.size()) {
    // Not even the newest line fits whole: keep its end, what was said last.
    body = omitted_note(lines.size() - 1);
    std::size_t taken = utf8::length(body) + 1;
    std::size_t room = budget > taken ? budget - taken : 0;
    body += std::string(ellipsis) + std::string(utf8::take_last(lines.back(), room));
  } else {
    body = omitted_note(kept_from);
    for (std::size_t i = kept_from; i < lines.size(); ++i) body += lines[i] + "\n";
  }
  if (!body.empty() && body.back() == '\n') body.pop_back();
  return head + title + body + foot;
}

std::string format_relayed_message(std::string_view code, std::string_view visitor_name, std::string_view raw_text,
                                   std::size_t max_chars) {
  auto cleaned = clean_text(raw_text);
  std::string_view text = cleaned;
  std::string prefix = "#" + std::string(code) + " " +
                       (visitor_name.empty() ? std::string("Visitor") : one_line(visitor_name, 40)) + ": ";
  std::size_t room = max_chars > utf8::length(prefix) ? max_chars - utf8::length(prefix) : 0;
  if (utf8::length(text) <= room) return prefix + std::string(text);
  return prefix + std::string(ellipsis) + std::string(utf8::take_last(text, room > 0 ? room - 1 : 0));
}

}  // namespace baton
