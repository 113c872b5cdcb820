#pragma once
// A send the Graph API accepted as valid: who it is for and what the phone
// will show.

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
  std::string type;     // text, template or interactive
  std::string body;     // the text the phone shows, templates rendered
  std::string header;
  std::string footer;
  std::string context_id;
  std::string callback_data;  // biz_opaque_callback_data; echoed only if set
  std::string template_name;
  std::string template_language;
  std::vector<ReplyButton> buttons;
  std::string list_button;
  std::vector<ListRow> rows;

  bool is_template() const { return type == "template"; }
  // "+digits" for a phone number, else the business-scoped user id.
  // One key per person, whichever form of their number was used (common/phone.hpp).
  std::string recipient_key() const {
    if (wa_id.empty()) return user_id;
    return e164_from_wa_id(wa_id).value_or("+" + wa_id);
  }
};

}  // namespace baton::sim
