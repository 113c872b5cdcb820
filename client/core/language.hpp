#pragma once
// Every string the widget shows, in its six languages (common/lang.hpp). Accessible names come
// from here too, so a screen reader hears the visitor's language.

#include <string>
#include <string_view>
#include <vector>

#include "common/lang.hpp"

namespace baton::client {

enum class Text {
  open_chat,  // launcher
  close_chat,
  title,
  message_label,  // the text box
  placeholder,
  send,
  talk_to_agent,
  option_live,
  option_whatsapp,
  option_callback,
  option_live_detail,
  option_whatsapp_detail,
  option_callback_detail,
  options_title,
  agents_online,  // {n}
  agents_offline,
  agents_notified,  // nobody online, but a chat reaches an agent later
  back,
  name,
  email,
  phone,
  phone_hint,
  consent_live,
  consent_whatsapp,
  consent_callback,
  slot,
  submit_live,
  submit_whatsapp,
  submit_callback,
  option_unavailable,
  required_consent,
  invalid_phone,
  invalid_email,
  phone_required,
  status_queued,
  status_sent,
  status_delivered,
  status_read,
  status_failed,
  state_bot,
  state_waiting,  // {agent}
  state_live,     // {agent}
  state_ended,
  connecting,
  offline,
  agent_joined,       // {agent}
  agent_left,         // {agent}
  handoff_requested,  // {agent}
  delivery_failed,
  storage_full,
  unavailable,
  slow_down,  // the relay's rate limit held a message back
  too_long,
  unread,            // {n}
  new_message_from,  // {name}
  you,
  assistant,
  agent,
  typing,  // {name}
  option_email,
  option_email_detail,
  consent_email,
  submit_email,
  your_message,
  send_me_copy,
  email_required,
  queue_next,
  queue_ahead,   // {n}
  typical_wait,  // {m} minutes
  slot_required,
  choose_time,
  slots_loading,
  no_slots,
  whatsapp_sent,  // {phone}
  whatsapp_joined,
  open_whatsapp,
  scan_qr,
  call_booked,
  call_when,  // {phone}, {when}
  add_to_calendar,
  cancel_call,
  cancel_failed,
  delete_conversation,
  delete_question,
  delete_confirm,
  delete_keep,
  deleted,
  delete_failed,
  // Under the composer once a chat has ended: who reads what is written next.
  next_new_conversation,
  next_call_agent,  // {agent}
  placeholder_new_conversation,
  sound,                 // the toggle for a chime and notifications on new messages
  cancel_call_question,  // {when}
  cancel_call_confirm,
  keep_call,
  call_day,        // the call-back form's day list
  reaction_label,  // {emoji}: a reaction shown on a message
  reacted,         // {name} {emoji}: said when one arrives while the panel is closed
  new_chat,        // the button under an ended chat
  new_chat_failed,
  rate_chat,       // the survey's group: "Rate this chat"
  rating_of,       // {n}
  rating_comment,  // the optional comment's box
  end_chat,        // under the composer while a person has the chat or it waits for one
  end_chat_failed,
  attach_file,     // the paperclip button beside the text box
  remove_file,     // the chosen file's remove button
  file_refused,    // a type the visitor may not send: names what is accepted
  file_too_large,  // {size}: the limit for the file's type
  upload_failed,   // no answer from the relay to an upload
  uploading,       // the upload's progress bar
  download,        // a document's link in the log
  enlarge,         // {name}: a picture of the log, as a button
  picture,         // a picture's name when it came without one ({name} above)
  close_picture,
  files_need_person,  // a file dropped or pasted while the assistant has the chat
  edited,             // beside a message its author changed on WhatsApp
  message_deleted,    // in place of a message its author deleted on WhatsApp
  shared_contact,     // the heading of a card of contacts shared from WhatsApp
  shared_place,       // a place shared from WhatsApp without a name
  open_map,           // the link under a shared place
};

inline constexpr std::size_t text_count = static_cast<std::size_t>(Text::open_map) + 1;

// In a language whose texts are not here (see below), English.
std::string_view text(Lang language, Text which);

// `text` with {name} placeholders filled.
std::string format(Lang language, Text which, std::string_view name, std::string_view value);

// data-lang if it names one of the six, else the first browser language that
// does, else English. Tags like "pt-BR" match by their first part. English
// too when the chosen language's texts are not here (has_texts).
Lang pick_language(std::string_view configured, const std::vector<std::string>& browser_languages);

// The browser build is compiled with BATON_WIDGET_ENGLISH_ONLY and carries
// only the English texts: a visitor needs one language, and the other five
// would be 8 KB of the widget's download. Each other language is a file
// (web/widget-texts/<tag>.txt, written by texts_file from the table at build
// time) that the loader fetches beside the widget and that is taken before
// the widget starts.
std::string texts_file(Lang language);
// Takes a file written by texts_file for this build's texts; false, and
// nothing taken, for anything else (another build's file, an error page).
bool take_texts_file(std::string_view file);
// English always; another language when it is built in or its file was taken.
bool has_texts(Lang language);

}  // namespace baton::client
