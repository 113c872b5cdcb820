#pragma once
// Request bodies for POST /{phone-number-id}/messages.

#include <string>
#include <string_view>

namespace baton {

struct Recipient {
  std::string phone;    // E.164; preferred when known
  std::string user_id;  // business-scoped user id, for users known only by it
};

// Phone numbers look like "+15551230001"; everything else is a user id.
Recipient recipient_from_key(std::string_view key);

// A free-form text. `callback_data` comes back in every status webhook of the
// message, which is how a send whose answer was lost is matched later.
std::string text_message_body(const Recipient& to, std::string_view text, std::string_view callback_data,
                              std::string_view reply_to_wamid = {});

// An interactive message with one reply button (an agent's "Accept").
// Meta's limits: body at most 1024 characters, title 20, id 256.
std::string button_message_body(const Recipient& to, std::string_view text, std::string_view button_id,
                                std::string_view button_title, std::string_view callback_data);

// An interactive list of five rows, one to five stars (titles need no
// language); each row's id is `row_id_prefix` and its number.
std::string rating_list_body(const Recipient& to, std::string_view text, std::string_view row_id_prefix,
                             std::string_view callback_data);

// A file sent by the media id an upload gave. `type` is WhatsApp's: image,
// document, audio, video or sticker. A caption goes with image, video and
// document; a document also carries its file name.
std::string media_message_body(const Recipient& to, std::string_view type, std::string_view media_id,
                               std::string_view caption, std::string_view file_name, std::string_view callback_data);

// A reaction (an emoji; "" takes it back) to the WhatsApp message `wamid`,
// which must be one the recipient sent or received in this thread.
std::string reaction_message_body(const Recipient& to, std::string_view wamid, std::string_view emoji,
                                  std::string_view callback_data);

// Marks a message the business received (and those before it) read; with
// `typing`, also shows the sender WhatsApp's typing indicator (up to 25 s,
// or until the business's next message).
std::string read_mark_body(std::string_view wamid, bool typing);

// A template with one body parameter.
std::string template_message_body(const Recipient& to, std::string_view template_name, std::string_view language,
                                  std::string_view parameter, std::string_view callback_data);

// Template parameters may not hold line breaks, tabs or more than four spaces
// in a row (Meta answers 132018); this makes any text acceptable.
std::string template_parameter(std::string_view text);

}  // namespace baton
