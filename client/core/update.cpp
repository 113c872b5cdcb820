#include "client/core/update.hpp"

#include "client/core/handoff_words.hpp"

#include <algorithm>
#include <array>

#include "client/core/file_check.hpp"
#include "client/core/handoff_state.hpp"
#include "client/core/json_text.hpp"
#include "common/email.hpp"
#include "common/ids.hpp"
#include "common/limits.hpp"
#include "common/message_text.hpp"
#include "common/phone.hpp"
#include "common/placeholders.hpp"
#include "common/protocol/binary_codec.hpp"
#include "common/utf8.hpp"
#include "common/web_url.hpp"

namespace baton::client {
namespace {

using Commands = std::vector<Command>;

double unit_random(const Environment& env) {
  std::array<std::uint8_t, 4> bytes{};
  env.random->fill(bytes);
  std::uint32_t n = static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
                    static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24;
  return static_cast<double>(n) / 4294967296.0;
}

// The newest entry the visitor has seen in this session, in any tab or page.
std::uint64_t seen_seq(const Model& m) {
  const auto& reading = m.stored.reading;
  if (!m.stored.session || reading.session_id != m.stored.session->id) return 0;
  return reading.seen_seq;
}

void remember_open(Model& m, Commands& out) {
  if (m.stored.reading.open == m.open) return;
  m.stored.reading.open = m.open;
  out.push_back(command::Save{.reading = true});
}

// The agent's WhatsApp shows their messages read once this tab has shown
// them: said once per new agent message seen, while the stream is up.
void report_seen(Model& m, Commands& out) {
  auto seen = m.stored.reading.seen_seq;
  if (m.state != SessionState::live || m.link != Link::live || seen <= m.seen_reported) return;
  bool agent_news = false;
  for (const auto& entry : m.conversation.entries()) {
    if (entry.seq > m.seen_reported && entry.seq <= seen && entry.author == Author::agent) agent_news = true;
  }
  m.seen_reported = seen;
  if (agent_news) out.push_back(command::SendFrame{encode_binary(ClientFrame{Seen{seen}})});
}

// After every action: an open panel has shown everything it holds, and the
// badge counts the messages of agents and the assistant after the last entry
// seen (lines like "Ana joined" are announced, not counted).
void settle_reading(Model& m, Commands& out) {
  auto& reading = m.stored.reading;
  if (m.stored.session && reading.session_id != m.stored.session->id) {
    reading.session_id = m.stored.session->id;
    reading.seen_seq = 0;
    out.push_back(command::Save{.reading = true});
  }
  bool reading_now = m.open && m.visible;
  if (reading_now && m.stored.session && m.conversation.last_seq() > reading.seen_seq) {
    reading.seen_seq = m.conversation.last_seq();
    out.push_back(command::Save{.reading = true});
  }
  report_seen(m, out);
  m.unread = 0;
  if (reading_now) return;
  auto seen = seen_seq(m);
  for (const auto& entry : m.conversation.entries()) {
    if (entry.seq > seen && (entry.author == Author::agent || entry.author == Author::bot)) ++m.unread;
  }
}

void connect(Model& m, Commands& out) {
  if (!m.stored.session) return;
  m.link = Link::connecting;
  out.push_back(command::OpenSocket{});
}

void create_session(Model& m, Commands& out) {
  if (m.stored.session || m.link == Link::creating_session) return;
  m.link = Link::creating_session;
  auto context = opening_context(m.page, m.stored.pages);
  out.push_back(command::Http{
      HttpPurpose::create_session, "POST", "/v1/sessions", "{\"context\":" + context_to_json(context) + "}", {}});
}

void fetch_availability(Commands& out) {
  out.push_back(command::Http{HttpPurpose::availability, "GET", "/v1/availability", {}, {}});
}

// The WhatsApp link or the booked call, after a reload or in another tab.
void fetch_handoff_state(const Model& m, Commands& out) {
  if (!m.stored.session) return;
  out.push_back(command::Http{HttpPurpose::handoff_state,
                              "GET",
                              "/v1/sessions/" + m.stored.session->id + "/handoff",
                              {},
                              m.stored.session->token});
}

void fetch_slots(Model& m, Commands& out) {
  if (m.slots.loading) return;
  m.slots.loading = true;
  out.push_back(command::Http{HttpPurpose::slots, "GET", "/v1/availability/slots?days=7", {}, {}});
}

void start_new_chat(Model& m, Commands& out) {
  if (!m.stored.session || m.state != SessionState::ended || m.starting_new_chat) return;
  m.starting_new_chat = true;
  m.composer_error.reset();
  out.push_back(command::Http{HttpPurpose::new_conversation,
                              "POST",
                              "/v1/sessions/" + m.stored.session->id + "/conversations",
                              {},
                              m.stored.session->token});
}

void end_chat(Model& m, Commands& out) {
  bool with_person = m.state == SessionState::live || m.state == SessionState::waiting;
  if (!m.stored.session || !with_person || m.ending_chat) return;
  m.ending_chat = true;
  m.composer_error.reset();
  out.push_back(command::Http{
      HttpPurpose::end_chat, "POST", "/v1/sessions/" + m.stored.session->id + "/end", {}, m.stored.session->token});
}

void rate(Model& m, const action::Rate& answer, Commands& out) {
  if (!m.stored.session || m.survey.empty() || m.rating) return;
  m.rating = true;
  out.push_back(command::Http{HttpPurpose::rate, "POST", "/v1/sessions/" + m.stored.session->id + "/ratings",
                              "{\"survey\":" + json::quote(m.survey) + ",\"score\":" + std::to_string(answer.score) +
                                  ",\"comment\":" + json::quote(answer.comment) + "}",
                              m.stored.session->token});
}

void cancel_call(Model& m, Commands& out) {
  if (!m.stored.session || !m.card || m.card->cancelling) return;
  m.card->confirming_cancel = false;
  m.card->cancelling = true;
  m.card->cancel_failed = false;
  out.push_back(command::Http{HttpPurpose::cancel_call,
                              "DELETE",
                              "/v1/sessions/" + m.stored.session->id + "/call",
                              {},
                              m.stored.session->token});
}

void delete_session(Model& m, Commands& out) {
  if (!m.stored.session || m.deletion == Deletion::deleting) return;
  m.deletion = Deletion::deleting;
  out.push_back(command::Http{
      HttpPurpose::delete_session, "DELETE", "/v1/sessions/" + m.stored.session->id, {}, m.stored.session->token});
}

// This tab lets go of the chat it showed: its log and the assistant's
// draft go, what still waits to be sent stays (shown as queued), and the
// live stream is closed.
void drop_chat_view(Model& m, Commands& out) {
  m.conversation = Conversation{};
  m.draft.reset();
  m.enlarged.clear();
  for (const auto& item : m.stored.outbox) m.conversation.add_queued(item);
  out.push_back(command::CloseSocket{});
}

// The chat is gone on the relay: nothing of it stays in this tab or in the
// browser's storage, what the visitor typed about themselves included. The
// next message starts a new chat.
void forget_chat(Model& m, Commands& out) {
  // Marked as done with, so that merging with the stored outbox (which
  // still holds them) does not bring them back.
  for (const auto& item : m.stored.outbox) m.acknowledged.push_back(item.cid);
  bool open = m.stored.reading.open;
  m.stored = StoredState{};
  m.stored.reading.open = open;
  drop_chat_view(m, out);
  m.card.reset();
  m.queue.reset();
  m.state = SessionState::bot;
  m.agent.clear();
  m.agent_photo.clear();
  m.panel = Panel::chat;
  m.form = FormState{};
  m.typed = FormFields{};
  if (m.file) out.push_back(command::ForgetFile{m.file->handle});
  m.file.reset();
  m.file_error.clear();
  m.sending_cid.clear();
  m.slowed_down = false;
  m.link = Link::idle;
  out.push_back(command::Save{.session = true, .outbox = true, .pages = true, .identity = true, .reading = true});
}

// Writes the oldest queued message to the live stream, unless one is already
// waiting for its acknowledgement.
void send_next(Model& m, Commands& out) {
  if (m.link != Link::live || !m.sending_cid.empty() || m.stored.outbox.empty()) return;
  const auto& item = m.stored.outbox.front();
  m.sending_cid = item.cid;
  out.push_back(command::SendFrame{encode_binary(ClientFrame{SendText{item.cid, item.text, item.attachment.id}})});
}

void forget_queued(Model& m, const std::string& cid, Commands& out) {
  if (cid.empty()) return;
  auto& outbox = m.stored.outbox;
  auto it = std::find_if(outbox.begin(), outbox.end(), [&](const QueuedMessage& q) { return q.cid == cid; });
  if (it != outbox.end()) {
    outbox.erase(it);
    m.acknowledged.push_back(cid);
    out.push_back(command::Save{.outbox = true});
  }
  if (m.sending_cid == cid) {
    m.sending_cid.clear();
    m.send_refusals = 0;
    m.slowed_down = false;
  }
  send_next(m, out);
}

// A message into the outbox, shown as queued and sent as soon as the live
// stream allows (retried, like any queued message, until acknowledged).
void queue_message(Model& m, std::string text, Attachment attachment, const Environment& env, Commands& out) {
  if (m.deletion == Deletion::done) m.deletion = Deletion::none;
  QueuedMessage item{new_client_id(*env.random), std::move(text), env.now_ms, std::move(attachment)};
  m.stored.outbox.push_back(item);
  m.conversation.add_queued(item);
  ++m.composed;
  out.push_back(command::Save{.outbox = true});
  if (m.link == Link::live) send_next(m, out);
  else if (!m.stored.session) create_session(m, out);
}

// Refusals that resending the same text can never change; anything else
// (storage busy, too many pending, an unknown code) keeps the message queued.
bool refused_for_good(std::string_view code) {
  for (std::string_view permanent :
       {"empty_text", "text_too_long", "invalid_utf8", "control_character", "invalid_cid", "invalid_attachment"}) {
    if (code == permanent) return true;
  }
  return false;
}

void on_refused(Model& m, const ErrorFrame& error, const Environment& env, Commands& out) {
  if (refused_for_good(error.code)) {
    m.conversation.mark_refused(error.cid);
    forget_queued(m, error.cid, out);
    return;
  }
  if (m.sending_cid != error.cid) return;
  m.sending_cid.clear();
  // Said kindly, and the message stays queued: it goes when the limit allows.
  m.slowed_down = error.code == "rate_limited";
  out.push_back(command::StartTimer{TimerKind::resend, reconnect_delay_ms(++m.send_refusals, unit_random(env))});
}

// What the site's on('message') callback gets: who wrote, and what.
std::string message_detail(const Message& message) {
  return "{\"author\":" + json::quote(to_string(message.author)) + ",\"name\":" + json::quote(message.author_name) +
         ",\"text\":" + json::quote(message.text) + ",\"seq\":" + std::to_string(message.seq) + "}";
}

std::string speaker(const Model& m, const Message& message) {
  if (!message.author_name.empty()) return message.author_name;
  return std::string(text(m.language, message.author == Author::bot ? Text::assistant : Text::agent));
}

// What a screen reader hears for a message that arrives.
std::string announcement(const Model& m, const Message& message) {
  switch (message.kind) {
    case MessageKind::agent_joined: return format(m.language, Text::agent_joined, "agent", message.author_name);
    case MessageKind::agent_left: return format(m.language, Text::agent_left, "agent", message.author_name);
    case MessageKind::handoff_requested:
      return format(m.language, Text::handoff_requested, "agent", message.author_name);
    case MessageKind::delivery_failed: return std::string(text(m.language, Text::delivery_failed));
    case MessageKind::reaction:
      if (message.about.empty() || message.text.empty()) break;
      return fill_placeholders(text(m.language, Text::reacted),
                               {{"name", speaker(m, message)}, {"emoji", message.text}});
    default: break;
  }
  if (message.author == Author::system) return message.text;
  return format(m.language, Text::new_message_from, "name", speaker(m, message));
}

void on_draft(Model& m, const AssistantDraft& draft) {
  using Phase = AssistantDraft::Phase;
  if (draft.phase == Phase::ended) {
    if (m.draft && m.draft->id == draft.draft_id) m.draft.reset();
    return;
  }
  if (m.state != SessionState::bot) return;  // a person has the chat
  if (!m.draft || m.draft->id != draft.draft_id) m.draft = Draft{draft.draft_id, {}};
  if (draft.phase != Phase::text) return;
  // Text continues where the widget's copy ends; a piece it already has (sent
  // again after a reconnect) or one after a gap is not appended twice.
  if (draft.offset == m.draft->text.size()) m.draft->text += draft.delta;
}

void on_frame(Model& m, const ServerFrame& frame, const Environment& env, Commands& out) {
  if (const auto* welcome = std::get_if<Welcome>(&frame)) {
    m.link = Link::live;
    m.attempts = 0;
    m.state = welcome->state;
    m.agent = welcome->agent_name;
    m.agent_photo = is_web_image_url(welcome->agent_photo) ? welcome->agent_photo : std::string();
    m.joined_at_seq = welcome->last_seq;
    m.draft.reset();
    if (m.stored.session && m.stored.session->code.empty()) m.stored.session->code = welcome->code;
    m.sending_cid.clear();
    if (m.state == SessionState::bot) m.card.reset();
    else fetch_handoff_state(m, out);
    send_next(m, out);
  } else if (const auto* message = std::get_if<Message>(&frame)) {
    if (!m.conversation.apply(*message)) return;
    // An edit or a deletion changed a line already shown: no news, no chime.
    if (!says_something(message->kind)) return;
    // The survey waits until the relay thanks the visitor for an answer. A
    // new one comes before the chat's end; a replayed one counts only if the
    // chat is still the ended one it was about.
    if (message->kind == MessageKind::survey && (message->seq > m.joined_at_seq || m.state == SessionState::ended)) {
      m.survey = message->id;
    } else if (!m.survey.empty() && message->about == m.survey) m.survey.clear();
    // The site hears of news, not of the history a page replays.
    if (message->seq > m.joined_at_seq) out.push_back(command::Notify{"message", message_detail(*message)});
    if (message->author == Author::visitor) {
      forget_queued(m, message->cid, out);
      return;
    }
    // "Your WhatsApp joined this chat": the card changes with it.
    if (message->kind == MessageKind::notice && m.card && m.card->mode == HandoffMode::whatsapp &&
        !m.card->whatsapp_joined && message->seq > m.joined_at_seq) {
      fetch_handoff_state(m, out);
    }
    // The assistant heard a request for a person (or failed twice): the
    // options open at once, unless the visitor is already filling a form.
    // While waiting for an agent too: nobody took the chat in time.
    if (message->kind == MessageKind::handoff_offer && message->seq > m.joined_at_seq &&
        (m.state == SessionState::bot || m.state == SessionState::waiting) && m.panel == Panel::chat) {
      m.panel = Panel::options;
      m.options_reason = message->text;
      fetch_availability(out);
      // The composer the visitor was in is gone: the focus follows the view.
      if (m.open) out.push_back(command::Focus{FocusTarget::options});
    }
    // An open panel's log (role="log") is read out by itself; a closed one
    // is announced once, briefly, from outside it: only news, never the
    // history a new page replays nor what the visitor has already read.
    bool news = message->seq > m.joined_at_seq && message->seq > seen_seq(m);
    if (!m.open && news) out.push_back(command::Announce{announcement(m, *message)});
    // A sound, if the visitor asked for one, when they are not looking.
    if (news && m.stored.reading.sound && !(m.open && m.visible) &&
        (message->author == Author::agent || message->author == Author::bot)) {
      out.push_back(command::Chime{announcement(m, *message)});
    }
  } else if (const auto* place = std::get_if<QueueUpdate>(&frame)) {
    if (m.state == SessionState::waiting) m.queue = *place;
  } else if (const auto* news = std::get_if<AvailabilityChange>(&frame)) {
    // Fresher than what was fetched: the options panel redraws from it.
    m.availability = Availability{true, news->online, news->agents_online, news->options};
  } else if (const auto* draft = std::get_if<AssistantDraft>(&frame)) {
    on_draft(m, *draft);
  } else if (const auto* change = std::get_if<StatusChange>(&frame)) {
    m.conversation.apply(*change);
  } else if (const auto* ack = std::get_if<Ack>(&frame)) {
    // The ack's sequence number is not a resume point: it can overtake older
    // log entries the relay is still paging out. The message itself follows.
    forget_queued(m, ack->cid, out);
  } else if (const auto* state = std::get_if<StateChange>(&frame)) {
    m.state = state->state;
    m.agent = state->agent_name;
    m.agent_photo = is_web_image_url(state->agent_photo) ? state->agent_photo : std::string();
    // A person was asked for: whatever the assistant was writing is void.
    if (m.state != SessionState::bot) m.draft.reset();
    if (m.state != SessionState::waiting) m.queue.reset();
    // A new conversation: the last one's survey is no longer asked.
    if (m.state != SessionState::ended) m.survey.clear();
    // Back with the assistant, or a WhatsApp chat ended: the card is void.
    // Otherwise another tab (or the agent) may have changed it: ask.
    if (m.card &&
        (m.state == SessionState::bot || (m.state == SessionState::ended && m.card->mode == HandoffMode::whatsapp))) {
      m.card.reset();
    } else if (m.state != SessionState::bot) {
      fetch_handoff_state(m, out);
    }
  } else if (const auto* error = std::get_if<ErrorFrame>(&frame)) {
    if (!error->cid.empty()) on_refused(m, *error, env, out);
    // The relay no longer knows this session (its data was reset, or the
    // chat was erased while this tab was connected): start over. A message
    // refused for it would otherwise be sent again every 30 s for ever,
    // with the queue behind it (found on review).
    if (error->code == "invalid_token" || error->code == "session_not_found") {
      m.stored.session.reset();
      drop_chat_view(m, out);
      m.link = Link::idle;
      out.push_back(command::Save{.session = true});
      if (m.open) create_session(m, out);
    }
  }
}

void on_http(Model& m, const action::HttpDone& done, const Environment& env, Commands& out) {
  auto body = json::parse_object(done.body);
  switch (done.purpose) {
    case HttpPurpose::create_session: {
      // Another tab made the chat while this request was out (a browser
      // without Web Locks, see glue.js): this tab already went over to it, and
      // what it queued may be there by now. The chat just made stays empty.
      if (m.stored.session) return;
      if (done.status == 201 && body) {
        SessionKeys keys{json::string_at(*body, "session_id"), json::string_at(*body, "token"),
                         json::string_at(*body, "code")};
        if (!keys.id.empty() && !keys.token.empty()) {
          m.stored.session = keys;
          m.session_unavailable = false;
          out.push_back(command::Save{.session = true});
          connect(m, out);
          return;
        }
      }
      m.link = Link::idle;
      m.session_unavailable = true;
      // 4xx will not change by retrying (this site is not allowed); the rest may.
      if (done.status == 0 || done.status >= 500 || done.status == 429) {
        out.push_back(
            command::StartTimer{TimerKind::retry_session, reconnect_delay_ms(++m.attempts, unit_random(env))});
      }
      return;
    }
    case HttpPurpose::availability: {
      if (done.status != 200 || !body) return;
      Availability a;
      a.known = true;
      a.online = json::bool_at(*body, "online");
      a.agents = json::integer_at(*body, "agents_online");
      if (const auto* options = json::member(*body, "options"); options && options->IsArray()) {
        for (const auto& option : options->GetArray()) {
          if (!option.IsString()) continue;
          if (auto mode = handoff_mode_from_string(option.GetString())) a.options.push_back(*mode);
        }
      }
      m.availability = a;
      return;
    }
    case HttpPurpose::slots: {
      m.slots.loading = false;
      if (done.status != 200 || !read_slots(m, done.body, env.local_time)) m.slots.loaded = false;
      return;
    }
    case HttpPurpose::handoff_state: {
      if (done.status == 200) read_handoff_answer(m, done.body, env.local_time);
      return;
    }
    case HttpPurpose::cancel_call: {
      if (done.status == 200 && read_handoff_answer(m, done.body, env.local_time)) return;
      if (m.card) {
        m.card->cancelling = false;
        m.card->cancel_failed = true;
      }
      return;
    }
    case HttpPurpose::rate: {
      m.rating = false;
      // Answered (here or in another tab) or gone: the question goes.
      if (done.status == 201 || done.status == 404 || done.status == 409) m.survey.clear();
      return;
    }
    case HttpPurpose::end_chat: {
      m.ending_chat = false;
      // The live stream brings the ended state, the line saying so and the survey.
      if (done.status != 200) m.composer_error = Text::end_chat_failed;
      return;
    }
    case HttpPurpose::new_conversation: {
      m.starting_new_chat = false;
      // The live stream brings the chat's new state and its "New
      // conversation" line; 409: another tab started it first.
      if (done.status == 200 || done.status == 409) {
        out.push_back(command::Focus{FocusTarget::composer});
      } else {
        m.composer_error = Text::new_chat_failed;
      }
      return;
    }
    case HttpPurpose::delete_session: {
      // 401: the chat was already gone (erased from another tab or by the
      // site's admin); the visitor's wish is met either way.
      if (done.status == 200 || done.status == 204 || done.status == 401 || done.status == 404) {
        forget_chat(m, out);
        m.deletion = Deletion::done;
        out.push_back(command::Announce{std::string(text(m.language, Text::deleted))});
        out.push_back(command::Focus{FocusTarget::composer});
        // An open panel always has a chat behind it (as when it opens), so
        // "Talk to a live agent" works at once: a new, empty one.
        if (m.open) create_session(m, out);
      } else {
        m.deletion = Deletion::failed;
      }
      return;
    }
    case HttpPurpose::upload: {
      // A file removed while it went up is forgotten (the relay drops files
      // no message names).
      if (!m.file || !m.file->uploading) return;
      m.file->uploading = false;
      auto attachment = done.status == 201 && body ? json::attachment_at(*body, "attachment") : Attachment{};
      if (!attachment.empty()) {
        auto caption = std::move(m.file->caption);
        m.file.reset();
        queue_message(m, std::move(caption), std::move(attachment), env, out);
        return;
      }
      // The relay's own sentence (too large, quota, chat ended); the file
      // stays for another try.
      const auto* error = body ? json::member(*body, "error") : nullptr;
      m.file_error = error ? json::string_at(*error, "message") : std::string();
      if (m.file_error.empty()) m.file_error = text(m.language, Text::upload_failed);
      return;
    }
    case HttpPurpose::handoff: {
      m.form.sending = false;
      if (done.status == 200 && body) {
        out.push_back(command::Notify{"handoff", "{\"mode\":" + json::quote(to_string(m.form.mode)) + "}"});
        read_handoff_answer(m, done.body, env.local_time);
        if (m.state != SessionState::bot) m.draft.reset();
        m.panel = Panel::chat;
        m.form = FormState{};
        m.typed = FormFields{};
        out.push_back(command::Focus{FocusTarget::composer});
        return;
      }
      m.form.server_error.clear();
      std::string code;
      if (body) {
        if (const auto* error = json::member(*body, "error")) {
          m.form.server_error = json::string_at(*error, "message");
          code = json::string_at(*error, "code");
        }
      }
      // Someone took that time first: the list shows what is still free.
      if (done.status == 409 && m.form.mode == HandoffMode::callback) fetch_slots(m, out);
      // Nobody can be reached that way now (WhatsApp cannot send): the
      // visitor reads it in their language, and the ways still open.
      if (code == "whatsapp_unavailable") {
        m.form.server_error.clear();
        m.form.error = Text::option_unavailable;
        fetch_availability(out);
        return;
      }
      if (m.form.server_error.empty()) m.form.error = Text::unavailable;
      return;
    }
  }
}

// The panel opens, and stays open on the site's next page.
void show_panel(Model& m, Commands& out) {
  if (!m.open) out.push_back(command::Notify{"open", "{}"});
  m.open = true;
  if (!m.stored.session) create_session(m, out);
  else if (m.link == Link::idle || m.link == Link::waiting_retry) connect(m, out);
  if (!m.availability.known) fetch_availability(out);
  remember_open(m, out);
}

void open_panel(Model& m, Commands& out) {
  show_panel(m, out);
  out.push_back(command::Focus{FocusTarget::composer});
}

void close_panel(Model& m, Commands& out) {
  if (m.open) out.push_back(command::Notify{"close", "{}"});
  m.open = false;
  m.enlarged.clear();
  remember_open(m, out);
  out.push_back(command::Focus{FocusTarget::launcher});
}

void send(Model& m, const std::string& typed, const Environment& env, Commands& out) {
  if (m.file && m.file->uploading) return;
  // With a file, the text is its caption, and may be empty (the relay's rule).
  if (auto problem = check_visitor_text(typed, m.file.has_value())) {
    m.composer_error = *problem == TextProblem::too_long ? std::optional(Text::too_long) : std::nullopt;
    return;
  }
  m.composer_error.reset();
  if (!m.file) {
    queue_message(m, typed, {}, env, out);
    return;
  }
  // The file's bytes go first; its message is queued once the relay has them.
  if (!m.stored.session) return;
  m.file_error.clear();
  bool blank = typed.find_first_not_of(" \n\r\t") == std::string::npos;
  m.file->caption = blank ? std::string() : typed;
  m.file->uploading = true;
  m.file->sent = 0;
  out.push_back(command::Upload{m.file->handle, "/v1/sessions/" + m.stored.session->id + "/attachments",
                                m.stored.session->token});
}

// One file at a time: a new one takes the place of the last (not of one on
// its way), and is checked at once by the relay's own rule.
void choose_file(Model& m, const action::ChooseFile& chosen, Commands& out) {
  auto refuse = [&] { out.push_back(command::ForgetFile{chosen.handle}); };
  if (m.file && m.file->uploading) return refuse();
  m.composer_error.reset();
  // Dropped or pasted while the assistant has the chat (the button is hidden then).
  if (!takes_files(m)) {
    m.file_error = text(m.language, Text::files_need_person);
    return refuse();
  }
  auto type = check_file(m.language, chosen.head, chosen.name, chosen.size, m.file_error);
  if (!type) return refuse();
  if (m.file) out.push_back(command::ForgetFile{m.file->handle});  // the new file takes its place
  m.file = PendingFile{chosen.handle, chosen.name, chosen.size, type->kind, chosen.preview, {}, false, 0};
  // The caption is typed next.
  out.push_back(command::Focus{FocusTarget::composer});
}

std::optional<Text> check_form(const Model& m, FormFields& fields) {
  if (!m.availability.offers(m.form.mode)) return Text::option_unavailable;
  if (!fields.phone.empty()) {
    auto e164 = normalize_e164(fields.phone);
    if (!e164) return Text::invalid_phone;
    fields.phone = *e164;
  } else if (m.form.mode == HandoffMode::whatsapp || m.form.mode == HandoffMode::callback) {
    return Text::phone_required;
  }
  if (m.form.mode == HandoffMode::email && fields.email.empty()) return Text::email_required;
  if (m.form.mode == HandoffMode::callback && fields.slot.empty()) return Text::slot_required;
  if (!fields.email.empty() && !is_plausible_email(fields.email)) return Text::invalid_email;
  if (utf8::length(fields.message) > limits::message_text_chars) return Text::too_long;
  if (!fields.consent) return Text::required_consent;
  return std::nullopt;
}

std::string handoff_body(const Model& m, const FormFields& fields) {
  std::string body = "{\"mode\":" + json::quote(to_string(m.form.mode)) + ",\"consent\":true";
  // The sentence the visitor agreed to, word for word, in their language.
  body += ",\"consent_text\":" + json::quote(text(m.language, consent_text(m.form.mode)));
  body += ",\"consent_language\":" + json::quote(to_string(m.language));
  if (!fields.name.empty()) body += ",\"name\":" + json::quote(fields.name);
  if (!fields.email.empty()) body += ",\"email\":" + json::quote(fields.email);
  if (!fields.phone.empty()) body += ",\"phone\":" + json::quote(fields.phone);
  if (!fields.slot.empty()) body += ",\"slot\":" + json::quote(fields.slot);
  if (m.form.mode == HandoffMode::email) {
    if (!fields.message.empty()) body += ",\"message\":" + json::quote(fields.message);
    if (fields.copy_to_visitor) body += ",\"copy\":true";
  }
  body += ",\"context\":" + context_to_json(handoff_context(m.page, m.stored)) + "}";
  return body;
}

void submit(Model& m, action::Submit submitted, Commands& out) {
  auto& fields = submitted.fields;
  m.form.fields = fields;
  m.form.server_error.clear();
  m.form.error = check_form(m, fields);
  if (m.form.error || !m.stored.session || m.form.sending) return;
  // What the visitor typed is theirs to reuse next time, on this device only.
  if (!fields.name.empty()) m.stored.identity.name = fields.name;
  if (!fields.email.empty()) m.stored.identity.email = fields.email;
  if (!fields.phone.empty()) m.stored.identity.phone = fields.phone;
  out.push_back(command::Save{.identity = true});
  m.form.sending = true;
  out.push_back(command::Http{HttpPurpose::handoff, "POST", "/v1/sessions/" + m.stored.session->id + "/handoff",
                              handoff_body(m, fields), m.stored.session->token});
}

void adopt_other_tab(Model& m, const StoredState& theirs, Commands& out) {
  // What another tab showed the visitor is read here too; whether the
  // panel opens on the next page is the last tab's say.
  auto& reading = m.stored.reading;
  if (theirs.reading.session_id == reading.session_id) {
    reading.seen_seq = std::max(reading.seen_seq, theirs.reading.seen_seq);
  } else if (theirs.session && theirs.reading.session_id == theirs.session->id) {
    reading.session_id = theirs.reading.session_id;
    reading.seen_seq = theirs.reading.seen_seq;
  }
  reading.open = theirs.reading.open;
  reading.sound = theirs.reading.sound;
  m.stored.outbox = merge_outboxes(m.stored.outbox, theirs.outbox, m.acknowledged);
  for (const auto& item : m.stored.outbox) m.conversation.add_queued(item);
  m.stored.pages = theirs.pages;
  m.stored.identity = theirs.identity;
  m.stored.traits = theirs.traits;
  if (!theirs.session && m.stored.session && m.deletion != Deletion::deleting) {
    // Another tab deleted the chat (or the relay forgot it): this one lets
    // go of it too.
    // What waits to be sent is what the other tab kept: nothing, when the
    // chat was deleted.
    m.stored.session.reset();
    m.stored.outbox = theirs.outbox;
    drop_chat_view(m, out);
    m.card.reset();
    m.state = SessionState::bot;
    m.link = Link::idle;
    return;
  }
  if (theirs.session && theirs.session != m.stored.session) {
    bool had_session = m.stored.session.has_value();
    m.stored.session = theirs.session;
    if (had_session) drop_chat_view(m, out);
    connect(m, out);
  }
}

}  // namespace

bool takes_files(const Model& m) {
  bool call_booked = m.card && m.card->mode == HandoffMode::callback;
  return m.state == SessionState::waiting || m.state == SessionState::live ||
         (m.state == SessionState::ended && call_booked);
}

bool Availability::offers(HandoffMode mode) const {
  return std::find(options.begin(), options.end(), mode) != options.end();
}

std::int64_t reconnect_delay_ms(std::uint32_t attempts, double unit) {
  double full = 500.0;
  for (std::uint32_t i = 1; i < attempts && full < 30000.0; ++i) full *= 2;
  full = std::min(full, 30000.0);
  return static_cast<std::int64_t>(full / 2 + unit * full / 2);
}

std::vector<Command> update(Model& m, const Action& action, const Environment& env) {
  Commands out;
  m.now_ms = env.now_ms;
  std::visit(
      [&](const auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, action::Start>) {
          m.page = a.page;
          m.language = pick_language(a.configured_language, a.page.browser_languages);
          m.page.ui_language = std::string(to_string(m.language));
          m.stored = a.stored;
          remember_page(m.stored.pages, page_path(a.page.url));
          out.push_back(command::Save{.pages = true});
          for (const auto& item : m.stored.outbox) m.conversation.add_queued(item);
          connect(m, out);
          out.push_back(command::StartTimer{TimerKind::clock, 60'000});
          // Open on the last page, open on this one; the focus stays where
          // the page put it (no keyboard popping up on a phone).
          if (m.stored.reading.open) show_panel(m, out);
          // Typed before any chat could be made (offline, the relay down)
          // and the panel closed since: the chat is made now, so what waits
          // goes, rather than only once the visitor opens the panel again
          // (found on review).
          if (!m.stored.outbox.empty()) create_session(m, out);
        } else if constexpr (std::is_same_v<A, action::Open>) {
          open_panel(m, out);
        } else if constexpr (std::is_same_v<A, action::Close>) {
          close_panel(m, out);
        } else if constexpr (std::is_same_v<A, action::Reset>) {
          // Logout: the next person on this browser starts afresh. The chat
          // stays on the relay (for the agent and the site's records).
          if (m.open) out.push_back(command::Notify{"close", "{}"});
          m.open = false;
          forget_chat(m, out);
          m.stored.reading = Reading{};
          m.deletion = Deletion::none;
          m.availability = Availability{};
        } else if constexpr (std::is_same_v<A, action::Toggle>) {
          if (m.open) close_panel(m, out);
          else open_panel(m, out);
        } else if constexpr (std::is_same_v<A, action::SocketOpened>) {
          if (!m.stored.session) return;
          m.link = Link::joining;
          out.push_back(command::SendFrame{encode_binary(
              ClientFrame{Hello{m.stored.session->id, m.stored.session->token, m.conversation.last_seq()}})});
        } else if constexpr (std::is_same_v<A, action::SocketClosed>) {
          if (m.link == Link::idle || !m.stored.session) return;
          m.link = Link::waiting_retry;
          m.sending_cid.clear();
          out.push_back(command::StartTimer{TimerKind::reconnect, reconnect_delay_ms(++m.attempts, unit_random(env))});
        } else if constexpr (std::is_same_v<A, action::SocketData>) {
          if (auto frame = decode_server_frame(a.bytes)) on_frame(m, *frame, env, out);
        } else if constexpr (std::is_same_v<A, action::HttpDone>) {
          on_http(m, a, env, out);
        } else if constexpr (std::is_same_v<A, action::Timer>) {
          if (a.kind == TimerKind::reconnect && m.link == Link::waiting_retry) connect(m, out);
          if (a.kind == TimerKind::retry_session && !m.stored.session && m.link == Link::idle) create_session(m, out);
          if (a.kind == TimerKind::resend) send_next(m, out);
          if (a.kind == TimerKind::clock) out.push_back(command::StartTimer{TimerKind::clock, 60'000});
        } else if constexpr (std::is_same_v<A, action::Network>) {
          m.online = a.online;
          if (a.online && m.link == Link::waiting_retry) {
            m.attempts = 0;
            connect(m, out);
          } else if (!a.online && (m.link == Link::connecting || m.link == Link::joining || m.link == Link::live)) {
            // A socket may survive the loss of the network for a long while;
            // messages typed now must be queued, not written into it.
            out.push_back(command::CloseSocket{});
            m.link = Link::waiting_retry;
            out.push_back(
                command::StartTimer{TimerKind::reconnect, reconnect_delay_ms(++m.attempts, unit_random(env))});
          }
        } else if constexpr (std::is_same_v<A, action::Visibility>) {
          m.visible = a.visible;
          if (a.visible && m.link == Link::waiting_retry) {
            m.attempts = 0;
            connect(m, out);
          }
        } else if constexpr (std::is_same_v<A, action::ToggleSound>) {
          m.stored.reading.sound = !m.stored.reading.sound;
          out.push_back(command::Save{.reading = true});
          if (m.stored.reading.sound) out.push_back(command::Chime{});  // what it will sound like
        } else if constexpr (std::is_same_v<A, action::Wake>) {
          if (m.link == Link::waiting_retry) {
            m.attempts = 0;
            connect(m, out);
          }
        } else if constexpr (std::is_same_v<A, action::Send>) {
          send(m, a.text, env, out);
        } else if constexpr (std::is_same_v<A, action::ChooseFile>) {
          choose_file(m, a, out);
        } else if constexpr (std::is_same_v<A, action::RemoveFile>) {
          if (m.file) out.push_back(command::ForgetFile{m.file->handle});
          m.file.reset();
          m.file_error.clear();
          out.push_back(command::Focus{FocusTarget::composer});
        } else if constexpr (std::is_same_v<A, action::UploadProgress>) {
          if (m.file && m.file->uploading) m.file->sent = a.sent;
        } else if constexpr (std::is_same_v<A, action::Typing>) {
          // WhatsApp's indicator lasts 25 s: saying it every 10 s while the
          // visitor types keeps it up without a frame per keystroke.
          if (m.state == SessionState::live && m.link == Link::live && env.now_ms - m.typing_sent_ms >= 10000) {
            m.typing_sent_ms = env.now_ms;
            out.push_back(command::SendFrame{encode_binary(ClientFrame{Typing{}})});
          }
        } else if constexpr (std::is_same_v<A, action::Enlarge>) {
          m.enlarged = a.id;
          out.push_back(command::Focus{a.id.empty() ? FocusTarget::picture : FocusTarget::viewer});
        } else if constexpr (std::is_same_v<A, action::AskForPerson>) {
          m.panel = Panel::options;
          m.options_reason.clear();
          fetch_availability(out);
          out.push_back(command::Focus{FocusTarget::options});
        } else if constexpr (std::is_same_v<A, action::Choose>) {
          m.panel = Panel::form;
          m.form = FormState{};
          m.form.mode = a.mode;
          auto either = [](const std::string& typed, const std::string& stored) {
            return typed.empty() ? stored : typed;
          };
          m.form.fields.name = either(m.typed.name, m.stored.identity.name);
          m.form.fields.email = either(m.typed.email, m.stored.identity.email);
          m.form.fields.phone = either(m.typed.phone, m.stored.identity.phone);
          m.form.fields.message = m.typed.message;
          // Times may have been taken since: a fresh list each time.
          if (a.mode == HandoffMode::callback) {
            m.slots.loaded = false;
            fetch_slots(m, out);
          }
          out.push_back(command::Focus{FocusTarget::form});
        } else if constexpr (std::is_same_v<A, action::Back>) {
          if (a.typed) m.typed = *a.typed;
          m.panel = m.panel == Panel::form ? Panel::options : Panel::chat;
          out.push_back(command::Focus{m.panel == Panel::options ? FocusTarget::options : FocusTarget::composer});
        } else if constexpr (std::is_same_v<A, action::Submit>) {
          submit(m, a, out);
        } else if constexpr (std::is_same_v<A, action::Identify>) {
          if (!a.identity.name.empty()) m.stored.identity.name = a.identity.name;
          if (!a.identity.email.empty()) m.stored.identity.email = a.identity.email;
          if (auto phone = normalize_e164(a.identity.phone)) m.stored.identity.phone = *phone;
          out.push_back(command::Save{.identity = true});
        } else if constexpr (std::is_same_v<A, action::Track>) {
          if (a.name.empty() || a.name.size() > 64) return;
          if (m.stored.traits.size() >= limits::context_extra_entries && !m.stored.traits.contains(a.name)) return;
          if (!utf8::is_valid(a.name) || !utf8::is_valid(a.value)) return;
          m.stored.traits[a.name] = std::string(utf8::take_first(a.value, limits::context_field_chars));
          out.push_back(command::Save{.identity = true});
        } else if constexpr (std::is_same_v<A, action::StorageChanged>) {
          adopt_other_tab(m, a.stored, out);
        } else if constexpr (std::is_same_v<A, action::StorageFull>) {
          m.storage_full = true;
        } else if constexpr (std::is_same_v<A, action::TimeZone>) {
          m.page.time_zone = a.zone;
        } else if constexpr (std::is_same_v<A, action::CancelCall>) {
          if (!m.card || m.card->cancelling) return;
          m.card->confirming_cancel = true;
          m.card->cancel_failed = false;
          // The safe answer has the focus: Enter keeps the call.
          out.push_back(command::Focus{FocusTarget::keep_call});
        } else if constexpr (std::is_same_v<A, action::ChooseDay>) {
          m.form.slot_day = a.day;
          m.form.fields.slot.clear();  // a time of another day is no choice on this one
        } else if constexpr (std::is_same_v<A, action::StartNewChat>) {
          start_new_chat(m, out);
        } else if constexpr (std::is_same_v<A, action::EndChat>) {
          end_chat(m, out);
        } else if constexpr (std::is_same_v<A, action::Rate>) {
          rate(m, a, out);
        } else if constexpr (std::is_same_v<A, action::ConfirmCancelCall>) {
          cancel_call(m, out);
        } else if constexpr (std::is_same_v<A, action::KeepCall>) {
          if (m.card) m.card->confirming_cancel = false;
          out.push_back(command::Focus{FocusTarget::composer});
        } else if constexpr (std::is_same_v<A, action::AskToDelete>) {
          if (!m.stored.session || m.deletion == Deletion::deleting) return;
          m.deletion = Deletion::confirming;
          // The safe answer has the focus: Enter keeps the conversation.
          out.push_back(command::Focus{FocusTarget::keep_conversation});
        } else if constexpr (std::is_same_v<A, action::ConfirmDelete>) {
          delete_session(m, out);
        } else if constexpr (std::is_same_v<A, action::KeepConversation>) {
          if (m.deletion != Deletion::deleting) m.deletion = Deletion::none;
          out.push_back(command::Focus{FocusTarget::composer});
        }
      },
      action);
  settle_reading(m, out);
  return out;
}

}  // namespace baton::client
