#pragma once
// What the e-mails of the e-mail fallback say: to the support address, the
// visitor's message, details and the whole conversation, with Reply-To set
// to the visitor so answering is one click; to the visitor (when they ask),
// a copy of the conversation.

#include <string>
#include <vector>

#include "common/protocol/handoff.hpp"
#include "common/protocol/message.hpp"
#include "relay/store/records.hpp"

namespace baton {

struct SupportMailText {
  std::string subject;
  std::string body;
};

SupportMailText support_mail(const SessionRecord& session, const HandoffRequest& request,
                             const std::vector<Message>& conversation);
SupportMailText visitor_copy(const SessionRecord& session, const std::vector<Message>& conversation);

}  // namespace baton
