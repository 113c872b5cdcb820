#pragma once
// HTTPS client of the Cloud API: verified TLS (SNI, host name, verify_peer,
// the system CAs plus an optional extra CA), keep-alive connections reused
// while fresh, one call per connection at a time, a time limit on every call.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include "relay/http/client_stream.hpp"
#include "relay/whatsapp/graph_result.hpp"

namespace baton {

class GraphClient {
 public:
  struct Settings {
    HttpEndpoint endpoint;
    std::string phone_number_id;
    std::string access_token;
    std::chrono::milliseconds timeout{15000};
    std::filesystem::path extra_ca;
  };

  GraphClient(boost::asio::any_io_executor executor, Settings settings);
  ~GraphClient();

  // POSTs a message body to /{phone-number-id}/messages; `done` runs on the
  // executor with what came back.
  void send_message(std::string body, std::function<void(GraphResult)> done);
  // GETs /{phone-number-id} with its name, number and quality: a harmless
  // call that shows whether the credentials work (the admin page's test).
  void read_phone_number(std::function<void(GraphResult)> done);

  // Closes idle connections; calls in progress finish on their own time limit.
  void close();

  // The number and token an admin set on the page (call on the executor):
  // the next call uses them.
  void set_account(std::string phone_number_id, std::string access_token);

 private:
  struct Connection;
  void call(boost::beast::http::verb method, std::string target, std::string body,
            std::function<void(GraphResult)> done);
  std::unique_ptr<Connection> take_connection();
  void give_back(std::unique_ptr<Connection> connection);

  boost::asio::any_io_executor executor_;
  Settings settings_;
  boost::asio::ssl::context tls_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace baton
