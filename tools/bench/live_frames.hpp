#pragma once
// What a test needs to know about a live-stream frame, from either
// subprotocol: its type, its log position, and the client id it answers.

#include <cstdint>
#include <string>
#include <string_view>

namespace baton::test {

struct FrameSummary {
  std::string type;       // "welcome", "message", "status", "ack", "state", "error", ...; "unreadable"
  std::uint64_t seq = 0;  // message and status: the log position; ack: the acknowledged message's
  std::uint64_t last_seq = 0;  // welcome only
  std::string cid;             // ack and error
  std::string code;            // error only
};

FrameSummary summarize_frame(std::string_view bytes, bool binary);

}  // namespace baton::test
