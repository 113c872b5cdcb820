#pragma once
// The satisfaction survey (docs/metrics.md, "Satisfaction"): when an agent
// ends a chat, or the visitor does after a reply, the visitor is asked to rate it from 1 to 5, in the widget (a
// `survey` message, with an optional comment) and, on WhatsApp, as a list of
// one to five stars. The first answer to a survey is kept; the visitor is
// thanked with a notice about it.

#include <optional>
#include <string>
#include <string_view>

#include "relay/conversation/session_log.hpp"
#include "relay/core/config.hpp"

namespace baton {

inline constexpr std::size_t max_rating_comment_chars = 1000;

// The id of a WhatsApp list row for `survey_id`, without its score.
std::string rating_row_prefix(std::string_view survey_id);

struct RatingReply {
  std::string survey_id;
  int score = 0;
};
// A tapped row ("rate:<survey id>:<1-5>"), if it is one.
std::optional<RatingReply> rating_reply(std::string_view reply_id);

// Appends the survey once the chat ended, about the agent named (empty: the
// chat was with the assistant alone), and sends it to the visitor's
// WhatsApp when the chat went on there.
void ask_for_rating(SessionLog& log, const SessionRecord& session, const std::string& agent_name);

// Keeps the visitor's answer. Refused: no such survey in this chat (404
// survey_not_found), already answered (409 already_rated), a score outside
// 1 to 5 or a comment too long (400 invalid_rating).
void rate_chat_tx(SessionLog& log, const std::string& session_id, const RatingReply& reply, std::string comment);

}  // namespace baton
