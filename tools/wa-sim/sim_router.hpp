#pragma once
// Sends each request to the Graph API, the /sim/ control API or the phone
// page. The control listener serves only /sim/ and the page.

#include "relay/http/reply.hpp"
#include "relay/http/request_handlers.hpp"
#include "tools/wa-sim/control_api.hpp"
#include "tools/wa-sim/graph_api.hpp"
#include "tools/wa-sim/phone_page.hpp"

namespace baton::sim {

class SimRouter : public RequestHandler {
 public:
  // `control_only` for the router behind --control-listen.
  SimRouter(GraphApi& graph, ControlApi& control, PhonePage& page, bool control_only)
      : graph_(graph), control_(control), page_(page), control_only_(control_only) {}

  boost::asio::awaitable<Reply> handle(const Request& request, const Peer& peer) override;
  std::size_t body_limit(std::string_view target) const override;
  // See GraphApi::rejects; never on the control listener.
  Screening screen(const RequestHeader& header, const Peer& peer) override;

  // Bodies larger than this are refused with 413: JSON calls, then a media
  // upload (WhatsApp's largest file, 100 MB, and the form around it), then
  // /sim/inbound, whose file comes in base64.
  static constexpr std::size_t max_body_bytes = 1024 * 1024;
  static constexpr std::size_t max_upload_bytes = 101 * 1024 * 1024;
  static constexpr std::size_t max_inbound_bytes = 136 * 1024 * 1024;

 private:
  Reply route(const Request& request);

  GraphApi& graph_;
  ControlApi& control_;
  PhonePage& page_;
  bool control_only_;
};

}  // namespace baton::sim
