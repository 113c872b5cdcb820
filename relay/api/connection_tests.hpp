#pragma once
// The admin page's "Test the connection" and "Send a test e-mail": what the
// relay was given for WhatsApp and for the e-mail fallback (secrets shown
// only as set or not), and a harmless call to each that reports the answer,
// so a site owner learns that a token expired before a visitor does.
//   GET  /v1/admin/whatsapp       the Cloud API settings in force, and whether the account can send
//   PUT/DELETE /v1/admin/whatsapp the account set on the page, or the flags again (whatsapp_setting.hpp)
//   POST /v1/admin/whatsapp/test  GET /{phone-number-id}: its name, number and quality, or Meta's error
//   GET  /v1/admin/mail/settings  the e-mail fallback's settings in force
//   PUT/DELETE /v1/admin/mail/settings  set on the page, or the flags again (mail_setting.hpp)
//   POST /v1/admin/mail/test      {"to"?}: a test e-mail, by default to the support address

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include "relay/api/mail_setting.hpp"
#include "relay/api/whatsapp_setting.hpp"
#include "relay/core/clock.hpp"
#include "relay/core/config.hpp"
#include "relay/http/http_types.hpp"
#include "relay/whatsapp/account_health.hpp"
#include "relay/whatsapp/graph_client.hpp"

namespace baton {

class ConnectionTests {
 public:
  ConnectionTests(const Config& config, GraphClient& graph, const Clock& clock, WhatsappSetting& account,
                  MailSetting& mail, AccountHealth& health);
  // Waits for a test e-mail under way (at most the SMTP time limit).
  ~ConnectionTests();

  // GET, PUT or DELETE; a change answers with the settings now in force.
  boost::asio::awaitable<Response> whatsapp(const Request& request);
  boost::asio::awaitable<Response> test_whatsapp(const Request& request);
  // GET, PUT or DELETE, likewise.
  boost::asio::awaitable<Response> mail(const Request& request);
  boost::asio::awaitable<Response> test_mail(const Request& request);

 private:
  const Config& config_;
  GraphClient& graph_;
  const Clock& clock_;
  WhatsappSetting& account_;
  MailSetting& mail_;
  AccountHealth& health_;
  // SMTP blocks: test e-mails go on a thread of their own, never the event loop.
  boost::asio::thread_pool mail_thread_{1};
};

}  // namespace baton
