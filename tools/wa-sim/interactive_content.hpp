#pragma once
// The `interactive` object of a send: reply buttons and lists with Meta's
// limits. Every violation is a 131009 whose details name the field.

#include <boost/json/object.hpp>
#include <optional>

#include "tools/wa-sim/graph_error.hpp"
#include "tools/wa-sim/send_request.hpp"

namespace baton::sim {

// Fills out.body, header, footer and buttons or list rows.
std::optional<GraphError> read_interactive(const boost::json::object& message, SendRequest& out);

}  // namespace baton::sim
