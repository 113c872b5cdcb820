#include "relay/mail/mail_text.hpp"

#include "common/text_policy.hpp"
#include "common/time_format.hpp"
#include "common/utf8.hpp"

namespace baton {
namespace {

std::string speaker(const Message& m) {
  switch (m.author) {
    case Author::visitor: return "Visitor";
    case Author::bot: return m.author_name.empty() ? "Assistant" : clean_line(m.author_name);
    case Author::agent: return m.author_name.empty() ? "Agent" : clean_line(m.author_name);
    case Author::system: return "Note";
  }
  return "Note";
}

std::string transcript(const std::vector<Message>& conversation) {
  std::string out;
  for (const auto& m : conversation) {
    if (m.text.empty() || !says_something(m.kind)) continue;
    // "2026-11-25T17:40:02.123Z" -> "2026-11-25 17:40 UTC"
    auto when = format_rfc3339(m.ts_ms);
    out += "[" + when.substr(0, 10) + " " + when.substr(11, 5) + " UTC] " + speaker(m) + ": " + clean_text(m.text) +
           "\n";
  }
  return out.empty() ? "(nothing was written)\n" : out;
}

std::string first_words(const std::string& text, std::size_t chars) {
  auto line = text.substr(0, text.find('\n'));
  if (utf8::length(line) <= chars) return line;
  return std::string(utf8::take_first(line, chars - 1)) + "…";
}

}  // namespace

SupportMailText support_mail(const SessionRecord& session, const HandoffRequest& request,
                             const std::vector<Message>& conversation) {
  const auto& c = session.context;
  // Everything the visitor wrote passes the text policy: no forged lines.
  auto who = clean_line(request.name.empty() ? request.email : request.name);
  SupportMailText mail;
  mail.subject = "Message from " + who + " (chat #" + session.code + ")";
  if (!request.message.empty()) mail.subject += ": " + first_words(clean_text(request.message), 60);
  auto& b = mail.body;
  b += who + " <" + request.email + "> left a message";
  if (!c.page_title.empty() || !c.page_url.empty()) {
    auto title = clean_line(c.page_title);
    auto url = clean_line(c.page_url);
    b += " on " + (title.empty() ? url : title + " (" + url + ")");
  }
  b += ":\n\n" +
       (request.message.empty() ? std::string("(no message of their own; see the conversation below)")
                                : clean_text(request.message)) +
       "\n\nReply to this e-mail to answer them.\n\n";
  b += "Details\n";
  auto line = [&](const std::string& label, const std::string& value) {
    auto shown = clean_line(value);
    if (!shown.empty()) b += "  " + clean_line(label) + ": " + shown + "\n";
  };
  line("Name", request.name);
  line("E-mail", request.email);
  line("Phone", request.phone.empty() ? c.phone : request.phone);
  line("Page", c.page_url);
  std::string pages;
  for (const auto& p : c.pages) pages += (pages.empty() ? "" : ", ") + p;
  line("Pages visited", pages);
  line("Came from", c.referrer);
  for (const auto& [key, value] : c.utm) line(key, value);
  line("Language", c.language);
  line("Time zone", c.time_zone);
  for (const auto& [key, value] : c.traits) line(key, value);
  line("Reference", "#" + session.code);
  line("Started", format_rfc3339(session.created_ms));
  b += "\nConversation\n" + transcript(conversation);
  b += "\nSent by Baton because nobody could answer in the chat.\n";
  return mail;
}

SupportMailText visitor_copy(const SessionRecord& session, const std::vector<Message>& conversation) {
  SupportMailText mail;
  mail.subject = "Your conversation (#" + session.code + ")";
  mail.body = "Here is a copy of your conversation. We will answer you by e-mail.\n\n" + transcript(conversation) +
              "\nReference: #" + session.code + "\n";
  return mail;
}

}  // namespace baton
