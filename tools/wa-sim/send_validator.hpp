#pragma once
// Checks a POST /{phone-number-id}/messages body the way the Cloud API does,
// in the same order, and turns it into a SendRequest or the GraphError Meta
// would answer. Pure: no clock, no state besides the template registry.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "tools/wa-sim/graph_error.hpp"
#include "tools/wa-sim/send_request.hpp"
#include "tools/wa-sim/template_registry.hpp"

namespace baton::sim {

class SendValidator {
 public:
  SendValidator(const TemplateRegistry& templates, std::string business_number);

  std::variant<SendRequest, GraphError> validate(std::string_view body) const;

  static constexpr std::size_t max_text_chars = 4096;
  static constexpr std::size_t max_callback_data_chars = 512;

 private:
  const TemplateRegistry& templates_;
  std::string business_number_;
};

// Phone digits with an optional leading '+', 7 to 15 digits; the digits.
std::optional<std::string> recipient_digits(std::string_view to);
// "US.13491208655302741918" or a parent id "US.ENT.118...".
bool is_business_scoped_id(std::string_view id);

}  // namespace baton::sim
