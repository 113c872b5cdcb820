#include "relay/mail/mail_message.hpp"

#include <ctime>
#include <vector>

#include "common/utf8.hpp"
#include "relay/core/crypto.hpp"

namespace baton {
namespace {

using crypto::base64;

bool plain_ascii(std::string_view s) {
  for (char c : s) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b > 0x7E) return false;
  }
  return true;
}

// Header text: as is when plain ASCII, else base64 encoded words of whole
// characters, each at most 75 bytes (RFC 2047).
std::string header_text(std::string_view text) {
  if (plain_ascii(text)) return std::string(text);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t take = 0;
    // 45 bytes of text make 60 of base64, within the 75-byte limit.
    while (i + take < text.size() && take < 45) {
      auto len = utf8::sequence_length(static_cast<unsigned char>(text[i + take]));
      if (take + len > 45) break;
      take += len;
    }
    if (take == 0) take = 1;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(i, take)) + "?=";
    i += take;
  }
  return out;
}

// No header injection: a line break in a header value ends it.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

std::string rfc5322_date(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

std::string base64_lines(std::string_view bytes) {
  auto encoded = base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

}  // namespace

std::string bare_address(const std::string& text) {
  auto open = text.find('<');
  auto close = text.find('>', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return text;
  return text.substr(open + 1, close - open - 1);
}

std::string compose_mail(const MailContent& c, std::int64_t date_ms, const std::string& unique) {
  std::string m;
  m += "Date: " + rfc5322_date(date_ms) + "\r\n";
  m += "From: " + one_line(c.from) + "\r\n";
  m += "To: " + one_line(c.to) + "\r\n";
  if (!c.reply_to.empty()) m += "Reply-To: " + one_line(c.reply_to) + "\r\n";
  m += "Subject: " + header_text(one_line(c.subject)) + "\r\n";
  m += "Message-ID: <" + unique + "@" + c.message_id_domain + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  std::string body;
  for (char ch : c.body) {
    if (ch == '\n') body += "\r\n";
    else if (ch != '\r') body += ch;
  }
  if (!c.attachment) {
    m += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += base64_lines(body);
    return m;
  }
  // Base64 never holds "=_", so the boundary cannot occur in a part.
  std::string boundary = "=_baton_" + unique;
  m += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(body);
  const auto& a = *c.attachment;
  m += "--" + boundary + "\r\nContent-Type: " + one_line(a.content_type) + "\r\n";
  m += "Content-Disposition: attachment; filename=\"" + one_line(a.filename) + "\"\r\n";
  m += "Content-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(a.bytes);
  m += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace baton
