#pragma once
// Every sentence the relay writes to a visitor, in the widget's six
// languages (common/lang.hpp): one table, so a language is added in one
// place and a test checks that every sentence has every language with the
// same {placeholders}. Placeholders are filled with fill_placeholders
// (common/placeholders.hpp). What the widget itself shows is its own catalog
// (client/core/language.cpp).

#include <string>
#include <string_view>

#include "common/lang.hpp"
#include "common/protocol/visitor_context.hpp"

namespace baton {

enum class VisitorText : unsigned char {
  // The assistant, in its own words (not from the FAQ). {button} is the
  // widget's "Talk to a live agent", named by with_button().
  unsure,                // no confident answer
  offer_on_request,      // the visitor asked for a person
  offer_on_frustration,  // the visitor is unhappy with the answers
  offer_after_failures,  // two questions in a row without an answer
  hello,                 // the visitor only greeted
  thanks,                // the visitor only thanked
  two_answers,           // two FAQ entries fit equally well; both follow
  suggestions_intro,     // no confident answer, but the closest questions follow, numbered
  suggestions_outro,     // after them: how to pick one, or ask for a person ({button})
  faq_other_language,    // the FAQ's answer follows, in the FAQ's language, not the visitor's
  offer_after_wait,      // nobody has taken the chat for a while
  back_with_assistant,   // the agent ended the chat and the assistant answers again
  new_conversation,      // the visitor wrote in an ended chat: the assistant has it again
  greeting,              // the assistant's first message, unless the site owner wrote one
  talk_to_agent_button,  // the widget's button, as {button} in the sentences above
  // Continuing on WhatsApp, and call-backs.
  whatsapp_sent,             // {code} {phone} {agent}
  whatsapp_joined,           // {phone}
  call_booked,               // {agent} {phone} {when} {code}
  call_cancelled_by_you,     // {when}
  call_cancelled_by_us,      // {when}
  call_cancelled_unreached,  // {when}
  // The e-mail fallback.
  mail_sent,    // {email}
  mail_failed,  // the support mail could not be delivered
  // Replies on the visitor's WhatsApp.
  whatsapp_not_this_number,     // {code}: a number other than the one given wrote the chat's code
  whatsapp_how_to_join,         // {code}: the visitor's number wrote before joining
  whatsapp_chat_ended,          // {code}
  whatsapp_no_chat,             // to someone with no chat here who wrote to the business number
  whatsapp_edit_not_passed_on,  // WhatsApp delivered an edit or deletion without saying what changed
  whatsapp_agent_edited,        // {agent} {text}: quoting the copy the visitor got
  whatsapp_agent_deleted,       // {agent}: quoting the copy the visitor got
  whatsapp_moved_to_call,       // {code}
  whatsapp_moved_to_email,      // {code} {email}
  whatsapp_agent_ended,         // {agent} {code}
  ended_by_team,                // {code}: an admin ended the chat (in the widget and on WhatsApp)
  // What a WhatsApp message that is not plain text is shown as in the chat;
  // a caption follows after ": ".
  media_photo,
  media_video,
  media_voice_message,
  media_audio,
  media_sticker,
  media_document,        // a document without a file name
  media_not_downloaded,  // after a media label: the file could not be fetched from WhatsApp
  reaction,              // {emoji}
  reaction_removed,      //
  shared_contact,        // followed by the contacts, if any
  order,                 // {count}: items in a catalogue order
  unsupported_message,   // followed by WhatsApp's type, if known
  form_reply,            // a tapped form or flow without a title
  system_notice,         // a WhatsApp system message without a body
  // The satisfaction survey after an agent ends a chat (docs/metrics.md).
  survey_question,  // {agent}
  survey_thanks,
  survey_question_assistant,  // after a chat with the assistant alone
  ended_by_visitor,           // the visitor pressed "End chat"
  whatsapp_unreachable,       // the WhatsApp account cannot send: what the visitor writes waits
  // A WhatsApp message that failed for good; {error} is whatsapp_error_code
  // after a space, or empty.
  not_delivered_to_agent,  // {error}
  visitor_unreached,       // {phone} {error}: the visitor's own WhatsApp
  agent_unreached,         // {error}
  whatsapp_error_code,     // {code}
};

inline constexpr std::size_t visitor_text_count = static_cast<std::size_t>(VisitorText::whatsapp_error_code) + 1;

std::string_view visitor_text(VisitorText which, Lang lang);

// A sentence with its {button} named as the widget names it: in the
// language the widget is shown in, which may not be the sentence's (a
// Spanish question in an English widget gets a Spanish answer that names
// "Talk to a live agent").
std::string with_button(std::string_view sentence, Lang shown);

// The language the widget is shown in: the one it reported, else the
// browser's, else English.
Lang widget_language(const VisitorContext& context);

}  // namespace baton
