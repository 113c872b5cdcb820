#include "tools/wa-sim/user_edits.hpp"

#include <algorithm>

#include "relay/core/crypto.hpp"

namespace baton::sim {
namespace {

using boost::json::object;

ApiError refusal(std::string code, std::string message) { return ApiError{400, std::move(code), std::move(message)}; }

bool editable(std::string_view type) {
  return type == "text" || type == "image" || type == "video" || type == "document";
}

// Reactions are taken back rather than deleted, and system notices and
// the opening of a chat are not messages the user wrote.
bool revocable(std::string_view type) { return type != "reaction" && type != "system" && type != "request_welcome"; }

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

std::optional<ApiError> refuse_change(std::string_view type, const UserMessage* original,
                                      const std::vector<std::string>& sender, std::string_view text,
                                      std::int64_t at_ms) {
  bool edit = type == "edit";
  if (edit && blank(text)) return refusal("invalid_request", "text (the new text) is required for an edit");
  if (!original) {
    return refusal("unknown_message",
                   "original names no message a user sent (give the id /sim/inbound answered for it)");
  }
  if (std::find(sender.begin(), sender.end(), original->from) == sender.end()) {
    return refusal("not_your_message", "original was sent by " + original->from +
                                           ": only the user who sent a message can edit or delete it");
  }
  if (original->revoked) return refusal("already_revoked", "original was deleted already");
  if (edit && !editable(original->type)) {
    return refusal("not_editable", "only a text or the caption of an image, video or document can be edited, not a " +
                                       original->type + " message");
  }
  if (!edit && !revocable(original->type)) {
    return refusal("not_revocable", "a " + original->type + " message cannot be deleted");
  }
  auto age_ms = at_ms - original->at_ms;
  if (age_ms < 0) return refusal("invalid_request", "at cannot be earlier than the message it changes");
  if (edit && age_ms > edit_limit_ms) {
    return refusal("too_late", "a message can be edited only within 15 minutes of sending it; this one was sent " +
                                   std::to_string(age_ms / 60000) + " minutes earlier");
  }
  if (!edit && age_ms > revoke_limit_ms) {
    return refusal("too_late", "a message can be deleted only within two days of sending it; this one was sent " +
                                   std::to_string(age_ms / 3600000) + " hours earlier");
  }
  return std::nullopt;
}

object edit_object(const UserMessage& original, const std::string& text, const StoredMedia* file) {
  object message;
  if (!original.context_id.empty()) message["context"] = object{{"id", original.context_id}};
  message["type"] = original.type;
  if (original.type == "text") {
    message["text"] = object{{"body", text}};
  } else {
    object media{{"caption", text}};
    if (original.type == "document") media["filename"] = original.filename;
    media["mime_type"] = original.mime_type;
    if (file) media["sha256"] = webhook_sha256(*file);
    media["id"] = original.media_id;
    message[original.type] = std::move(media);
  }
  return object{{"original_message_id", original.wamid}, {"message", std::move(message)}};
}

std::string webhook_sha256(const StoredMedia& file) {
  return crypto::base64(std::string_view(reinterpret_cast<const char*>(file.sha256.data()), file.sha256.size()));
}

}  // namespace baton::sim
