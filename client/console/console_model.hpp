#pragma once
// The developer console's state (docs/console.md): what the relay's admin
// stream (GET /v1/admin/ws) has said, applied line by line. Portable C++:
// no ImGui, no emscripten, so it is tested natively; console_view.hpp draws
// it and the browser glue feeds it.
//
// Bounded everywhere: the newest max_events events, max_timeline per chat,
// max_traffic WhatsApp exchanges and plot_points seconds of figures, so a
// console left open for a week is as light as a new one.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <rapidjson/fwd.h>

namespace baton::console {

enum class Link : std::uint8_t { signed_out, connecting, live, refused, lost };

struct SessionRow {
  std::string id;
  std::string code;
  std::string state;
  std::string mode;
  std::string agent;  // masked number or name
  std::string origin;
  std::string language;
  std::uint64_t last_seq = 0;
  std::int64_t updated_ms = 0;
  std::int64_t tabs = 0;
  std::int64_t queue_position = 0;  // 0: not waiting
  bool on_whatsapp = false;
  std::int64_t messages = 0;  // seen since the console connected
};

// One copy of a message on its way to one WhatsApp recipient.
struct Copy {
  std::string row;
  std::string recipient;  // masked
  std::string state;      // queued, sent, delivered, read, failed, retry...
  std::string wamid;
  std::string error;
  std::int64_t attempts = 0;
};

// A message as the console followed it: stored, fanned out, copied.
struct MessageTrack {
  std::string id;
  std::string session;
  std::string cid;
  std::uint64_t seq = 0;
  std::string author;
  std::string kind;
  std::string status;  // the visitor-facing tick
  std::int64_t length = 0;
  std::int64_t tabs = 0;
  std::int64_t stored_ms = 0;
  std::vector<Copy> copies;
};

// One line of an event log: when, what, about which chat, in words.
struct EventLine {
  std::int64_t t = 0;
  std::string type;
  std::string session;
  std::string text;
};

struct AgentRow {
  std::string name;
  std::string phone;  // masked
  bool away = false;
  bool window_open = false;
  std::int64_t open_chats = 0;
  std::int64_t capacity = 0;
};

struct OutboxRow {
  std::string row;
  std::string session;
  std::string message;
  std::string recipient;
  std::string purpose;
  std::string state;
  std::int64_t attempts = 0;
  std::string last_outcome;  // of the newest Cloud API call
  std::int64_t last_http = 0;
  double last_ms = 0;
  std::string last_error;
};

struct MailRow {
  std::string id;
  std::string session;
  std::string purpose;
  std::string state;
  std::string error;
};

// A Cloud API call or a webhook, as JSON (numbers masked by the relay).
struct Exchange {
  std::int64_t t = 0;
  bool outbound = false;  // a Graph call; else a webhook
  std::string summary;
  std::string json;
  // The relay keeps its body: it can be shown, and a webhook re-delivered.
  std::string kept_id;
};

// A call-back, booked or not: its latest change.
struct CallRow {
  std::string id;
  std::string session;
  std::string state;  // booked, reminded, cancelled, done
  std::int64_t start_ms = 0;
  std::string when;     // "2026-12-05 14:30 UTC", made once when applied
  std::string agent;    // masked
  std::string visitor;  // masked
  std::string cancelled_by;
};

// One entry of the relay's audit log: what an admin did and how it went.
struct AuditRow {
  std::int64_t t = 0;
  std::string actor;
  std::string action;
  std::string target;
  std::string outcome;  // "done" or the refusal's code
  std::string detail;
};

// The relay's answer to this console's newest action.
struct ActionReply {
  std::string request;
  std::string action;
  std::int64_t status = 0;
  bool ok = false;
  std::string message;  // what happened, or why not
};

// Figures per second, oldest first.
struct Plots {
  std::vector<float> messages;
  std::vector<float> webhooks;
  std::vector<float> p50_ms;
  std::vector<float> p99_ms;
  std::vector<float> sockets;
  std::vector<float> outbox;
  std::int64_t rss_kib = 0;
};

struct Availability {
  bool online = false;
  std::int64_t agents_online = 0;
};

class ConsoleModel {
 public:
  static constexpr std::size_t max_events = 5000;
  static constexpr std::size_t max_timeline = 400;
  static constexpr std::size_t max_traffic = 500;
  static constexpr std::size_t max_tracks = 5000;
  static constexpr std::size_t plot_points = 120;
  static constexpr std::size_t max_audit = 500;
  static constexpr std::size_t max_calls = 500;

  // One line from the stream; anything unreadable is counted and ignored.
  void apply(std::string_view line);
  void set_link(Link link, std::string reason = {});

