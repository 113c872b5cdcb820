#pragma once
// What an entry of a conversation is. Visitors and agents write text; agents on
// WhatsApp may also send media, locations, contacts or reactions, which the
// widget shows as labelled lines. System entries carry a kind so that every
// language of the widget can word them itself; their English text is a fallback.

#include <cstdint>
#include <optional>
#include <string_view>

namespace baton {

enum class MessageKind : std::uint8_t {
  text = 0,
  media = 1,  // image, document, audio, video or sticker; text is the caption or a label
  location = 2,
  contacts = 3,
  reaction = 4,
  unsupported = 5,        // a WhatsApp type Baton cannot show; kept, never dropped
  handoff_requested = 6,  // system: the visitor asked for a person
  agent_joined = 7,       // system: author_name is the agent
  agent_left = 8,
  delivery_failed = 9,  // system: WhatsApp refused a message for good; text says why
  notice = 10,          // system: anything else worth showing
  handoff_offer = 11,   // bot: offers a person (asked for, or the assistant could not help);
                        // a widget that sees it arrive opens the handoff options
  survey = 12,          // system: asks the visitor to rate the chat 1 to 5; the notice that
                        // thanks them has `about` set to this message's id
  edit = 13,            // its author changed message `about` on WhatsApp: `text` is the new
                        // text (that message is rewritten too); never a line of its own
  deleted = 14,         // with `about`: its author deleted that message on WhatsApp; without:
                        // a message whose author deleted it, kept as a mark, with no text
};

// Edits and deletions change another message and say nothing themselves:
// transcripts, copies and summaries leave them out.
constexpr bool says_something(MessageKind kind) { return kind != MessageKind::edit && kind != MessageKind::deleted; }

std::string_view to_string(MessageKind kind);
std::optional<MessageKind> message_kind_from_string(std::string_view name);

}  // namespace baton
