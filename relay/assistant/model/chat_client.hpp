#pragma once
// A client of an OpenAI-compatible API: one POST per call to
// {url}/chat/completions (or another call of the same API, such as
// /embeddings), the answer streamed back as server-sent
// events (or read whole when the server does not stream). Every call has a
// time limit on silence and on its whole length; every failure is reported,
// never thrown.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "relay/assistant/model/chat_protocol.hpp"
#include "relay/http/client_stream.hpp"

namespace baton {

class ChatClient {
 public:
  struct Settings {
    HttpEndpoint endpoint;                           // e.g. https://api.example.com/v1 or http://127.0.0.1:8081/v1
    std::string key;                                 // bearer token; empty for local servers without one
    std::chrono::milliseconds idle_timeout{20000};   // no byte for this long: give up
    std::chrono::milliseconds total_timeout{90000};  // the whole answer
    std::filesystem::path extra_ca;
  };

  struct Result {
    bool ok = false;
    std::string text;   // everything the model wrote
    std::string error;  // what went wrong, for the log (never the key)
    TokenUsage usage;   // as the server reported it (zero if it did not)
  };

  ChatClient(boost::asio::any_io_executor executor, Settings settings);

  // `body` from chat_request_body. With `on_text`, the request asks for a
  // stream and each piece of text is handed over as it arrives; returning
  // false ends the call (nobody wants the answer any more). `done` runs
  // once, on the executor. `total_limit`, when set, is this call's time
  // limit instead of the settings' (a summary must not hold up a handoff).
  void complete(std::string body, std::function<bool(std::string_view)> on_text, std::function<void(Result)> done,
                std::chrono::milliseconds total_limit = {});

  // Any other call of the same API, answered whole: POST {base}{call}
  // ("/embeddings"), the same key, limits and errors; `Result::text` is the
  // response body.
  void post(std::string_view call, std::string body, std::function<void(Result)> done,
            std::chrono::milliseconds total_limit = {});

  // Ends every call under way (each reports a failure): for shutting down.
  void close();

  const Settings& settings() const { return settings_; }

  // Bodies of error answers and whole answers are read up to this size (a
  // batch of embeddings is the largest).
  static constexpr std::size_t max_body_bytes = 4 * 1024 * 1024;
  // A chat answer longer than this is a server gone wrong, not an answer.
  static constexpr std::size_t max_answer_bytes = 16 * 1024;

 private:
  void send(std::string path, std::string body, std::function<bool(std::string_view)> on_text, bool chat,
            std::function<void(Result)> done, std::chrono::milliseconds total_limit);

  boost::asio::any_io_executor executor_;
  Settings settings_;
  boost::asio::ssl::context tls_;
  // Calls under way, for close().
  std::shared_ptr<std::set<ClientStream*>> open_ = std::make_shared<std::set<ClientStream*>>();
  bool closed_ = false;
};

}  // namespace baton
