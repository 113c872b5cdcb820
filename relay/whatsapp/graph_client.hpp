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
#include <optional>
#include <string>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include "relay/http/client_stream.hpp"
#include "relay/whatsapp/graph_result.hpp"

namespace baton {

// The longest one call may take with `timeout`: opening a connection (TLS
// included), then the exchange, which for a file (up to 100 MB at a modest
// 2 Mbit/s) may take minutes.
std::chrono::milliseconds graph_exchange_deadline(std::chrono::milliseconds timeout, bool file);
std::chrono::milliseconds longest_graph_call(std::chrono::milliseconds timeout, bool file);

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

  // POSTs a file to /{phone-number-id}/media (multipart, as Meta documents);
  // a 200 answer's body holds {"id": media id}.
  void upload_media(std::string bytes, std::string mime, std::string file_name, std::function<void(GraphResult)> done);
  // GETs /{media-id}: the file's short-lived URL, type, size and sha256.
  void media_info(std::string media_id, std::function<void(GraphResult)> done);
  // GETs a media URL from media_info with the token, the body at most
  // `max_bytes`. Only https URLs (or the Graph URL's own origin, for a
  // local simulator) are fetched: the token goes nowhere else.
  void download(std::string url, std::size_t max_bytes, std::function<void(GraphResult)> done);

  // Closes idle connections; calls in progress finish on their own time limit.
  void close();

  // The number and token an admin set on the page (call on the executor):
  // the next call uses them.
  void set_account(std::string phone_number_id, std::string access_token);

 private:
  struct Connection;
  struct Call {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    std::string target;  // after the endpoint's base path
    std::string body;
    std::string content_type = "application/json";
    std::size_t answer_limit = 1024 * 1024;
    std::optional<HttpEndpoint> elsewhere;  // a media URL's host: its own connection
    bool file = false;                      // a file goes either way: minutes, not seconds
  };
  void call(boost::beast::http::verb method, std::string target, std::string body,
            std::function<void(GraphResult)> done);
  void call(Call what, std::function<void(GraphResult)> done);
  std::unique_ptr<Connection> take_connection();
  void give_back(std::unique_ptr<Connection> connection);

  boost::asio::any_io_executor executor_;
  Settings settings_;
  boost::asio::ssl::context tls_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace baton
