#pragma once
// A frame for the live stream, encoded at most once per encoding however many
// tabs receive it: every subscriber queues the same immutable buffer.

#include <cstdint>
#include <memory>
#include <string>

#include "common/protocol/server_frames.hpp"

namespace baton {

class EncodedFrame {
 public:
  explicit EncodedFrame(ServerFrame frame);

  using Buffer = std::shared_ptr<const std::string>;

  // Encoded on first use. Not thread-safe: frames live on the event loop.
  const Buffer& json() const;
  const Buffer& binary() const;
  // As a WebSocket message on the wire, header included (websocket_message.hpp).
  const Buffer& on_the_wire(bool binary) const;

  const ServerFrame& frame() const { return frame_; }
  // The log position this frame carries (message or status change), else 0.
  std::uint64_t seq() const { return seq_; }

 private:
  ServerFrame frame_;
  std::uint64_t seq_ = 0;
  mutable Buffer json_;
  mutable Buffer binary_;
  mutable Buffer wire_json_;
  mutable Buffer wire_binary_;
};

using SharedFrame = std::shared_ptr<const EncodedFrame>;

inline SharedFrame make_frame(ServerFrame frame) { return std::make_shared<const EncodedFrame>(std::move(frame)); }

}  // namespace baton
