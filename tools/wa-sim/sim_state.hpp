#pragma once
// Everything the simulated Cloud API knows, shared by the Graph API, the
// /sim/ control API and the status flow. Lives on the one event-loop thread,
// so nothing here is locked.

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <string>

#include "relay/core/crypto.hpp"
#include "tools/wa-sim/fault_plan.hpp"
#include "tools/wa-sim/inbound_builder.hpp"
#include "tools/wa-sim/media_store.hpp"
#include "tools/wa-sim/message_log.hpp"
#include "tools/wa-sim/rate_limiter.hpp"
#include "tools/wa-sim/send_validator.hpp"
#include "tools/wa-sim/sim_options.hpp"
#include "tools/wa-sim/status_flow.hpp"
#include "tools/wa-sim/template_registry.hpp"
#include "tools/wa-sim/user_directory.hpp"
#include "tools/wa-sim/wamid_factory.hpp"
#include "tools/wa-sim/webhook_builder.hpp"
#include "tools/wa-sim/webhook_queue.hpp"
#include "tools/wa-sim/webhook_sender.hpp"

namespace baton::sim {

class SimState {
 public:
  // Throws std::invalid_argument for an unusable webhook URL and
  // boost::system::system_error for a --webhook-ca that cannot be loaded.
  SimState(boost::asio::any_io_executor executor, const SimOptions& options);

  // Sends `value` as a webhook in Meta's byte form, twice if a fault says so.
  void emit(std::string kind, const boost::json::value& value);
  // An opaque id like Meta's fbtrace_id.
  std::string trace_id();
  // POST /sim/reset: as freshly started, settings back to the command line's.
  void reset();

  const SimOptions& options;
  // "127.0.0.1:PORT" of --listen once bound: media URLs name it when a
  // request has no usable Host header.
  std::string graph_authority;
  crypto::OsRandom random;
  MediaStore media;
  TemplateRegistry templates;
  SendValidator validator;
  WamidFactory wamids;
  UserDirectory users;
  MessageLog messages;
  FaultPlan faults;
  RateLimiter limiter;
  WebhookBuilder builder;
  WebhookSender sender;
  WebhookQueue webhooks;
  StatusFlow statuses;
  InboundBuilder inbound;
};

}  // namespace baton::sim
