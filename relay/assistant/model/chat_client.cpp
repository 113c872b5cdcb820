#include "relay/assistant/model/chat_client.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "relay/assistant/model/chat_protocol.hpp"
#include "relay/assistant/model/sse_reader.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"

namespace baton {
namespace {

using Clock = std::chrono::steady_clock;

// "/v1" + "/chat/completions"; a URL given whole ("/v1/chat/completions")
// names the API's base too, so "/v1/embeddings" can be found from it.
std::string api_path(const HttpEndpoint& endpoint, std::string_view call) {
  std::string_view base = endpoint.base_path;
  if (base.ends_with("/chat/completions")) base.remove_suffix(std::string_view("/chat/completions").size());
  auto path = std::string(base) + std::string(call);
  return endpoint.query.empty() ? path : path + "?" + endpoint.query;
}

}  // namespace

ChatClient::ChatClient(net::any_io_executor executor, Settings settings)
    : executor_(std::move(executor)), settings_(std::move(settings)), tls_(make_client_tls(settings_.extra_ca)) {}

void ChatClient::close() {
  closed_ = true;
  for (auto* stream : *open_) {
    // A call still resolving has no socket yet; it stops after the lookup.
    if (!stream->is_open()) continue;
    beast::error_code ignored;
    stream->tcp().socket().close(ignored);
  }
}

void ChatClient::complete(std::string body, std::function<bool(std::string_view)> on_text,
                          std::function<void(Result)> done, std::chrono::milliseconds total_limit) {
  send(api_path(settings_.endpoint, "/chat/completions"), std::move(body), std::move(on_text), true, std::move(done),
       total_limit);
}

void ChatClient::post(std::string_view call, std::string body, std::function<void(Result)> done,
                      std::chrono::milliseconds total_limit) {
  send(api_path(settings_.endpoint, call), std::move(body), nullptr, false, std::move(done), total_limit);
}

void ChatClient::send(std::string path, std::string body, std::function<bool(std::string_view)> on_text, bool chat,
                      std::function<void(Result)> done, std::chrono::milliseconds total_limit) {
  if (total_limit.count() <= 0) total_limit = settings_.total_timeout;
  auto call = [this, path = std::move(path), body = std::move(body), on_text = std::move(on_text), chat,
               total_limit]() -> net::awaitable<Result> {
    const auto started = Clock::now();
    const auto& endpoint = settings_.endpoint;
    beast::error_code ec;
    auto token = net::redirect_error(net::use_awaitable, ec);
    auto failed = [&](std::string what) { return Result{false, {}, std::move(what), {}}; };
    // Waits are bounded by the silence limit and by what is left of the total.
    auto arm = [&](ClientStream& stream) {
      auto left = total_limit - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
      stream.tcp().expires_after(std::max(std::chrono::milliseconds(1), std::min(settings_.idle_timeout, left)));
    };

    if (closed_) co_return failed("the relay is stopping");
    ClientStream stream;
    open_->insert(&stream);
    // Shared: at exit, a call's frame may be destroyed after the client.
    struct Forget {
      std::shared_ptr<std::set<ClientStream*>> open;
      ClientStream* stream;
      ~Forget() { open->erase(stream); }
    } forget{open_, &stream};
    auto step = co_await stream.open(endpoint, tls_, std::min(settings_.idle_timeout, total_limit), ec);
    if (ec) co_return failed(step + ": " + ec.message());
    // close() ran during the lookup or the connect: go no further.
    if (closed_) co_return failed("the relay is stopping");

    http::request<http::string_body> request{http::verb::post, path, 11};
    request.set(http::field::host, endpoint.host_header());
    if (!settings_.key.empty()) request.set(http::field::authorization, "Bearer " + settings_.key);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::accept, on_text ? "text/event-stream" : "application/json");
    request.set(http::field::user_agent, "baton-relay");
    request.keep_alive(false);
    request.body() = body;
    request.prepare_payload();
    arm(stream);
    co_await stream.with([&](auto& s) { return http::async_write(s, request, token); });
    if (ec) co_return failed("write: " + ec.message());

    beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    arm(stream);
    co_await stream.with([&](auto& s) { return http::async_read_header(s, buffer, parser, token); });
    if (ec) co_return failed("read: " + ec.message());
    const auto status = parser.get().result_int();
    const bool event_stream = parser.get()[http::field::content_type].starts_with("text/event-stream");

    SseReader events;
    std::string whole;  // error bodies and unstreamed answers
    Result result{true, {}, {}, {}};
    bool finished = false;
    std::array<char, 8192> chunk{};
    while (!parser.is_done() && !finished) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      arm(stream);
      // read_some: hand over each piece as it arrives, not when the buffer fills.
      co_await stream.with([&](auto& s) { return http::async_read_some(s, buffer, parser, token); });
      if (ec == http::error::need_buffer) ec = {};
      if (ec) co_return failed("read: " + ec.message());
      std::string_view got(chunk.data(), chunk.size() - parser.get().body().size);
      if (status != 200 || !event_stream || !chat) {
        if (whole.size() + got.size() > max_body_bytes) co_return failed("answer larger than 4 MiB");
        whole += got;
        continue;
      }
      for (const auto& data : events.feed(got)) {
        if (data == "[DONE]") {
          finished = true;
          break;
        }
        if (auto usage = usage_in(data)) result.usage = *usage;
        auto text = chunk_text(data);
        if (!text) {
          // A server may report an error inside the stream.
          co_return failed("stream: " + error_text(data));
        }
        if (text->empty()) continue;
        if (result.text.size() + text->size() > max_answer_bytes) co_return failed("answer longer than 16 KiB");
        result.text += *text;
        if (on_text && !on_text(*text)) co_return failed("cancelled: the answer is no longer wanted");
      }
      if (events.overflowed()) co_return failed("stream: a line longer than 1 MiB");
    }
    if (status != 200) co_return failed("HTTP " + std::to_string(status) + ": " + error_text(whole));
    if (!chat) {
      result.text = std::move(whole);  // the caller reads its own call's answer
    } else if (!event_stream) {
      auto text = response_text(whole);
      if (!text) co_return failed("not a chat completion: " + error_text(whole));
      if (auto usage = usage_in(whole)) result.usage = *usage;
      if (text->size() > max_answer_bytes) co_return failed("answer longer than 16 KiB");
      result.text = *text;
      if (on_text && !text->empty()) on_text(*text);
    } else if (!finished && result.text.empty()) {
      co_return failed("the stream ended without an answer");
    }
    co_return result;
  };

  net::co_spawn(executor_, std::move(call), [done = std::move(done)](std::exception_ptr error, Result result) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        result = Result{false, {}, std::string("internal error: ") + e.what(), {}};
      } catch (...) {
        result = Result{false, {}, "internal error", {}};
      }
    }
    try {
      done(std::move(result));
    } catch (const std::exception& e) {
      log::error("model answer handler failed", {{"error", e.what()}});
    }
  });
}

}  // namespace baton
