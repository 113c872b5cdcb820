#pragma once
// Turns a POST /sim/inbound request ("this user writes this") into the
// contact and message objects Meta would put in the webhook, plus the record
// the phone page shows. Validates the request; never throws on bad input.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "tools/wa-sim/media_store.hpp"
#include "tools/wa-sim/message_log.hpp"
#include "tools/wa-sim/user_directory.hpp"
#include "tools/wa-sim/wamid_factory.hpp"

namespace baton::sim {

struct Inbound {
  boost::json::object contact;  // value.contacts[0]
  boost::json::object message;  // value.messages[0]
  UserMessage record;
  std::string phone;  // E.164 or empty
  std::string user_id;
};

class InboundBuilder {
 public:
  // Users' files go into `media`, under new media ids.
  InboundBuilder(std::string business_number, WamidFactory& wamids, MediaStore& media);

  // An error sentence for a bad request.
  std::variant<Inbound, std::string> build(const boost::json::value& request, const UserDirectory& users,
                                           std::int64_t now_ms);

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

  std::string business_number_;
  WamidFactory& wamids_;
  MediaStore& media_;
};

}  // namespace baton::sim
