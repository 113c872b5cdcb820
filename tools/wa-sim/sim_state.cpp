#include "tools/wa-sim/sim_state.hpp"

#include <array>

#include "tools/wa-sim/meta_json.hpp"

namespace baton::sim {

SimState::SimState(boost::asio::any_io_executor executor, const SimOptions& o)
    : options(o),
      media(random, o.media_url_ttl_s * 1000),
      templates(o.templates),
      validator(templates, o.business_number),
      wamids(random),
      users(o.users),
      faults(o.window_errors),
      limiter(o.rate_per_second, static_cast<double>(o.pair_burst), o.pair_interval_ms),
      builder(o.waba_id, o.business_number, o.phone_number_id),
      sender(o.webhook_url, o.app_secret, o.webhook_ca, std::chrono::milliseconds(o.webhook_timeout_ms)),
      webhooks(executor, sender,
               WebhookQueue::Settings{o.webhook_retry_ms, o.webhook_max_attempts, o.webhook_concurrency}),
      statuses(executor, messages, builder, webhooks, faults, std::chrono::milliseconds(o.status_delay_ms),
               o.escape_slashes),
      inbound(o.business_number, wamids, media, o.edit_webhooks) {}

void SimState::emit(std::string kind, const boost::json::value& value) {
  webhooks.push(std::move(kind), serialize_meta(value, options.escape_slashes),
                faults.take(FaultKind::duplicate_webhooks));
}

std::string SimState::trace_id() {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  std::array<std::uint8_t, 22> bytes{};
  random.fill(bytes);
  std::string id = "A";
  for (auto b : bytes) id += alphabet[b & 63u];
  return id;
}

void SimState::reset() {
  statuses.reset();
  webhooks.reset();
  messages.reset();
  users.reset();
  faults.clear();
  templates.approve_all();
  limiter.reset();
  media.reset();
  inbound.set_edit_webhooks(options.edit_webhooks);
}

}  // namespace baton::sim
