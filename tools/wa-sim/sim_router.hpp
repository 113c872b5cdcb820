#pragma once
// Sends each request to the Graph API, the /sim/ control API or the phone
// page. The control listener serves only /sim/ and the page.

#include "tools/wa-sim/control_api.hpp"
#include "tools/wa-sim/graph_api.hpp"
#include "tools/wa-sim/phone_page.hpp"
#include "tools/wa-sim/reply.hpp"

namespace baton::sim {

class SimRouter {
 public:
  SimRouter(GraphApi& graph, ControlApi& control, PhonePage& page) : graph_(graph), control_(control), page_(page) {}

  // See GraphApi::rejects; never on the control listener.
  bool rejects(const boost::beast::http::request_header<>& header, bool control_only);
  Reply handle(const Request& request, bool control_only);

  // Bodies larger than this are refused with 413.
  static constexpr std::size_t body_limit = 1024 * 1024;

 private:
  Reply route(const Request& request, bool control_only);

  GraphApi& graph_;
  ControlApi& control_;
  PhonePage& page_;
};

}  // namespace baton::sim
