#include "relay/conversation/satisfaction.hpp"

#include <charconv>

#include "common/message_text.hpp"
#include "relay/conversation/session_transactions.hpp"
#include "relay/core/refusal.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {
namespace {

constexpr std::string_view row_prefix = "rate:";

}  // namespace

std::string rating_row_prefix(std::string_view survey_id) {
  return std::string(row_prefix) + std::string(survey_id) + ":";
}

std::optional<RatingReply> rating_reply(std::string_view reply_id) {
  if (!reply_id.starts_with(row_prefix)) return std::nullopt;
  reply_id.remove_prefix(row_prefix.size());
  auto colon = reply_id.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  RatingReply reply{std::string(reply_id.substr(0, colon)), 0};
  auto digits = reply_id.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), reply.score);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return reply;
}

void ask_for_rating(SessionLog& log, const SessionRecord& session, const std::string& agent_name) {
  auto question = agent_name.empty() ? visitor_sentence(VisitorText::survey_question_assistant, session)
                                     : visitor_sentence(VisitorText::survey_question, session, {{"agent", agent_name}});
  auto survey = log.append_system(session.id, MessageKind::survey, agent_name, question);
  // On WhatsApp too, where the visitor went on with the chat.
  if (session.mode == HandoffMode::whatsapp && !session.visitor_whatsapp.empty() && session.whatsapp_joined_ms > 0) {
    OutboxRecord list;
    list.session_id = session.id;
    list.message_id = survey.id;
    list.recipient = session.visitor_whatsapp;
    list.kind = OutboxKind::rating_list;
    list.body = question;
    list.purpose = OutboxPurpose::notice;
    log.queue_whatsapp(std::move(list));
  }
}

void rate_chat_tx(SessionLog& log, const std::string& session_id, const RatingReply& reply, std::string comment) {
  if (reply.score < 1 || reply.score > 5) {
    throw Refused(Refusal{RefusalKind::invalid, "invalid_rating", "the score is 1 (poor) to 5 (excellent)"});
  }
  if (!comment.empty()) {
    if (auto problem = check_message_text(comment, max_rating_comment_chars)) {
      throw Refused(Refusal{RefusalKind::invalid, "invalid_rating",
                            "the comment: " + std::string(describe(*problem)) + " (at most " +
                                std::to_string(max_rating_comment_chars) + " characters)"});
    }
  }
  auto session = require_session(log, session_id);
  auto survey = log.tx().messages().find(session_id, reply.survey_id);
  if (!survey || survey->kind != MessageKind::survey) {
    throw Refused(Refusal{RefusalKind::not_found, "survey_not_found", "this chat has no such survey"});
  }
  RatingRecord rating{reply.survey_id, session_id, reply.score, std::move(comment), session.agent_phone, log.now_ms()};
  if (!log.tx().ratings().record(rating)) {
    throw Refused(Refusal{RefusalKind::conflict, "already_rated", "this chat was rated already"});
  }
  log.effects().ratings.push_back(reply.score);
  Message thanks;
  thanks.author = Author::system;
  thanks.kind = MessageKind::notice;
  thanks.text = visitor_sentence(VisitorText::survey_thanks, session);
  thanks.about = reply.survey_id;
  log.append(session_id, std::move(thanks));
}

}  // namespace baton
