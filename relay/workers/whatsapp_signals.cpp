#include "relay/workers/whatsapp_signals.hpp"

#include <limits>

#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"
#include "relay/whatsapp/message_payloads.hpp"

namespace baton {
namespace {

// What one relay remembers of chats' tabs; forgetting costs one extra call.
constexpr std::size_t chats_kept = 20000;

metrics::Counter& signals_counter(std::string_view kind) {
  return metrics::registry().counter("baton_whatsapp_signals_total",
                                     "Read marks and typing indicators sent to agents' WhatsApp",
                                     "kind=\"" + std::string(kind) + "\"");
}

}  // namespace

WhatsappSignals::Chat& WhatsappSignals::chat(const std::string& session_id) {
  if (chats_.size() >= chats_kept && !chats_.contains(session_id)) chats_.clear();
  return chats_[session_id];
}

void WhatsappSignals::seen(const std::string& session_id, std::uint64_t seq) {
  auto& c = chat(session_id);
  if (seq <= c.seen_seq) return;
  c.seen_seq = seq;
  mark(session_id, seq, false);
}

void WhatsappSignals::typing(const std::string& session_id) {
  auto now = service_.clock().now_ms();
  auto& c = chat(session_id);
  if (c.typing_ms != 0 && now - c.typing_ms < typing_every_ms) return;
  c.typing_ms = now;
  mark(session_id, std::numeric_limits<std::int64_t>::max(), true);
}

void WhatsappSignals::mark(const std::string& session_id, std::uint64_t seq, bool typing) {
  struct Target {
    std::string wamid;
    bool live = false;
  };
  service_.read<Target>(
      [session_id, seq](StoreTx& tx) {
        Target t;
        auto session = tx.sessions().find(session_id);
        // Only a chat an agent holds: nobody else waits for ticks or "typing…".
        t.live = session && session->state == SessionState::live && !session->agent_phone.empty();
        if (t.live) t.wamid = tx.messages().newest_inbound_wamid(session_id, Author::agent, seq);
        return t;
      },
      [this, session_id, typing](Outcome<Target> read) {
        auto* target = std::get_if<Target>(&read);
        if (!target || !target->live || target->wamid.empty()) return;
        auto& c = chat(session_id);
        // Marked already, and nothing to show: the call would change nothing.
        if (!typing && target->wamid == c.marked_wamid) return;
        c.marked_wamid = target->wamid;
        signals_counter(typing ? "typing" : "read").inc();
        graph_.send_message(read_mark_body(target->wamid, typing), [typing](GraphResult result) {
          if (result.transport == GraphResult::Transport::answered && result.http_status == 200) return;
          log::info("whatsapp read mark not taken",
                    {{"typing", typing}, {"status", result.http_status}, {"detail", result.detail}});
        });
      });
}

}  // namespace baton
