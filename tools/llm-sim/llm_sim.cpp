#include "tools/llm-sim/llm_sim.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "relay/core/net.hpp"
#include "tools/llm-sim/completion_api.hpp"
#include "tools/llm-sim/embedding_api.hpp"

namespace baton::llm {
namespace {

std::string failure_message(unsigned status) {
  switch (status) {
    case 401: return "Incorrect API key provided.";
    case 429: return "Rate limit reached for requests. Please try again in 1s.";
    case 503: return "The engine is currently overloaded, please try again later.";
    default: return "The server had an error while processing your request. Sorry about that!";
  }
}

ApiFailure scripted_failure(unsigned status) {
  ApiFailure f{status, failure_message(status), status >= 500 ? "server_error" : "invalid_request_error", {}};
  if (status == 401) f.code = "invalid_api_key";
  if (status == 429) {
    f.type = "requests";
    f.code = "rate_limit_exceeded";
  }
  return f;
}

Response api_error(const Request& request, const ApiFailure& failure) {
  Response response{static_cast<http::status>(failure.status), request.version()};
  response.set(http::field::content_type, "application/json");
  response.keep_alive(false);
  response.body() = error_body(failure);
  response.prepare_payload();
  return response;
}

Response json_reply(const Request& request, unsigned status, const json::value& body) {
  Response response{static_cast<http::status>(status), request.version()};
  response.set(http::field::content_type, "application/json");
  response.keep_alive(false);
  response.body() = json::serialize(body);
  response.prepare_payload();
  return response;
}

Behaviour parse_behaviour(const json::object& o, unsigned& times) {
  Behaviour b;
  auto number = [&](const char* key, unsigned fallback) -> unsigned {
    const auto* v = o.if_contains(key);
    if (!v) return fallback;
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 3600000) {
      throw std::invalid_argument(std::string(key) + " must be a number from 0 to 3600000");
    }
    return static_cast<unsigned>(v->as_int64());
  };
  if (const auto* reply = o.if_contains("reply")) {
    if (!reply->is_string()) throw std::invalid_argument("reply must be a string");
    b.reply = std::string(reply->as_string());
  }
  b.status = number("status", 200);
  if (b.status < 200 || b.status > 599) throw std::invalid_argument("status must be an HTTP status");
  b.delay_ms = number("delay_ms", 0);
  b.chunk_delay_ms = number("chunk_delay_ms", b.chunk_delay_ms);
  if (const auto* hang = o.if_contains("hang")) b.hang = hang->is_bool() && hang->as_bool();
  if (const auto* fail = o.if_contains("fail_after_pieces"); fail && fail->is_int64()) {
    b.fail_after_pieces = static_cast<int>(fail->as_int64());
  }
  times = std::max(1u, number("times", 1));
  return b;
}

// One server-sent event of a streamed answer, and the pause before it.
struct Event {
  std::string data;
  unsigned delay_ms = 0;
};

net::awaitable<std::optional<std::string>> next_event(std::shared_ptr<std::deque<Event>> events) {
  if (events->empty()) co_return std::nullopt;
  auto event = std::move(events->front());
  events->pop_front();
  if (event.delay_ms > 0) {
    net::steady_timer pause(co_await net::this_coro::executor, std::chrono::milliseconds(event.delay_ms));
    beast::error_code ignored;
    co_await pause.async_wait(net::redirect_error(net::use_awaitable, ignored));
  }
  co_return "data: " + event.data + "\n\n";
}

}  // namespace

LlmSim::LlmSim(net::io_context& io, Options options) : options_(std::move(options)), server_(io, *this) {}

tcp::endpoint LlmSim::listen() { return server_.listen(options_.host, options_.port); }

Behaviour LlmSim::next_behaviour(bool embeddings) {
  auto& script = embeddings ? embedding_script_ : script_;
  if (script.empty()) return {};
  auto behaviour = script.front().first;
  if (--script.front().second == 0) script.pop_front();
  return behaviour;
}

net::awaitable<Reply> LlmSim::handle(const Request& request, const Peer& /*peer*/) {
  if (request.target().starts_with("/sim/")) co_return control(request);
  if (request.method() == http::verb::post &&
      (request.target() == "/v1/chat/completions" || request.target() == "/chat/completions")) {
    co_return complete(request);
  }
  if (request.method() == http::verb::post &&
      (request.target() == "/v1/embeddings" || request.target() == "/embeddings")) {
    co_return embed(request);
  }
  co_return api_error(
      request, {404,
                "Invalid URL (" + std::string(request.method_string()) + " " + std::string(request.target()) + ")",
                "invalid_request_error",
                {}});
}

Response LlmSim::control(const Request& request) {
  auto target = request.target();
  if (target == "/sim/requests" && request.method() == http::verb::get) {
    return json_reply(request, 200, json::object{{"requests", requests_}, {"embeddings", embedding_requests_}});
  }
  if (target == "/sim/reset" && request.method() == http::verb::post) {
    script_.clear();
    embedding_script_.clear();
    requests_.clear();
    embedding_requests_.clear();
    return json_reply(request, 200, json::object{{"ok", true}});
  }
  if (target == "/sim/script" && request.method() == http::verb::post) {
    boost::system::error_code ec;
    auto value = json::parse(request.body(), ec);
    if (ec || !value.is_object()) return json_reply(request, 400, json::object{{"error", "a JSON object is expected"}});
    try {
      unsigned times = 1;
      auto behaviour = parse_behaviour(value.as_object(), times);
      const auto* endpoint = value.as_object().if_contains("endpoint");
      bool embeddings = endpoint && endpoint->is_string() && endpoint->as_string() == "embeddings";
      (embeddings ? embedding_script_ : script_).emplace_back(behaviour, times);
    } catch (const std::invalid_argument& e) {
      return json_reply(request, 400, json::object{{"error", e.what()}});
    }
    return json_reply(request, 200, json::object{{"queued", script_.size() + embedding_script_.size()}});
  }
  return json_reply(request, 404, json::object{{"error", "no such control endpoint"}});
}

