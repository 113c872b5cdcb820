#include "relay/hub/encoded_frame.hpp"

#include "common/protocol/binary_codec.hpp"
#include "relay/hub/json_codec.hpp"
#include "relay/hub/websocket_message.hpp"

namespace baton {

EncodedFrame::EncodedFrame(ServerFrame frame) : frame_(std::move(frame)) {
  if (const auto* m = std::get_if<Message>(&frame_)) seq_ = m->seq;
  if (const auto* s = std::get_if<StatusChange>(&frame_)) seq_ = s->seq;
}

const EncodedFrame::Buffer& EncodedFrame::json() const {
  if (!json_) json_ = std::make_shared<const std::string>(encode_json(frame_));
  return json_;
}

const EncodedFrame::Buffer& EncodedFrame::binary() const {
  if (!binary_) binary_ = std::make_shared<const std::string>(encode_binary(frame_));
  return binary_;
}

const EncodedFrame::Buffer& EncodedFrame::on_the_wire(bool binary) const {
  auto& wire = binary ? wire_binary_ : wire_json_;
  if (!wire) {
    // The JSON payload is kept only on the wire; the binary one also goes
    // to the cluster's other relays.
    wire = std::make_shared<const std::string>(binary ? websocket_message(*this->binary(), true)
                                                      : websocket_message(encode_json(frame_), false));
  }
  return wire;
}

}  // namespace baton
