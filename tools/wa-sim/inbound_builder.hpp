#pragma once
// Turns a POST /sim/inbound request ("this user writes this", or "edits or
// deletes that earlier message") into the contact and message objects Meta
// would put in the webhook, plus the record the phone page shows. Validates
// the request; never throws on bad input.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "relay/http/api_error.hpp"
#include "tools/wa-sim/media_store.hpp"
#include "tools/wa-sim/message_log.hpp"
#include "tools/wa-sim/sim_options.hpp"
#include "tools/wa-sim/user_directory.hpp"
#include "tools/wa-sim/wamid_factory.hpp"

namespace baton::sim {

struct Inbound {
  boost::json::object contact;  // value.contacts[0]
  boost::json::object message;  // value.messages[0]
  UserMessage record;
  std::string phone;  // E.164 or empty
  std::string user_id;
  // An edit or a deletion: the user's message it changes. `record` is then
  // the change itself (MessageLog::apply_change), not a new message.
  std::string original_id;
};

class InboundBuilder {
 public:
  // Users' files go into `media`, under new media ids.
  InboundBuilder(std::string business_number, WamidFactory& wamids, MediaStore& media, EditWebhooks edit_webhooks);

  // A 400 error for a bad request, or for a change the phone would not
  // allow. `messages` holds the messages an edit or deletion may name.
  std::variant<Inbound, ApiError> build(const boost::json::value& request, const UserDirectory& users,
                                        const MessageLog& messages, std::int64_t now_ms);

  // The form edits and deletions are delivered in from now on.
  void set_edit_webhooks(EditWebhooks form) { edit_webhooks_ = form; }
  EditWebhooks edit_webhooks() const { return edit_webhooks_; }

 private:
  // The type's own object (message[type]), the text the phone page shows,
  // and the stored file of a media message.
  struct Content {
    boost::json::value object;
    std::string label;
    const StoredMedia* media = nullptr;
  };
  std::variant<Content, std::string> content(const std::string& type, const boost::json::object& request,
                                             std::int64_t now_ms);
  std::variant<Content, std::string> media(const std::string& type, const boost::json::object& request,
                                           std::int64_t now_ms);
  // message.edit or message.revoke, once the phone would allow the change.
  std::variant<Content, ApiError> change(const std::string& type, const boost::json::object& request,
                                         const std::vector<std::string>& sender, const MessageLog& messages,
                                         std::int64_t at_ms);

  std::string business_number_;
  WamidFactory& wamids_;
  MediaStore& media_;
  EditWebhooks edit_webhooks_;
};

}  // namespace baton::sim
