#pragma once
// Sends one composed e-mail over SMTP with libcurl: STARTTLS required on
// smtp:// (the connection is refused rather than sent in the clear), implicit
// TLS on smtps://, certificates verified, optional login. Blocking: it runs
// on the mail worker's own thread, never on the event loop.

#include <chrono>
#include <filesystem>
#include <string>

namespace baton {

struct SmtpSettings {
  std::string url;  // smtp://host:587 or smtps://host:465
  std::string user;
  std::string password;
  std::string from;          // envelope sender (an address)
  std::filesystem::path ca;  // a PEM CA to trust instead of the system's, for a private server
  // Below the relay's 20 s shutdown deadline, so an SMTP call under way
  // finishes and is recorded before the relay exits.
  std::chrono::seconds timeout{15};
};

struct SmtpResult {
  bool ok = false;
  bool permanent = false;  // the server refused for good (5xx): retrying will not help
  std::string error;       // for the log and the admin API; never the password
};

SmtpResult send_mail(const SmtpSettings& settings, const std::string& recipient, const std::string& message);

}  // namespace baton
