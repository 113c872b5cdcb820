#pragma once
// Live-stream frames for tests and benchmarks, in either subprotocol: the
// frames a tab sends, and what one needs to know about a frame it receives
// (its type, its log position, the client id it answers).

#include <cstdint>
#include <string>
#include <string_view>

namespace baton::bench {

struct FrameSummary {
  std::string type;            // "welcome", "message", "status", "ack", "state", "error", ...; "unreadable"
  std::uint64_t seq = 0;       // message and status: the log position; ack: the acknowledged message's
  std::uint64_t last_seq = 0;  // welcome only
  std::string cid;             // ack and error
  std::string code;            // error only
};

FrameSummary summarize_frame(std::string_view bytes, bool binary);

// A tab's hello and message frames; `binary` for "baton.v1.bin".
std::string hello_frame(bool binary, const std::string& session_id, const std::string& token, std::uint64_t after);
std::string message_frame(bool binary, const std::string& cid, const std::string& text);

}  // namespace baton::bench
