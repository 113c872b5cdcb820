#include "relay/api/webhook_api.hpp"

#include <boost/beast/http/field.hpp>

#include <boost/json/parse.hpp>
#include <chrono>

#include "relay/conversation/delivery_transactions.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/crypto.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/whatsapp/signature.hpp"
#include "relay/whatsapp/webhook_parser.hpp"

namespace baton {
namespace {

metrics::Counter& webhook_counter(std::string_view result) {
  return metrics::registry().counter("baton_webhooks_total", "Webhook POSTs by result",
                                     "result=\"" + std::string(result) + "\"");
}

metrics::Counter& item_counter(std::string_view kind) {
  return metrics::registry().counter("baton_webhook_items_total", "Webhook items by kind",
                                     "kind=\"" + std::string(kind) + "\"");
}

// Looked up once: every registry lookup builds its strings and takes a lock,
// and a stored webhook counts into all of these.
struct ItemCounters {
  metrics::Counter& message = item_counter("message");
  metrics::Counter& duplicate_message = item_counter("duplicate_message");
  metrics::Counter& unrouted_message = item_counter("unrouted_message");
  metrics::Counter& status = item_counter("status");
  metrics::Counter& duplicate_status = item_counter("duplicate_status");
  metrics::Counter& error = item_counter("error");
};

const ItemCounters& item_counters() {
  static const ItemCounters counters;
  return counters;
}

// What a webhook carried, for its event on the admin feed: by id and kind
// (no text, numbers masked). A JSON array, written as a line (json_writer.hpp).
std::string webhook_items(const WebhookBatch& batch) {
  std::string items = "[";
  auto add = [&items](const JsonWriter& item) {
    if (items.size() > 1) items += ',';
    items += item.object();
  };
  for (const auto& m : batch.messages) {
    add(JsonWriter()
            .add("item", "message")
            .add("wamid", m.wamid)
            .add("from", masked_phone(m.from))
            .add("wa_type", m.type));
  }
  for (const auto& st : batch.statuses) {
    JsonWriter item;
    item.add("item", "status").add("wamid", st.wamid).add("status", st.status);
    if (st.callback_data.starts_with(callback_prefix)) {
      item.add("row", std::string_view(st.callback_data).substr(callback_prefix.size()));
    }
    if (!st.errors.empty()) item.add("code", st.errors.front().code).add("title", st.errors.front().title);
    add(item);
  }
  items += ']';
  return items;
}

// Where a body came from, on its feed event: a POST ("id") or a redelivery.
JsonWriter origin_fields(std::string_view key, std::uint64_t id) { return JsonWriter().add(key, std::to_string(id)); }

// A webhook's event: its result, what it carried, then where it came from.
JsonWriter webhook_event(std::string_view result, std::string_view items, const JsonWriter& origin) {
  JsonWriter event;
  event.add("result", result);
  if (!items.empty()) event.add_json("items", items);
  event.add_json_members(origin);
  return event;
}
}  // namespace

metrics::Histogram& webhook_to_tab() {
  static auto& h = metrics::registry().histogram("baton_webhook_to_tab_seconds",
                                                 "From a webhook POST read to its messages queued on every tab",
                                                 metrics::latency_buckets());
  return h;
}

metrics::Counter& webhooks_stored() {
  static auto& counter = webhook_counter("stored");
  return counter;
}

WebhookApi::WebhookApi(ConversationService& service) : service_(service) {
  if (service_.config().app_secret.empty()) {
    log::warn("no app secret is set: every webhook POST will be refused (set --app-secret)");
  }
}

net::awaitable<std::optional<Response>> WebhookApi::handle(const Request& request, const Target& target) {
  if (!target.is({"webhooks", "whatsapp"})) co_return std::nullopt;
  if (request.method() == http::verb::get) co_return verify_subscription(request, target);
  if (request.method() == http::verb::post) co_return co_await receive(request);
  auto response = error_response(request, ApiError{405, "method_not_allowed", "use GET or POST"});
  response.set(http::field::allow, "GET, POST");
  co_return response;
}

Response WebhookApi::verify_subscription(const Request& request, const Target& target) {
  const auto& expected = service_.config().verify_token;
  auto mode = target.param("hub.mode");
  auto token = target.param("hub.verify_token");
  auto challenge = target.param("hub.challenge");
  bool matches = !expected.empty() && token && crypto::equal(crypto::sha256(*token), crypto::sha256(expected));
  if (mode != "subscribe" || !matches || !challenge || challenge->size() > 1024) {
    log::warn("webhook subscription check refused");
    return error_response(request, ApiError{403, "verification_failed", "hub.verify_token does not match"});
  }
  log::info("webhook subscription verified");
  return text_response(request, 200, *challenge);
}

net::awaitable<Response> WebhookApi::receive(const Request& request) {
  auto started = std::chrono::steady_clock::now();
  auto header = request.find("X-Hub-Signature-256");
  auto check = check_signature(service_.config().app_secret, request.body(),
                               header == request.end() ? std::string_view() : std::string_view(header->value()));
  auto& feed = admin_feed();
  auto now = service_.clock().now_ms();
  if (check != SignatureCheck::valid) {
    webhook_counter("bad_signature").inc();
    feed.emit("webhook", "", JsonWriter().add("result", "bad_signature").add("reason", to_string(check)), now);
    log::warn("webhook refused", {{"reason", to_string(check)}});
    co_return error_response(
        request, ApiError{401, "invalid_signature", "X-Hub-Signature-256 is missing or does not match the body"});
  }
  auto id = kept_.keep(request.body(), now);
  // Built before the co_await: GCC 12 miscompiles literals in a braced
  // argument of an awaited call ("array used as initializer").
  auto origin = origin_fields("id", id);
  auto ingested = co_await ingest(request.body(), std::move(origin), started);
  if (auto* error = std::get_if<ApiError>(&ingested)) co_return error_response(request, *error);
  co_return text_response(request, 200, "ok");
}

net::awaitable<std::variant<json::object, ApiError>> WebhookApi::redeliver(std::uint64_t id) {
  const auto* kept = kept_.find(id);
  if (!kept) {
    co_return ApiError{404, "no_such_webhook",
                       "Webhook " + std::to_string(id) + " is not kept any more (the relay keeps the newest " +
                           std::to_string(kept_bodies) + ")."};
  }
  // A copy: the body may leave the ring while the store works.
  auto body = kept->body;
  auto origin = origin_fields("redelivery_of", id);
  co_return co_await ingest(body, std::move(origin), std::nullopt);
}

net::awaitable<std::variant<json::object, ApiError>> WebhookApi::ingest(std::string_view body, JsonWriter origin,
                                                                        std::optional<Clock::time_point> received) {
  auto started = received.value_or(Clock::now());
  // A redelivery is the console's, not traffic: it stays out of the metrics.
  bool count = received.has_value();
  auto& feed = admin_feed();
  auto parsed = parse_webhook(body, service_.config().phone_number_id);
  if (auto* error = std::get_if<WebhookParseError>(&parsed)) {
    if (count) webhook_counter("invalid").inc();
    feed.emit("webhook", "", webhook_event("invalid", {}, origin), service_.clock().now_ms());
    log::warn("signed webhook could not be read", {{"code", error->code}, {"detail", error->message}});
    co_return ApiError{400, error->code, error->message};
  }
  auto& batch = std::get<WebhookBatch>(parsed);
  for (const auto& skipped : batch.skipped) log::warn("webhook item skipped", {{"reason", skipped}});
  auto items = webhook_items(batch);

  auto outcome = co_await await_callback<Outcome<WebhookTally>>(
      [&](auto done) { service_.apply_webhook(std::move(batch), done); });
  if (auto* error = std::get_if<Refusal>(&outcome)) {
    if (count) webhook_counter("store_failed").inc();
    feed.emit("webhook", "", webhook_event("store_failed", items, origin), service_.clock().now_ms());
    // Not 200: Meta will deliver it again.
    co_return api_error(*error);
  }
  const auto& tally = std::get<WebhookTally>(outcome);
  // Committed and fanned out: carry_out ran before the answer came back.
  auto to_tab = std::chrono::duration<double>(Clock::now() - started).count();
  auto event = webhook_event("stored", items, origin);
  event.add("ms", to_tab * 1000.0)
      .add("duplicates", tally.duplicate_messages + tally.duplicate_statuses)
      .add("unrouted", tally.unrouted_messages)
      .add("new_items", tally.messages + tally.statuses);
  // A redelivery's outcome also goes back to the console that asked.
  auto outcome_fields = count ? json::object{} : boost::json::parse(event.object()).as_object();
  feed.emit("webhook", "", std::move(event), service_.clock().now_ms());
  if (!count) co_return outcome_fields;
  webhook_to_tab().observe(to_tab);
  webhooks_stored().inc();
  const auto& counters = item_counters();
  counters.message.inc(tally.messages);
  counters.duplicate_message.inc(tally.duplicate_messages);
  counters.unrouted_message.inc(tally.unrouted_messages);
  counters.status.inc(tally.statuses);
  counters.duplicate_status.inc(tally.duplicate_statuses);
  counters.error.inc(tally.errors);
  co_return outcome_fields;  // empty: a POST is answered "ok"
}

}  // namespace baton
