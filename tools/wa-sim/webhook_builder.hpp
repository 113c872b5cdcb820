#pragma once
// The JSON of the webhooks Meta sends for the `messages` field: the
// whatsapp_business_account envelope around inbound messages, statuses or
// errors, and the status objects themselves (v24+ shape: no `conversation`).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "tools/wa-sim/message_log.hpp"

namespace baton::sim {

class WebhookBuilder {
 public:
  WebhookBuilder(std::string waba_id, std::string display_phone_number, std::string phone_number_id);

  boost::json::value messages(boost::json::object contact, boost::json::object message) const;
  boost::json::value statuses(boost::json::array statuses) const;
  boost::json::value errors(boost::json::array errors) const;
  // field "message_template_status_update": Meta's review of a template.
  boost::json::value template_status(const std::string& name, const std::string& language, const std::string& event,
                                     const std::string& reason) const;

  // A statuses[] item for `message` reaching `status` at `unix_seconds`.
  // Pricing goes on sent and delivered, errors on failed.
  static boost::json::object status(const SentMessage& message, Delivery status, std::int64_t unix_seconds);

 private:
  boost::json::value envelope(boost::json::object value) const;

  std::string waba_id_;
  std::string display_phone_number_;
  std::string phone_number_id_;
};

}  // namespace baton::sim
