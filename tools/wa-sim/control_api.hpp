#pragma once
// The /sim/ control API that tests and the phone page use to play the
// WhatsApp users' side: read what the business sent, write as a user, read
// messages, inject faults, move the 24-hour window, inspect webhooks, fetch
// the files of media messages without a token, change settings, reset.
// Errors use the relay's shape, {"error":{"code":...,"message":...}}.

#include <optional>

#include "relay/http/http_types.hpp"
#include "relay/http/target.hpp"
#include "tools/wa-sim/sim_state.hpp"

namespace baton::sim {

class ControlApi {
 public:
  explicit ControlApi(SimState& state) : state_(state) {}

  // Nothing if the target is not one of the API's paths.
  std::optional<Response> handle(const Request& request, const Target& target);

 private:
  Response messages(const Request& request, const Target& target);
  Response inbound(const Request& request);
  Response read(const Request& request);
  Response error_webhook(const Request& request);
  Response template_status(const Request& request);
  Response faults(const Request& request);
  Response window(const Request& request);
  Response conversations(const Request& request, const Target& target);
  Response info(const Request& request);
  Response settings(const Request& request);
  Response media_file(const Request& request, const std::string& id);

  SimState& state_;
};

}  // namespace baton::sim
