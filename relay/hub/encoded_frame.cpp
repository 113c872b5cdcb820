#include "relay/hub/encoded_frame.hpp"

#include "common/protocol/binary_codec.hpp"
#include "relay/hub/json_codec.hpp"

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

}  // namespace baton