  Link link() const { return link_; }
  const std::string& link_reason() const { return link_reason_; }
  const std::vector<SessionRow>& sessions() const { return sessions_; }
  const SessionRow* session(std::string_view id) const;
  // Sessions, most recently changed first; recomputed only after a change.
  const std::vector<std::size_t>& sessions_by_recency();
  const std::deque<EventLine>& events() const { return events_; }
  const std::deque<EventLine>* timeline(std::string_view session_id) const;
  const MessageTrack* track(std::string_view message_id) const;
  // The messages of one chat that the console followed, in seq order.
  std::vector<const MessageTrack*> tracks_of(std::string_view session_id) const;
  const std::vector<AgentRow>& agents() const { return agents_; }
  const std::vector<OutboxRow>& outbox() const { return outbox_; }
  const std::vector<MailRow>& mail() const { return mail_; }
  // Calls not over at sign-in and every one that changed since, by start.
  const std::vector<CallRow>& calls() const { return calls_; }
  const std::deque<Exchange>& traffic() const { return traffic_; }
  const Plots& plots() const { return plots_; }
  const Availability& availability() const { return availability_; }
  // The newest answers to the console's own questions.
  const std::string& transcript_session() const { return transcript_session_; }
  const std::vector<EventLine>& transcript() const { return transcript_; }
  const std::string& trace_query() const { return trace_query_; }
  const std::deque<EventLine>& trace() const { return trace_; }
  const std::string& trace_summary() const { return trace_summary_; }
  // Admin actions: the audit so far (oldest first), the newest answer to
  // this console, whether the relay can reach wa-sim, and wa-sim's faults.
  const std::deque<AuditRow>& audit() const { return audit_; }
  const ActionReply& last_action() const { return last_action_; }
  bool simulator() const { return simulator_; }
  const std::vector<std::string>& faults() const { return faults_; }
  // The kept body asked for ("webhook" or "graph", its id), masked by the relay.
  const std::string& body_of() const { return body_of_; }
  const std::string& body_id() const { return body_id_; }
  const std::string& body() const { return body_; }
  std::uint64_t lines_applied() const { return lines_; }
  // Outbox rows whose message the console still follows (bounded with them).
  std::size_t rows_followed() const { return row_message_.size(); }
  std::uint64_t lines_ignored() const { return ignored_; }
  // Changes each time anything does, for views that cache.
  std::uint64_t generation() const { return generation_; }

  // What the console holds, as JSON, for the browser test (read-only).
  std::string summary_json() const;

 private:
  void apply_snapshot(const rapidjson::Value& snapshot);
  void apply_event(const rapidjson::Value& event);
  void apply_trace(const rapidjson::Value& trace);
  void apply_transcript(const rapidjson::Value& transcript);
  void apply_action_result(const rapidjson::Value& result);
  void apply_faults(const rapidjson::Value& faults);
  void apply_audit(const rapidjson::Value& entry);
  void apply_call(const rapidjson::Value& call);
  void follow(const rapidjson::Value& event, const std::string& type, const std::string& session);
  SessionRow& session_row(const std::string& id);
  MessageTrack& track_row(const std::string& id);
  // The WhatsApp copy an outbox row carries, if the console followed it.
  Copy* copy_of_row(const std::string& row);
  void remember(EventLine line);

  Link link_ = Link::signed_out;
  std::string link_reason_;
  std::vector<SessionRow> sessions_;
  std::unordered_map<std::string, std::size_t> session_index_;
  std::vector<std::size_t> by_recency_;
  bool recency_dirty_ = true;
  std::deque<EventLine> events_;
  std::unordered_map<std::string, std::deque<EventLine>> timelines_;
  std::unordered_map<std::string, MessageTrack> tracks_;
  std::deque<std::string> track_order_;
  // Outbox row -> message id, for the tracks kept (pruned with them).
  std::unordered_map<std::string, std::string> row_message_;
  std::vector<AgentRow> agents_;
  std::vector<OutboxRow> outbox_;
  std::vector<MailRow> mail_;
  std::vector<CallRow> calls_;
  std::deque<Exchange> traffic_;
  Plots plots_;
  Availability availability_;
  std::string transcript_session_;
  std::vector<EventLine> transcript_;
  std::string trace_query_;
  std::deque<EventLine> trace_;
  std::string trace_summary_;
  std::deque<AuditRow> audit_;
  ActionReply last_action_;
  bool simulator_ = false;
  std::vector<std::string> faults_;
  std::string body_of_;
  std::string body_id_;
  std::string body_;
  std::uint64_t lines_ = 0;
  std::uint64_t ignored_ = 0;
  std::uint64_t generation_ = 0;
};

std::string_view to_string(Link link);

}  // namespace baton::console
