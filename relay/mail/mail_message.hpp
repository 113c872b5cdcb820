#pragma once
// An e-mail as RFC 5322 text, ready for SMTP: UTF-8 headers as RFC 2047
// encoded words, a text/plain UTF-8 body in base64 (safe through any
// server, whatever the line lengths or characters), CRLF line ends.

#include <cstdint>
#include <optional>
#include <string>

namespace baton {

// One file sent along (a call's .ics); ASCII file name.
struct MailAttachment {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

struct MailContent {
  std::string from;      // an address
  std::string to;        // an address
  std::string reply_to;  // an address, or empty
  std::string subject;   // UTF-8
  std::string body;      // UTF-8 text, \n line ends
  std::string message_id_domain = "baton.invalid";
  std::optional<MailAttachment> attachment;  // makes it multipart/mixed
};

// `unique` makes the Message-ID unique (the outbox row, a random token).
std::string compose_mail(const MailContent& content, std::int64_t date_ms, const std::string& unique);

// The address inside "Name <a@b>", or the text itself.
std::string bare_address(const std::string& text);

}  // namespace baton
