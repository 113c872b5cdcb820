#pragma once
// llm-sim: a local stand-in for an OpenAI-compatible chat completions server
// (docs/llm-sim.md). It validates requests as the real service does, answers
// whole or as a server-sent event stream, and can be told over /sim/... to
// fail, stall or hang the next calls, so the relay's fallbacks can be tested.
//
//   POST /v1/chat/completions   the API
//   POST /v1/embeddings         vectors of a stand-in model (embedding_api.hpp)
//   POST /sim/script            queue how the next call behaves (JSON below;
//                               "endpoint": "embeddings" for that call's queue)
//   GET  /sim/requests          every call received, newest last: "requests"
//                               for chat completions, "embeddings" apart
//   POST /sim/reset             forget the queue and the log

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/array.hpp>
#include <deque>
#include <optional>

#include "tools/llm-sim/completion_api.hpp"
#include <string>

#include "relay/http/http_server.hpp"
#include "relay/http/http_types.hpp"
#include "relay/http/request_handlers.hpp"

namespace baton::llm {

// How one call behaves. {"reply": "...", "status": 429, "delay_ms": 0,
// "chunk_delay_ms": 15, "hang": false, "fail_after_pieces": -1, "times": 1}
struct Behaviour {
  std::optional<std::string> reply;  // else default_reply
  unsigned status = 200;             // an error status answers with the service's error body
  unsigned delay_ms = 0;             // before the response starts
  unsigned chunk_delay_ms = 15;      // between streamed pieces
  bool hang = false;                 // never answer
  int fail_after_pieces = -1;        // stream this many pieces, then an error event, then close
};

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string key;    // when set, calls need "Authorization: Bearer <key>"
  std::string model;  // when set, other model names get 404 model_not_found
};

class LlmSim : public RequestHandler {
 public:
  LlmSim(boost::asio::io_context& io, Options options);
  boost::asio::ip::tcp::endpoint listen();
  void start() { server_.start(); }
  void stop() { server_.stop(); }

  boost::asio::awaitable<Reply> handle(const Request& request, const Peer& peer) override;
  std::size_t body_limit(std::string_view /*target*/) const override { return max_body_bytes; }

  static constexpr std::size_t max_body_bytes = 4 * 1024 * 1024;

 private:
  Reply complete(const Request& request);
  Reply embed(const Request& request);
  // The Authorization header's error, if any (as the real service answers).
  std::optional<ApiFailure> refused(const Request& request) const;
  // 404 model_not_found with --model and another name.
  std::optional<Response> unknown_model(const Request& request, const std::string& model) const;
  // Fills `reply` and returns true when the behaviour hangs or fails the call;
  // otherwise sets only its delay.
  bool scripted(const Request& request, const Behaviour& behaviour, Reply& reply) const;
  Response control(const Request& request);
  Behaviour next_behaviour(bool embeddings = false);

  Options options_;
  HttpServer server_;
  std::deque<std::pair<Behaviour, unsigned>> script_;  // behaviour, times left
  std::deque<std::pair<Behaviour, unsigned>> embedding_script_;
  boost::json::array requests_;
  boost::json::array embedding_requests_;
  unsigned next_id_ = 1;
};

}  // namespace baton::llm
