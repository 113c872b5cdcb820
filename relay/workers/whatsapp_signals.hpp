#pragma once
// What a visitor's open tab tells the agent's WhatsApp, as WhatsApp itself
// would: the agent's messages turn read (blue ticks) once the tab has shown
// them, and the agent sees "typing…" while the visitor types. Both are
// hints, not messages: sent straight to the Cloud API (never through the
// outbox, whose pacing is for messages), never retried, at most one typing
// indicator per chat every 20 seconds (WhatsApp shows one for 25).

#include <cstdint>
#include <string>
#include <unordered_map>

#include "relay/conversation/conversation_service.hpp"
#include "relay/whatsapp/graph_client.hpp"

namespace baton {

class WhatsappSignals : public VisitorSignals {
 public:
  WhatsappSignals(ConversationService& service, GraphClient& graph) : service_(service), graph_(graph) {}

  void seen(const std::string& session_id, std::uint64_t seq) override;
  void typing(const std::string& session_id) override;

  static constexpr std::int64_t typing_every_ms = 20 * 1000;

 private:
  struct Chat {
    std::uint64_t seen_seq = 0;
    std::string marked_wamid;  // the last message marked read
    std::int64_t typing_ms = 0;
  };
  // The agent's newest WhatsApp message in the chat up to `seq`, then the call.
  void mark(const std::string& session_id, std::uint64_t seq, bool typing);
  Chat& chat(const std::string& session_id);

  ConversationService& service_;
  GraphClient& graph_;
  std::unordered_map<std::string, Chat> chats_;
};

}  // namespace baton
