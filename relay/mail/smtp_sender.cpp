#include "relay/mail/smtp_sender.hpp"

#include <cstring>
#include <curl/curl.h>
#include <memory>

#include "relay/mail/mail_message.hpp"

namespace baton {
namespace {

struct Reader {
  const std::string& data;
  std::size_t offset = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* reader = static_cast<Reader*>(user);
  std::size_t room = size * count;
  std::size_t left = reader->data.size() - reader->offset;
  std::size_t n = std::min(room, left);
  std::memcpy(buffer, reader->data.data() + reader->offset, n);
  reader->offset += n;
  return n;
}

}  // namespace

SmtpResult send_mail(const SmtpSettings& settings, const std::string& recipient, const std::string& message) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return {false, false, "curl_easy_init failed"};
  auto* h = curl.get();
  std::string from = "<" + bare_address(settings.from) + ">";
  std::string to = "<" + bare_address(recipient) + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(curl_slist_append(nullptr, to.c_str()),
                                                                         &curl_slist_free_all);
  Reader reader{message};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings.ca.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, settings.ca.c_str());
  if (!settings.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, settings.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &read_message);
  curl_easy_setopt(h, CURLOPT_READDATA, &reader);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(settings.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  auto code = curl_easy_perform(h);
  if (code == CURLE_OK) return {true, false, {}};
  long response = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response);
  std::string what = error[0] ? error : curl_easy_strerror(code);
  if (response > 0) what += " (SMTP " + std::to_string(response) + ")";
  // 5xx is a refusal for good (no such mailbox, rejected); 4xx and network
  // trouble may pass.
  return {false, response >= 500 && response < 600, what};
}

}  // namespace baton
