// The e-mail fallback against a real SMTP server (Debian's aiosmtpd) that
// requires STARTTLS with the test CA's certificate: the mail that arrives is
// read back from its maildir and checked, headers and decoded body.

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <thread>

#include "tests/support/cluster.hpp"
#include "tests/support/unwritable.hpp"

using namespace baton::test;

namespace {

struct ReceivedMail {
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;                            // decoded
};

std::string base64_decode(std::string text) {
  std::string compact;
  for (char c : text) {
    if (c != '\r' && c != '\n') compact += c;
  }
  std::string out(compact.size() * 3 / 4 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  REQUIRE(n >= 0);
  out.resize(static_cast<std::size_t>(n));
  while (!compact.empty() && compact.back() == '=') {
    compact.pop_back();
    out.pop_back();
  }
  return out;
}

ReceivedMail parse_mail(const std::string& raw) {
  ReceivedMail mail;
  auto split = raw.find("\n\n");
  REQUIRE(split != std::string::npos);
  std::string name;
  std::size_t start = 0;
  auto head = raw.substr(0, split);
  while (start < head.size()) {
    auto end = head.find('\n', start);
    auto line = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? head.size() : end + 1;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      mail.headers[name] += line.substr(1);
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto value = line.substr(colon + 1);
    mail.headers[name] = value.substr(value.find_first_not_of(' '));
  }
  mail.body = base64_decode(raw.substr(split + 2));
  return mail;
}

// aiosmtpd on loopback, STARTTLS required, storing what it receives.
struct MailServer {
  explicit MailServer(unsigned short on_port = 0)
      : port(on_port ? on_port : free_port()),
        process("/usr/bin/python3",
                {"-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port), "--tlscert",
                 (certificates() / "server.pem").string(), "--tlskey", (certificates() / "server.key").string(), "-c",
                 "aiosmtpd.handlers.Mailbox", (dir.path() / "maildir").string()},
                dir.path() / "smtpd") {
    // Ready when it accepts a connection.
    REQUIRE(eventually([&] {
      try {
        raw_exchange("127.0.0.1", port, "QUIT\r\n");
        return true;
      } catch (const std::exception&) {
        return false;
      }
    }));
  }

  std::vector<ReceivedMail> received() const {
    std::vector<ReceivedMail> out;
    auto folder = dir.path() / "maildir" / "new";
    if (!std::filesystem::exists(folder)) return out;
    for (const auto& file : std::filesystem::directory_iterator(folder)) {
      std::ifstream in(file.path(), std::ios::binary);
      out.push_back(parse_mail({std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()}));
    }
    return out;
  }

  TempDir dir;
  unsigned short port;
  ChildProcess process;
};

// The relay's flags for an SMTP server on `port` (it may not listen yet).
std::vector<std::string> mail_flags(unsigned short port) {
  return {"--smtp-url",      "smtp://127.0.0.1:" + std::to_string(port),
          "--smtp-from",     "Pedal & Co. <support@pedal.example>",
          "--support-email", "team@pedal.example",
          "--smtp-ca",       (certificates() / "ca.pem").string()};
}

}  // namespace

TEST_CASE("email: nobody online, the visitor leaves a message, the team gets it with the whole conversation") {
  MailServer smtp;
  Cluster cluster({.relay_flags = mail_flags(smtp.port)});
  // Nobody has written to the business: no one online, so e-mail is offered.
  auto options = cluster.relay("GET", "/v1/availability").json().at("options");
  CHECK(boost::json::serialize(options).find("\"email\"") != std::string::npos);

  auto s = cluster.open_session(
      R"({"page_title":"Cargo Long","page_url":"https://shop.example/cargo","language":"pt-BR"})");
  cluster.post_message(s, "c1", "Quanto custa o envio para os Açores?");
  auto handed = cluster.hand_off(
      s,
      R"({"mode":"email","name":"Marta Sílva","email":"marta@example.com","consent":true,"message":"Podem ligar-me amanhã?","copy":true})");
  REQUIRE(handed.status == 200);
  CHECK(handed.json().at("mode") == "email");
  CHECK(handed.json().at("state") == "ended");

  REQUIRE(eventually([&] { return smtp.received().size() == 2; }, std::chrono::seconds(20)));
  auto mails = smtp.received();
  const ReceivedMail* team = nullptr;
  const ReceivedMail* copy = nullptr;
  for (const auto& m : mails) (m.headers.at("to").find("team@") != std::string::npos ? team : copy) = &m;
  REQUIRE(team);
  REQUIRE(copy);
  CHECK(team->headers.at("reply-to") == "marta@example.com");
  CHECK(team->headers.at("from") == "Pedal & Co. <support@pedal.example>");
  CHECK(team->headers.at("subject").starts_with("=?UTF-8?B?"));  // "Marta Sílva" needs an encoded word
  CHECK(team->headers.at("content-type") == "text/plain; charset=utf-8");
  CHECK(team->body.find("Marta Sílva <marta@example.com> left a message on Cargo Long") != std::string::npos);
  CHECK(team->body.find("Podem ligar-me amanhã?") != std::string::npos);
  CHECK(team->body.find("Visitor: Quanto custa o envio para os Açores?") != std::string::npos);
  CHECK(team->body.find("Reference: #" + s.code) != std::string::npos);
  CHECK(team->body.find("Language: pt-BR") != std::string::npos);
  CHECK(copy->headers.at("to") == "marta@example.com");
  CHECK(copy->body.find("Quanto custa o envio") != std::string::npos);

  // The visitor's chat says where the answer will come; asking again sends nothing more.
  auto texts = texts_of(cluster.messages(s));
  CHECK(texts.back().find("responderemos em marta@example.com") != std::string::npos);  // in their language
  CHECK(cluster.hand_off(s, R"({"mode":"email","email":"marta@example.com","consent":true})").status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(smtp.received().size() == 2);
}

TEST_CASE("email: without an address, or with the relay not set up for it, nothing is stored or sent") {
  MailServer smtp;
  Cluster cluster({.relay_flags = mail_flags(smtp.port)});
  auto s = cluster.open_session();
  auto missing = cluster.hand_off(s, R"({"mode":"email","consent":true,"message":"hi"})");
  CHECK(missing.status == 400);
  CHECK(cluster.messages(s).size() == 1);  // only the greeting

  auto non_ascii = cluster.hand_off(s, R"({"mode":"email","email":"zé@exemplo.pt","consent":true})");
  CHECK(non_ascii.status == 400);

  Cluster plain;
  auto t = plain.open_session();
  auto refused = plain.hand_off(t, R"({"mode":"email","email":"a@example.com","consent":true})");
  CHECK(refused.status == 400);
  CHECK(refused.json().at("error").at("code") == "mode_unavailable");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(smtp.received().empty());
}

TEST_CASE("email: a server that is down is retried, and the mail arrives once it is back") {
  auto port = free_port();
  auto flags = mail_flags(port);
  flags.insert(flags.end(), {"--mail-retry-ms", "300"});
  Cluster cluster({.relay_flags = flags});
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s, R"({"mode":"email","email":"ze@example.com","consent":true,"message":"Olá"})").status ==
          200);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // attempts fail: nothing listens yet
  MailServer smtp(port);
  REQUIRE(eventually([&] { return smtp.received().size() == 1; }, std::chrono::seconds(20)));
  CHECK(smtp.received()[0].body.find("Olá") != std::string::npos);
  // The admin API shows how it went: sent, after failed attempts.
  boost::json::array mails;
  REQUIRE(eventually([&] {
    mails = cluster.relay("GET", "/v1/admin/mail", "", {{"Authorization", "Bearer " + admin_token}})
                .json()
                .at("mail")
                .as_array();
    return !mails.empty() && mails[0].at("state") == "sent";
  }));
  CHECK(mails[0].at("attempts").as_int64() >= 2);
  CHECK(mails[0].at("recipient") == "team@pedal.example");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(smtp.received().size() == 1);  // sent once, not once per attempt
}

// Found on review: a mail the server took, whose outcome the relay could
// not store, was sent again at every look, every 5 s, while the store failed.
TEST_CASE("email: a mail sent while the relay cannot store that it was is sent once") {
  auto port = free_port();
  auto flags = mail_flags(port);
  flags.insert(flags.end(), {"--mail-retry-ms", "300"});
  Cluster cluster({.relay_flags = flags});
  auto s = cluster.open_session();
  REQUIRE(cluster.hand_off(s, R"({"mode":"email","email":"ze@example.com","consent":true,"message":"Olá"})").status ==
          200);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // attempts fail: nothing listens yet
  auto log = cluster.dir().path() / "relay-data" / "baton.db-wal";
  REQUIRE(std::filesystem::exists(log));
  std::optional<MailServer> smtp;
  {
    Unwritable failing(log);
    if (!failing.works()) {
      MESSAGE("this file system cannot make a file unwritable here; nothing to check");
      return;
    }
    smtp.emplace(port);
    REQUIRE(eventually([&] { return smtp->received().size() == 1; }, std::chrono::seconds(20)));
    // Three looks for due mail while nothing can be stored.
    std::this_thread::sleep_for(std::chrono::seconds(12));
    CHECK(smtp->received().size() == 1);
  }
  boost::json::array mails;
  CHECK(eventually(
      [&] {
        mails = cluster.relay("GET", "/v1/admin/mail", "", {{"Authorization", "Bearer " + admin_token}})
                    .json()
                    .at("mail")
                    .as_array();
        return !mails.empty() && mails[0].at("state") == "sent";
      },
      std::chrono::seconds(20)));
  CHECK(smtp->received().size() == 1);
}

TEST_CASE("email: a half-configured fallback stops the relay with one clear line") {
  TempDir dir;
  ChildProcess relay(BATON_RELAY_BIN,
                     {"--listen", "127.0.0.1:0", "--data", (dir / "d").string(), "--smtp-url", "smtp://127.0.0.1:25"},
                     dir / "relay");
  CHECK(relay.wait(std::chrono::seconds(10)) == 2);
  CHECK(relay.stderr_text().find("--support-email") != std::string::npos);
}

TEST_CASE("email: the admin page's test e-mail arrives, and a server that refuses is reported") {
  MailServer smtp;
  Cluster cluster({.relay_flags = mail_flags(smtp.port)});
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto settings = cluster.relay("GET", "/v1/admin/mail/settings", "", admin);
  REQUIRE(settings.status == 200);
  CHECK(settings.json().at("configured") == true);
  CHECK(settings.json().at("to") == "team@pedal.example");
  CHECK(settings.json().at("password") == "not set");

  auto sent = cluster.relay("POST", "/v1/admin/mail/test", "", admin);
  REQUIRE(sent.status == 200);
  CHECK(sent.json().at("ok") == true);
  CHECK(sent.json().at("to") == "team@pedal.example");
  REQUIRE(eventually([&] { return smtp.received().size() == 1; }));
  CHECK(smtp.received()[0].headers.at("subject") == "Baton: test e-mail");
  CHECK(smtp.received()[0].body.find("test e-mail from your Baton relay") != std::string::npos);

  auto elsewhere = cluster.relay("POST", "/v1/admin/mail/test", R"({"to":"owner@pedal.example"})", admin);
  REQUIRE(elsewhere.status == 200);
  REQUIRE(eventually([&] { return smtp.received().size() == 2; }));
  CHECK(cluster.relay("POST", "/v1/admin/mail/test", R"({"to":"not an address"})", admin).status == 400);
  CHECK(smtp.received().size() == 2);
}

TEST_CASE("email: a test e-mail to a server that is down says why, and a relay without mail says so") {
  auto port = free_port();
  Cluster cluster({.relay_flags = {"--smtp-url", "smtp://127.0.0.1:" + std::to_string(port), "--smtp-from",
                                   "support@pedal.example", "--support-email", "team@pedal.example"}});
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto sent = cluster.relay("POST", "/v1/admin/mail/test", "", admin);
  REQUIRE(sent.status == 200);
  CHECK(sent.json().at("ok") == false);
  CHECK_FALSE(std::string(sent.json().at("error").as_string()).empty());

  Cluster without;
  auto none = without.relay("POST", "/v1/admin/mail/test", "", admin);
  CHECK(none.status == 409);
  CHECK(none.json().at("error").at("code") == "mail_not_configured");
  CHECK(without.relay("GET", "/v1/admin/mail/settings", "", admin).json().at("configured") == false);
}

TEST_CASE("email: the fallback is set up on the page at once, its password kept sealed, and turned off again") {
  MailServer smtp;
  Cluster cluster({.relay_flags = {"--smtp-ca", (certificates() / "ca.pem").string()}});
  Headers admin{{"Authorization", "Bearer " + admin_token}};
  auto offered = [&] {
    return boost::json::serialize(cluster.relay("GET", "/v1/availability").json().at("options")).find("\"email\"") !=
           std::string::npos;
  };
  CHECK_FALSE(offered());
  auto put = [&](const std::string& server, const std::string& from, const std::string& user,
                 const std::string& password) {
    return cluster.relay(
        "PUT", "/v1/admin/mail/settings",
        boost::json::serialize(boost::json::object{
            {"server", server}, {"user", user}, {"password", password}, {"from", from}, {"to", "team@pedal.example"}}),
        admin);
  };
  auto test = [&] { return cluster.relay("POST", "/v1/admin/mail/test", "", admin).json(); };
  auto server = "smtp://127.0.0.1:" + std::to_string(smtp.port);
  // Each problem named; nothing changes.
  CHECK(put("http://127.0.0.1:25", "support@pedal.example", "", "").json().at("error").at("code") == "invalid_mail");
  CHECK(put(server, "not an address", "", "").body.find("the sender") != std::string::npos);
  CHECK_FALSE(offered());

  // A login this server does not know: in force at once, and its refusal reported.
  auto set = put(server, "Pedal & Co. <support@pedal.example>", "baton", "a-mail-password");
  REQUIRE(set.status == 200);
  CHECK(set.json().at("configured") == true);
  CHECK(set.json().at("source") == "admin");
  CHECK(set.json().at("password") == "set");
  CHECK(set.body.find("a-mail-password") == std::string::npos);
  CHECK(offered());
  CHECK(std::string(test().at("error").as_string()).find("535") != std::string::npos);

  // Kept sealed over a restart; an empty password keeps it for the same login.
  CHECK(cluster.stop_relay() == 0);
  CHECK(files_holding(cluster.dir() / "relay-data", "a-mail-password").empty());
  cluster.start_relay();
  CHECK(offered());
  CHECK(put(server, "support@pedal.example", "baton", "").json().at("password") == "set");

  // Without a login (another login: the password is not kept), the mail goes.
  auto open = put(server, "Pedal & Co. <support@pedal.example>", "", "");
  CHECK(open.json().at("password") == "not set");
  CHECK(test().at("ok") == true);
  REQUIRE(eventually([&] { return smtp.received().size() == 1; }));
  CHECK(smtp.received()[0].headers.at("from").find("support@pedal.example") != std::string::npos);

  // Off: an empty server; then back to the flags (none).
  CHECK(put("", "", "", "").json().at("configured") == false);
  CHECK_FALSE(offered());
  auto reset = cluster.relay("DELETE", "/v1/admin/mail/settings", "", admin);
  REQUIRE(reset.status == 200);
  CHECK(reset.json().at("source") == "flags");
  auto audit = cluster.relay("GET", "/v1/admin/audit", "", admin).json().at("entries").as_array();
  CHECK(audit.at(0).at("action") == "reset_mail");
  for (const auto& entry : audit) CHECK(boost::json::serialize(entry).find("a-mail-password") == std::string::npos);
}
