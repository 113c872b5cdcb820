#pragma once
// Everything that can happen to the widget (actions) and everything it asks
// its platform to do (commands). The browser glue turns DOM, network, timer
// and storage events into actions, and carries out commands; the core in
// between is plain C++, tested natively.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "client/core/page_context.hpp"
#include "client/core/stored_state.hpp"
#include "common/attachment.hpp"
#include "common/protocol/handoff.hpp"

namespace baton::client {

enum class HttpPurpose : std::uint8_t {
  create_session,
  availability,
  handoff,
  slots,
  handoff_state,
  cancel_call,
  delete_session,
  new_conversation,
  rate,
  end_chat,
  upload  // a file's bytes (Platform::upload)
};
// clock: once a minute, so "5 min ago" stays true.
enum class TimerKind : std::uint8_t { reconnect, retry_session, resend, clock };
enum class FocusTarget : std::uint8_t {
  composer,
  launcher,
  options,
  form,
  keep_conversation,
  keep_call,
  viewer,   // the enlarged picture's close button
  picture,  // the picture that was enlarged, once it is closed
};

struct FormFields {
  std::string name;
  std::string email;
  std::string phone;
  bool consent = false;
  std::string slot;              // call-back: the chosen slot's start, as the relay gave it
  std::string message;           // e-mail: what to tell the team
  bool copy_to_visitor = false;  // e-mail: send me a copy of the conversation
};

namespace action {
struct Start {
  PageInfo page;
  StoredState stored;
  std::string configured_language;
};
struct Open {};
struct Close {};
// The site's ChatWidget.reset(), on logout: this browser forgets the chat.
struct Reset {};
struct Toggle {};
struct SocketOpened {};
struct SocketClosed {
  int code = 0;
};
struct SocketData {
  std::string bytes;
};
struct HttpDone {
  HttpPurpose purpose = HttpPurpose::availability;
  int status = 0;  // 0: no answer at all
  std::string body;
};
struct Timer {
  TimerKind kind = TimerKind::reconnect;
};
struct Network {
  bool online = true;
};
struct Wake {};  // the tab became visible or got focus
// The tab was hidden or shown: only a shown open panel is being read.
struct Visibility {
  bool visible = true;
};
struct ToggleSound {};
struct Send {
  std::string text;
};
struct AskForPerson {};
// The visitor typed in the composer: the agent may see "typing…".
struct Typing {};
struct Choose {
  HandoffMode mode = HandoffMode::live;
};
// From a form: what was typed in it, kept for when the visitor comes back.
struct Back {
  std::optional<FormFields> typed;
};
// "Cancel the call", then "Yes, cancel it" or "Keep the call".
struct CancelCall {};
struct ConfirmCancelCall {};
struct KeepCall {};
// The call-back form's day changed: its times are shown.
struct ChooseDay {
  std::string day;
};
// "Start a new chat" once the chat has ended.
struct StartNewChat {};
struct EndChat {};  // "End chat" while a person has it or it waits for one
// The satisfaction survey's answer: 1 to 5 and what the visitor added.
struct Rate {
  int score = 0;
  std::string comment;
};
// "Delete this conversation", then "Delete" or "Keep it".
struct AskToDelete {};
struct ConfirmDelete {};
struct KeepConversation {};
struct Submit {
  FormFields fields;
};
struct Identify {
  Identity identity;
};
struct Track {
  std::string name;
  std::string value;
};
// A file the visitor chose with the attach button, dropped on the chat or
// pasted: the glue keeps the File under `handle` and reads its first bytes
// for the check; `preview` is an object URL of it.
struct ChooseFile {
  int handle = 0;
  std::string name;
  std::uint64_t size = 0;
  std::string head;
  std::string preview;
};
struct RemoveFile {};
// XMLHttpRequest's upload progress of the file being sent.
struct UploadProgress {
  std::uint64_t sent = 0;
};
// A picture of the log shown larger, by its attachment id; "" closes it.
struct Enlarge {
  std::string id;
};
struct StorageChanged {
  StoredState stored;
};
struct StorageFull {};
// The page's IANA time zone, which the browser reports only after start
// (its first lookup is slow enough to matter).
struct TimeZone {
  std::string zone;
};
}  // namespace action

using Action = std::variant<
    action::Start, action::Open, action::Close, action::Toggle, action::SocketOpened, action::SocketClosed,
    action::SocketData, action::HttpDone, action::Timer, action::Network, action::Wake, action::Send,
    action::AskForPerson, action::Choose, action::Back, action::Submit, action::Identify, action::Track,
    action::StorageChanged, action::StorageFull, action::TimeZone, action::CancelCall, action::AskToDelete,
    action::ConfirmDelete, action::KeepConversation, action::Reset, action::Visibility, action::ToggleSound,
    action::ConfirmCancelCall, action::KeepCall, action::ChooseDay, action::StartNewChat, action::EndChat, action::Rate,
    action::ChooseFile, action::RemoveFile, action::UploadProgress, action::Enlarge, action::Typing>;

namespace command {
struct OpenSocket {};
struct SendFrame {
  std::string bytes;
};
struct CloseSocket {};
struct Http {
  HttpPurpose purpose = HttpPurpose::availability;
  std::string method;
  std::string path;
  std::string body;
  std::string bearer;  // the session token, for session routes
};
// POST the chosen file's bytes (the glue's `file` handle) to `path`, with
// progress; the answer comes back as HttpDone with HttpPurpose::upload.
struct Upload {
  int file = 0;
  std::string path;
  std::string bearer;
};
// The visitor took the file back, or it was refused: an upload of it stops
// and the browser lets go of its bytes.
struct ForgetFile {
  int file = 0;
};
struct Save {
  bool session = false;
  bool outbox = false;
  bool pages = false;
  bool identity = false;
  bool reading = false;
};
struct StartTimer {
  TimerKind kind = TimerKind::reconnect;
  std::int64_t delay_ms = 0;
};
struct Announce {
  std::string text;
};
struct Focus {
  FocusTarget target = FocusTarget::composer;
};
// For the site's own callbacks (analytics): what happened, with details.
struct Notify {
  std::string event;
  std::string detail_json;
};
// A short sound, and, while the page is hidden, a browser notification
// saying `line` (the visitor turned them on; "" when they just did: what
// it sounds like, and the moment to ask the browser for notifications).
struct Chime {
  std::string line;
};
}  // namespace command

using Command = std::variant<command::OpenSocket, command::SendFrame, command::CloseSocket, command::Http,
                             command::Save, command::StartTimer, command::Announce, command::Focus, command::Notify,
                             command::Chime, command::Upload, command::ForgetFile>;

}  // namespace baton::client
