#include "relay/whatsapp/message_payloads.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "common/utf8.hpp"

namespace baton {
namespace {

using boost::json::object;

object envelope(const Recipient& to, std::string_view type, std::string_view callback_data) {
  object body{{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"type", type}};
  // Meta reads `to` first when both are present; a user id goes in `recipient`.
  if (!to.phone.empty()) body["to"] = to.phone;
  else body["recipient"] = to.user_id;
  if (!callback_data.empty()) body["biz_opaque_callback_data"] = callback_data;
  return body;
}

}  // namespace

Recipient recipient_from_key(std::string_view key) {
  if (key.starts_with('+')) return Recipient{std::string(key), {}};
  return Recipient{{}, std::string(key)};
}

std::string text_message_body(const Recipient& to, std::string_view text, std::string_view callback_data,
                              std::string_view reply_to_wamid) {
  auto body = envelope(to, "text", callback_data);
  body["text"] = object{{"preview_url", false}, {"body", text}};
  if (!reply_to_wamid.empty()) body["context"] = object{{"message_id", reply_to_wamid}};
  return boost::json::serialize(body);
}

std::string media_message_body(const Recipient& to, std::string_view type, std::string_view media_id,
                               std::string_view caption, std::string_view file_name, std::string_view callback_data) {
  auto body = envelope(to, type, callback_data);
  object media{{"id", media_id}};
  bool captioned = type == "image" || type == "video" || type == "document";
  if (captioned && !caption.empty()) media["caption"] = caption;
  if (type == "document" && !file_name.empty()) media["filename"] = file_name;
  body[type] = std::move(media);
  return boost::json::serialize(body);
}

std::string reaction_message_body(const Recipient& to, std::string_view wamid, std::string_view emoji,
                                  std::string_view callback_data) {
  auto body = envelope(to, "reaction", callback_data);
  body["reaction"] = object{{"message_id", wamid}, {"emoji", emoji}};
  return boost::json::serialize(body);
}

std::string read_mark_body(std::string_view wamid, bool typing) {
  object body{{"messaging_product", "whatsapp"}, {"status", "read"}, {"message_id", wamid}};
  if (typing) body["typing_indicator"] = object{{"type", "text"}};
  return boost::json::serialize(body);
}

std::string button_message_body(const Recipient& to, std::string_view text, std::string_view button_id,
                                std::string_view button_title, std::string_view callback_data) {
  auto body = envelope(to, "interactive", callback_data);
  object reply{{"id", button_id}, {"title", button_title}};
  body["interactive"] = object{
      {"type", "button"},
      {"body", object{{"text", text}}},
      {"action", object{{"buttons", boost::json::array{object{{"type", "reply"}, {"reply", std::move(reply)}}}}}}};
  return boost::json::serialize(body);
}

std::string rating_list_body(const Recipient& to, std::string_view text, std::string_view row_id_prefix,
                             std::string_view callback_data) {
  auto body = envelope(to, "interactive", callback_data);
  boost::json::array rows;
  std::string stars;
  for (int score = 1; score <= 5; ++score) {
    stars += "\u2605";  // ★
    rows.push_back(object{{"id", std::string(row_id_prefix) + std::to_string(score)},
                          {"title", stars + " " + std::to_string(score)}});
  }
  body["interactive"] = object{
      {"type", "list"},
      {"body", object{{"text", text}}},
      {"action", object{{"button", "\u2605 1-5"},
                        {"sections", boost::json::array{object{{"title", "1-5"}, {"rows", std::move(rows)}}}}}}};
  return boost::json::serialize(body);
}

std::string template_message_body(const Recipient& to, std::string_view template_name, std::string_view language,
                                  std::string_view parameter, std::string_view callback_data) {
  auto body = envelope(to, "template", callback_data);
  boost::json::array parameters{object{{"type", "text"}, {"text", template_parameter(parameter)}}};
  body["template"] = object{{"name", template_name},
                            {"language", object{{"code", language}}},
                            {"components", boost::json::array{object{{"type", "body"}, {"parameters", parameters}}}}};
  return boost::json::serialize(body);
}

std::string template_parameter(std::string_view text) {
  std::string out;
  int spaces = 0;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    spaces = c == ' ' ? spaces + 1 : 0;
    if (spaces > 1) continue;  // runs of spaces collapse to one
    out += c;
  }
  // Body text after substitution is limited to 1,024 characters.
  constexpr std::size_t max_chars = 900;
  if (utf8::length(out) > max_chars) out = std::string(utf8::take_first(out, max_chars));
  return out;
}

}  // namespace baton
