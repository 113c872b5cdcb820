#include "relay/conversation/session_log.hpp"

#include "common/ids.hpp"

namespace baton {

Message SessionLog::append(const std::string& session_id, Message draft, std::string_view inbound_wamid) {
  draft.seq = tx_.sessions().next_seq(session_id, now_ms_);
  draft.id = new_message_id(random_, now_ms_);
  draft.ts_ms = now_ms_;
  if (draft.status == MessageStatus::queued) draft.status = MessageStatus::sent;
  tx_.messages().insert(session_id, draft, inbound_wamid);
  effects_.publish(session_id, draft);
  return draft;
}

Message SessionLog::append_system(const std::string& session_id, MessageKind kind, std::string author_name,
                                  std::string text, TimeInText time) {
  Message draft;
  draft.author = Author::system;
  draft.author_name = std::move(author_name);
  draft.kind = kind;
  draft.text = std::move(text);
  draft.time = time;
  return append(session_id, std::move(draft));
}

void SessionLog::advance_status(const std::string& session_id, const std::string& message_id, MessageStatus status) {
  auto message = tx_.messages().find(session_id, message_id);
  if (!message || !status_advances(message->status, status)) return;
  tx_.messages().set_status(message_id, status);
  // A receipt is not activity: the chat's updated_ms stays where it was.
  StatusChange change{tx_.sessions().next_seq(session_id, 0), message_id, status, now_ms_};
  tx_.messages().insert_status_change(session_id, change);
  effects_.publish(session_id, change);
}

OutboxRecord SessionLog::queue_whatsapp(std::string session_id, std::string recipient, OutboxPurpose purpose,
                                        std::string body, OutboxKind kind) {
  OutboxRecord draft;
  draft.session_id = std::move(session_id);
  draft.recipient = std::move(recipient);
  draft.purpose = purpose;
  draft.body = std::move(body);
  draft.kind = kind;
  return queue_whatsapp(std::move(draft));
}

OutboxRecord SessionLog::queue_whatsapp(OutboxRecord draft) {
  draft.state = OutboxState::pending;
  draft.created_ms = now_ms_;
  draft.next_attempt_ms = now_ms_;
  draft.id = tx_.outbox().insert(draft);
  effects_.enqueue.push_back(draft);
  return draft;
}

}  // namespace baton
