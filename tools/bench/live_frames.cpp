#include "tools/bench/live_frames.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <type_traits>
#include <variant>

#include "common/protocol/binary_codec.hpp"

namespace baton::bench {
namespace {

std::string text_at(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
}

std::uint64_t number_at(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_uint64()  ? it->value().get_uint64()
         : it != o.end() && it->value().is_int64() ? static_cast<std::uint64_t>(it->value().get_int64())
                                                   : 0;
}

FrameSummary summary(std::string type, std::uint64_t seq = 0, std::uint64_t last_seq = 0, std::string cid = {},
                     std::string code = {}) {
  return FrameSummary{std::move(type), seq, last_seq, std::move(cid), std::move(code)};
}

FrameSummary from_json(std::string_view text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return summary("unreadable");
  const auto& o = value.get_object();
  auto out = summary(text_at(o, "type"));
  if (out.type == "message") {
    auto it = o.find("message");
    if (it != o.end() && it->value().is_object()) out.seq = number_at(it->value().get_object(), "seq");
  } else if (out.type == "status" || out.type == "ack") {
    out.seq = number_at(o, "seq");
  }
  if (out.type == "welcome") out.last_seq = number_at(o, "last_seq");
  out.cid = text_at(o, "cid");
  out.code = text_at(o, "code");
  return out;
}

FrameSummary from_binary(std::string_view bytes) {
  auto frame = decode_server_frame(bytes);
  if (!frame) return summary("unreadable");
  return std::visit(
      [](const auto& f) -> FrameSummary {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, Welcome>) return summary("welcome", 0, f.last_seq);
        else if constexpr (std::is_same_v<T, Message>) return summary("message", f.seq);
        else if constexpr (std::is_same_v<T, StatusChange>) return summary("status", f.seq);
        else if constexpr (std::is_same_v<T, Ack>) return summary("ack", f.seq, 0, f.cid);
        else if constexpr (std::is_same_v<T, StateChange>) return summary("state");
        else if constexpr (std::is_same_v<T, ErrorFrame>) return summary("error", 0, 0, f.cid, f.code);
        else if constexpr (std::is_same_v<T, AssistantDraft>) return summary("draft");
        else if constexpr (std::is_same_v<T, AvailabilityChange>) return summary("availability");
        else return summary("queue");
      },
      *frame);
}

}  // namespace

FrameSummary summarize_frame(std::string_view bytes, bool binary) {
  return binary ? from_binary(bytes) : from_json(bytes);
}

std::string hello_frame(bool binary, const std::string& session_id, const std::string& token, std::uint64_t after) {
  if (binary) return encode_binary(ClientFrame{Hello{session_id, token, after}});
  return boost::json::serialize(
      boost::json::object{{"type", "hello"}, {"session_id", session_id}, {"token", token}, {"after", after}});
}

std::string message_frame(bool binary, const std::string& cid, const std::string& text) {
  if (binary) return encode_binary(ClientFrame{SendText{cid, text, {}}});
  return boost::json::serialize(boost::json::object{{"type", "message"}, {"cid", cid}, {"text", text}});
}

}  // namespace baton::bench
