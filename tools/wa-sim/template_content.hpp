#pragma once
// The `template` object of a send: registered name and language (132001),
// body parameter count (132000), parameter text rules (132018) and the
// length after substitution (132005).

#include <boost/json/object.hpp>
#include <optional>

#include "tools/wa-sim/graph_error.hpp"
#include "tools/wa-sim/send_request.hpp"
#include "tools/wa-sim/template_registry.hpp"

namespace baton::sim {

// Fills out.body, out.template_* and out.buttons from message["template"].
std::optional<GraphError> read_template(const boost::json::object& message, const TemplateRegistry& templates,
                                        SendRequest& out);

// Meta refuses parameter texts with a line break, a tab or more than four
// spaces in a row.
bool is_acceptable_parameter_text(std::string_view text);

}  // namespace baton::sim
