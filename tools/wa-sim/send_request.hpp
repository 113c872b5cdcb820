#pragma once
// A send the Graph API accepted as valid: who it is for and what the phone
// will show.

#include <cstdint>
#include <string>
#include <vector>

#include "common/phone.hpp"

namespace baton::sim {

struct ReplyButton {
  std::string id;  // a reply button's id, or a template quick reply's payload
  std::string title;
};

struct ListRow {
  std::string id;
  std::string title;
  std::string description;
};

struct SendRequest {
  std::string input;    // `to` (or `recipient`) exactly as sent
  std::string wa_id;    // the digits of `to`; empty for a `recipient` send
  std::string user_id;  // `recipient` when there was no `to`
  std::string type;     // text, template, interactive, reaction, image, document, audio, video or sticker
  std::string body;     // the text the phone shows, templates rendered; a media message's caption
  std::string header;
  std::string footer;
  std::string context_id;
  std::string callback_data;  // biz_opaque_callback_data; echoed only if set
  std::string template_name;
  std::string template_language;
  std::vector<ReplyButton> buttons;
  std::string list_button;
  std::vector<ListRow> rows;
  // Media sends: an uploaded file by id, or a link the simulator does not fetch.
  std::string media_id;
  std::string media_link;
  std::string filename;    // a document's name (as sent, else the upload's)
  std::string media_mime;  // the uploaded file's type, once the id is resolved
  std::uint64_t media_size = 0;

  bool is_template() const { return type == "template"; }
  bool is_media() const { return !media_id.empty() || !media_link.empty(); }
  // "+digits" for a phone number, else the business-scoped user id.
  // One key per person, whichever form of their number was used (common/phone.hpp).
  std::string recipient_key() const {
    if (wa_id.empty()) return user_id;
    return e164_from_wa_id(wa_id).value_or("+" + wa_id);
  }
};

}  // namespace baton::sim