std::optional<ApiFailure> LlmSim::refused(const Request& request) const {
  if (options_.key.empty()) return std::nullopt;
  auto auth = request[http::field::authorization];
  if (auth.empty()) {
    return ApiFailure{401,
                      "You didn't provide an API key. You need to provide your API key in an Authorization header "
                      "using Bearer auth.",
                      "invalid_request_error",
                      {}};
  }
  if (auth != "Bearer " + options_.key) return scripted_failure(401);
  return std::nullopt;
}

std::optional<Response> LlmSim::unknown_model(const Request& request, const std::string& model) const {
  if (options_.model.empty() || model == options_.model) return std::nullopt;
  return api_error(request, {404, "The model `" + model + "` does not exist or you do not have access to it.",
                             "invalid_request_error", "model_not_found"});
}

bool LlmSim::scripted(const Request& request, const Behaviour& behaviour, Reply& reply) const {
  if (behaviour.hang) {
    // Accepts the call and never answers, as a stuck server does; the
    // client's time limit is what ends it.
    reply.delay = std::chrono::minutes(10);
    reply.action = Reply::Action::drop;
    return true;
  }
  reply.delay = std::chrono::milliseconds(behaviour.delay_ms);
  if (behaviour.status == 200) return false;
  reply.response = api_error(request, scripted_failure(behaviour.status));
  return true;
}

Reply LlmSim::embed(const Request& request) {
  auto auth = request[http::field::authorization];
  json::object logged{{"authorized", !options_.key.empty() && auth == "Bearer " + options_.key}};
  auto parsed = read_embedding_request(request.body());
  if (auto* ok = std::get_if<EmbeddingRequest>(&parsed)) {
    json::array inputs;
    for (const auto& text : ok->inputs) inputs.emplace_back(text);
    logged["model"] = ok->model;
    logged["input"] = std::move(inputs);
  }
  embedding_requests_.push_back(std::move(logged));
  if (auto failure = refused(request)) return api_error(request, *failure);
  if (auto* failure = std::get_if<ApiFailure>(&parsed)) return api_error(request, *failure);
  const auto& call = std::get<EmbeddingRequest>(parsed);
  if (auto unknown = unknown_model(request, call.model)) return *unknown;
  Reply reply;
  if (scripted(request, next_behaviour(true), reply)) return reply;
  reply.response = Response{http::status::ok, request.version()};
  reply.response.set(http::field::content_type, "application/json");
  reply.response.keep_alive(false);
  reply.response.body() = embedding_response_body(call.model, call.inputs);
  reply.response.prepare_payload();
  return reply;
}

Reply LlmSim::complete(const Request& request) {
  auto auth = request[http::field::authorization];
  json::object logged{{"authorized", !options_.key.empty() && auth == "Bearer " + options_.key}};
  auto parsed = read_request(request.body());
  if (auto* request_ok = std::get_if<CompletionRequest>(&parsed)) {
    json::array messages;
    for (const auto& m : request_ok->messages)
      messages.push_back(json::object{{"role", m.role}, {"content", m.content}});
    logged["model"] = request_ok->model;
    logged["stream"] = request_ok->stream;
    logged["include_usage"] = request_ok->include_usage;
    logged["messages"] = std::move(messages);
  }
  requests_.push_back(std::move(logged));

  if (auto failure = refused(request)) return api_error(request, *failure);
  if (auto* failure = std::get_if<ApiFailure>(&parsed)) return api_error(request, *failure);
  const auto& call = std::get<CompletionRequest>(parsed);
  if (auto unknown = unknown_model(request, call.model)) return *unknown;

  auto behaviour = next_behaviour();
  Reply reply;
  if (scripted(request, behaviour, reply)) return reply;
  auto text = behaviour.reply ? *behaviour.reply : default_reply(call);
  auto id = "chatcmpl-sim" + std::to_string(next_id_++);
  if (!call.stream) {
    reply.response = Response{http::status::ok, request.version()};
    reply.response.set(http::field::content_type, "application/json");
    reply.response.keep_alive(false);
    reply.response.body() = response_body(id, call.model, text, prompt_tokens(call));
    reply.response.prepare_payload();
    return reply;
  }

  reply.response = Response{http::status::ok, request.version()};
  reply.response.set(http::field::content_type, "text/event-stream; charset=utf-8");
  reply.response.set(http::field::cache_control, "no-cache");
  reply.response.keep_alive(false);
  auto events = std::make_shared<std::deque<Event>>();
  auto pieces = stream_pieces(text);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (behaviour.fail_after_pieces >= 0 && i == static_cast<std::size_t>(behaviour.fail_after_pieces)) {
      // What the service sends when a stream fails part way, then it closes.
      events->push_back({error_body(scripted_failure(500)), 0});
      reply.cut_after_pieces = true;
      break;
    }
    events->push_back({chunk_body(id, call.model, pieces[i], i == 0, false), i > 0 ? behaviour.chunk_delay_ms : 0});
  }
  if (!reply.cut_after_pieces) {
    events->push_back({chunk_body(id, call.model, {}, pieces.empty(), true), 0});
    if (call.include_usage) {
      events->push_back({usage_chunk_body(id, call.model, prompt_tokens(call), completion_tokens(text)), 0});
    }
    events->push_back({"[DONE]", 0});
  }
  reply.pieces = [events] { return next_event(events); };
  return reply;
}

}  // namespace baton::llm
