#pragma once
// Everything the widget knows; the view draws only from this.

#include <optional>
#include <string>
#include <vector>

#include "client/core/actions.hpp"
#include "client/core/conversation.hpp"
#include "client/core/language.hpp"
#include "common/attachment.hpp"
#include "common/protocol/server_frames.hpp"

namespace baton::client {

enum class Panel : std::uint8_t { chat, options, form };

// Where the live stream stands.
enum class Link : std::uint8_t {
  idle,              // nothing to connect to yet (no session)
  creating_session,  // POST /v1/sessions under way
  connecting,        // socket opening
  joining,           // socket open, hello sent
  live,              // welcomed: frames flow, queued messages go out
  waiting_retry,     // closed; a reconnect timer runs
};

struct Availability {
  bool known = false;
  bool online = false;
  std::int64_t agents = 0;
  std::vector<HandoffMode> options;

  bool offers(HandoffMode mode) const;
};

struct FormState {
  HandoffMode mode = HandoffMode::live;
  FormFields fields;
  std::optional<Text> error;
  std::string server_error;  // the relay's own sentence, when it refused
  bool sending = false;
  std::string slot_day;  // call-back: the day whose times are shown (a SlotChoice::day)
};

// The assistant's reply while it is being written: a typing indicator until
// the first words, then the words as they stream in (AssistantDraft frames).
// The stored message replaces it.
struct Draft {
  std::string id;
  std::string text;
};

// Where the visitor's handoff went, as the relay describes it: the WhatsApp
// link and QR code to continue there, or the call booked and its calendar file.
struct HandoffCard {
  HandoffMode mode = HandoffMode::live;
  std::string whatsapp_phone;
  std::string whatsapp_link;  // https://wa.me/... only
  std::string whatsapp_qr;    // data:image/svg+xml;base64,... only
  bool whatsapp_joined = false;
  std::string call_phone;
  std::string call_when;  // "Fri 27 Nov, 14:00-14:30", in the visitor's zone
  std::string call_ics;
  bool confirming_cancel = false;  // "Cancel the call on …?" is asked
  bool cancelling = false;
  bool cancel_failed = false;
};

// Call-back times offered, fetched when the visitor opens that form.
struct SlotChoice {
  std::string start;  // as the relay wrote it, sent back unchanged
  std::string day;    // "Fri 27 Nov", in the visitor's zone and language
  std::string time;   // "14:00", likewise
};
struct SlotList {
  bool loading = false;
  bool loaded = false;
  std::vector<SlotChoice> choices;
};

// A file the visitor chose, checked, and shown above the text box until it
// is sent or removed. The glue keeps the File itself under `handle`.
struct PendingFile {
  int handle = 0;
  std::string name;
  std::uint64_t size = 0;
  AttachmentKind kind = AttachmentKind::document;  // as sniffed
  std::string preview;                             // an object URL of the file, for a picture's thumbnail
  std::string caption;                             // the text typed when Send was pressed
  bool uploading = false;
  std::uint64_t sent = 0;  // bytes uploaded so far
};

// "Delete this conversation": asked, confirmed and on its way, refused, or
// done (then said once in the notice area).
enum class Deletion : std::uint8_t { none, confirming, deleting, failed, done };

struct Model {
  // What the agent's WhatsApp was told (read marks, "typing…"): the newest
  // entry reported seen, and when typing was last said.
  std::uint64_t seen_reported = 0;
  std::int64_t typing_sent_ms = 0;
  Lang language = Lang::en;
  PageInfo page;
  StoredState stored;
  Conversation conversation;
  SessionState state = SessionState::bot;
  std::string agent;
  std::string agent_photo;  // the agent's picture, checked by is_web_image_url
  // The survey waiting for the visitor's rating (its message id), and
  // whether the answer is on its way.
  std::string survey;
  bool rating = false;

  bool open = false;
  bool visible = true;  // the tab is shown
  Panel panel = Panel::chat;
  // Why the options opened by themselves (the assistant's offer, said
  // again above them); empty when the visitor asked for them.
  std::string options_reason;
  Link link = Link::idle;
  bool online = true;
  std::uint32_t attempts = 0;  // failed connections in a row
  // The queued message written to the live stream and not yet acknowledged.
  // One at a time: a refusal the relay may lift (storage busy, too many
  // pending) then never lets a later message overtake an earlier one.
  std::string sending_cid;
  std::uint32_t send_refusals = 0;  // retryable refusals in a row
  std::size_t unread = 0;           // messages to the visitor since the panel was last open
  Availability availability;
  FormState form;
  // What was typed in a form the visitor left with Back: the next form
  // starts from it (nothing is stored until a form is sent).
  FormFields typed;
  std::optional<Text> composer_error;
  std::optional<PendingFile> file;
  // Why a file was refused or could not be sent, as the visitor reads it
  // (the relay's own sentence when it refused the upload).
  std::string file_error;
  std::string enlarged;            // the attachment id of the picture shown larger; "" when none
  std::uint32_t composed = 0;      // messages sent from the text box: each empties it
  bool starting_new_chat = false;  // "Start a new chat" was pressed, the relay has not answered
  bool ending_chat = false;        // "End chat" was pressed, the relay has not answered
  bool storage_full = false;
  bool session_unavailable = false;
  bool slowed_down = false;  // a message waits out the relay's rate limit
  Deletion deletion = Deletion::none;
  std::vector<std::string> acknowledged;  // cids this tab saw acknowledged
  std::optional<Draft> draft;
  std::optional<QueueUpdate> queue;  // while waiting for an agent
  std::optional<HandoffCard> card;   // continuing on WhatsApp, or a call booked
  SlotList slots;
  // The newest message when the stream was joined: what arrives above it is
  // news (a handoff offer opens the options), what is below is history.
  std::uint64_t joined_at_seq = 0;
  std::int64_t now_ms = 0;  // the time of the latest action, for "5 min ago"
};

}  // namespace baton::client
