#include "client/console/console_model.hpp"

#include <algorithm>
#include <cstdio>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "client/core/json_text.hpp"
#include "common/time_format.hpp"

namespace baton::console {
namespace {

using client::json::bool_at;
using client::json::integer_at;
using client::json::member;
using client::json::quote;
using client::json::string_at;

double number_at(const rapidjson::Value& object, const char* key) {
  const auto* v = member(object, key);
  return v && v->IsNumber() ? v->GetDouble() : 0.0;
}

// A string field, or a number field written out.
std::string field(const rapidjson::Value& object, const char* key) {
  const auto* v = member(object, key);
  if (!v) return {};
  if (v->IsString()) return {v->GetString(), v->GetStringLength()};
  if (v->IsInt64()) return std::to_string(v->GetInt64());
  if (v->IsBool()) return v->GetBool() ? "true" : "false";
  return {};
}

std::string serialized(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string describe_graph(const rapidjson::Value& e) {
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1f ms", number_at(e, "ms"));
  std::string text = "Cloud API " + (field(e, "http") == "0" ? std::string("no answer") : "HTTP " + field(e, "http")) +
                     ", " + field(e, "outcome") + ", row " + field(e, "row") + " attempt " + field(e, "attempt") +
                     ", " + ms;
  if (!field(e, "code").empty()) text += ", error " + field(e, "code") + " " + field(e, "title");
  if (!field(e, "transport").empty()) text += ", " + field(e, "transport");
  if (!field(e, "wamid").empty()) text += ", wamid " + field(e, "wamid");
  return text;
}

std::string describe_webhook(const rapidjson::Value& e) {
  std::string text = "webhook " + field(e, "result");
  const auto* items = member(e, "items");
  if (items && items->IsArray()) {
    for (const auto& item : items->GetArray()) {
      if (string_at(item, "item") == "status") {
        text += ", status " + string_at(item, "status") + " of " + string_at(item, "wamid");
        if (!field(item, "code").empty()) text += " (error " + field(item, "code") + " " + field(item, "title") + ")";
      } else {
        text += ", " + string_at(item, "wa_type") + " from " + string_at(item, "from");
      }
    }
  }
  if (!field(e, "reason").empty()) text += ": " + field(e, "reason");
  if (!field(e, "redelivery_of").empty())
    text += ", re-delivered from the console (kept #" + field(e, "redelivery_of") + ")";
  if (integer_at(e, "duplicates") > 0) text += ", " + plural(integer_at(e, "duplicates"), "duplicate", "duplicates");
  return text;
}

std::string describe_event(const std::string& type, const rapidjson::Value& e) {
  if (type == "session") return "chat opened, code " + field(e, "code") + " from " + field(e, "origin");
  if (type == "message") {
    return "stored #" + field(e, "seq") + " " + field(e, "author") + " " + field(e, "kind") + ", " +
           plural(integer_at(e, "length"), "char", "chars") + ", to " + plural(integer_at(e, "tabs"), "tab", "tabs");
  }
  if (type == "status") return "#" + field(e, "seq") + " " + field(e, "id") + " is " + field(e, "status");
  if (type == "state") {
    auto agent = field(e, "agent");
    return "now " + field(e, "state") + (agent.empty() ? "" : " with " + agent);
  }
  if (type == "queue") return "waiting, " + field(e, "ahead") + " ahead";
  if (type == "outbox") {
    auto change = field(e, "change");
    if (change == "queued") {
      return "queued row " + field(e, "row") + " to " + field(e, "recipient") + " (" + field(e, "purpose") + ")";
    }
    if (change == "retry") return "row " + field(e, "row") + " will retry";
    if (change == "settled") return "row " + field(e, "row") + " settled";
    return field(e, "recipient") + ": " + change;
  }
  if (type == "graph") return describe_graph(e);
  if (type == "webhook") return describe_webhook(e);
  if (type == "mail") {
    auto error = field(e, "error");
    return "mail " + field(e, "mail") + " (" + field(e, "purpose") + ") " + field(e, "outcome") +
           (error.empty() ? "" : ": " + error);
  }
  if (type == "availability") {
    return std::string(bool_at(e, "online") ? "online" : "offline") + ", " +
           plural(integer_at(e, "agents_online"), "agent", "agents") + " available";
  }
  if (type == "error") return "error " + field(e, "code");
  if (type == "call") {
    auto by = field(e, "cancelled_by");
    return "call " + field(e, "call") + " " + field(e, "change") + (by.empty() ? "" : " by " + by) + ": " +
           field(e, "visitor") + " with " + field(e, "agent");
  }
  if (type == "audit") {
    return field(e, "actor") + " " + field(e, "action") + " " + field(e, "target") + ": " + field(e, "outcome") +
           " - " + field(e, "detail");
  }
  return type;
}

// In a cluster every event names the relay it happened on.
std::string describe(const std::string& type, const rapidjson::Value& e) {
  auto relay = field(e, "relay");
  return relay.empty() ? describe_event(type, e) : describe_event(type, e) + " [" + relay + "]";
}

template <class T>
void push_bounded(std::deque<T>& list, T item, std::size_t limit) {
  list.push_back(std::move(item));
  while (list.size() > limit) list.pop_front();
}

void push_plot(std::vector<float>& series, float value) {
  if (series.size() >= ConsoleModel::plot_points) series.erase(series.begin());
  series.push_back(value);
}

Copy* copy_for_row(MessageTrack& track, const std::string& row) {
  for (auto& copy : track.copies) {
    if (copy.row == row) return &copy;
  }
  return nullptr;
}

}  // namespace

std::string_view to_string(Link link) {
  switch (link) {
    case Link::signed_out: return "signed out";
    case Link::connecting: return "connecting";
    case Link::live: return "live";
    case Link::refused: return "refused";
    case Link::lost: return "connection lost";
  }
  return "";
}

void ConsoleModel::set_link(Link link, std::string reason) {
  link_ = link;
  link_reason_ = std::move(reason);
  ++generation_;
}

void ConsoleModel::apply(std::string_view line) {
  auto doc = client::json::parse_object_with_numbers(line);
  if (!doc) {
    ++ignored_;
    return;
  }
  ++lines_;
  ++generation_;
  auto type = string_at(*doc, "type");
  if (type == "snapshot") {
    apply_snapshot(*doc);
  } else if (type == "trace") {
    apply_trace(*doc);
  } else if (type == "transcript") {
    apply_transcript(*doc);
  } else if (type == "action_result") {
    apply_action_result(*doc);
  } else if (type == "faults") {
    apply_faults(*doc);
  } else if (type == "body") {
    body_of_ = string_at(*doc, "of");
    body_id_ = string_at(*doc, "id");
    body_ = string_at(*doc, "masked");
  } else {
    apply_event(*doc);
  }
}

SessionRow& ConsoleModel::session_row(const std::string& id) {
  auto [it, added] = session_index_.try_emplace(id, sessions_.size());
  if (added) {
    sessions_.emplace_back();
    sessions_.back().id = id;
  }
  recency_dirty_ = true;
  return sessions_[it->second];
}

const SessionRow* ConsoleModel::session(std::string_view id) const {
  auto it = session_index_.find(std::string(id));
  return it == session_index_.end() ? nullptr : &sessions_[it->second];
}

const std::vector<std::size_t>& ConsoleModel::sessions_by_recency() {
  if (recency_dirty_) {
    by_recency_.resize(sessions_.size());
    for (std::size_t i = 0; i < sessions_.size(); ++i) by_recency_[i] = i;
    std::stable_sort(by_recency_.begin(), by_recency_.end(),
                     [&](std::size_t a, std::size_t b) { return sessions_[a].updated_ms > sessions_[b].updated_ms; });
    recency_dirty_ = false;
  }
  return by_recency_;
}

MessageTrack& ConsoleModel::track_row(const std::string& id) {
  auto [it, added] = tracks_.try_emplace(id);
  if (added) {
    it->second.id = id;
    track_order_.push_back(id);
    if (track_order_.size() > max_tracks) {
      // The oldest message goes, and with it what led to its copies.
      if (auto oldest = tracks_.find(track_order_.front()); oldest != tracks_.end()) {
        for (const auto& copy : oldest->second.copies) row_message_.erase(copy.row);
        tracks_.erase(oldest);
      }
      track_order_.pop_front();
    }
  }
  return tracks_[id];
}

Copy* ConsoleModel::copy_of_row(const std::string& row) {
  auto message = row_message_.find(row);
  if (message == row_message_.end()) return nullptr;
  auto track = tracks_.find(message->second);
  return track == tracks_.end() ? nullptr : copy_for_row(track->second, row);
}

const MessageTrack* ConsoleModel::track(std::string_view message_id) const {
  auto it = tracks_.find(std::string(message_id));
  return it == tracks_.end() ? nullptr : &it->second;
}

std::vector<const MessageTrack*> ConsoleModel::tracks_of(std::string_view session_id) const {
  std::vector<const MessageTrack*> out;
  for (const auto& [id, t] : tracks_) {
    if (t.session == session_id) out.push_back(&t);
  }
  std::sort(out.begin(), out.end(), [](const MessageTrack* a, const MessageTrack* b) { return a->seq < b->seq; });
  return out;
}

const std::deque<EventLine>* ConsoleModel::timeline(std::string_view session_id) const {
  auto it = timelines_.find(std::string(session_id));
  return it == timelines_.end() ? nullptr : &it->second;
}

void ConsoleModel::remember(EventLine line) {
  if (!line.session.empty()) push_bounded(timelines_[line.session], line, max_timeline);
  push_bounded(events_, std::move(line), max_events);
}

void ConsoleModel::apply_snapshot(const rapidjson::Value& snapshot) {
  link_ = Link::live;
  link_reason_.clear();
  if (const auto* list = member(snapshot, "sessions"); list && list->IsArray()) {
    for (const auto& s : list->GetArray()) {
      auto& row = session_row(string_at(s, "session"));
      row.code = string_at(s, "code");
      row.state = string_at(s, "state");
      row.mode = string_at(s, "mode");
      row.agent = string_at(s, "agent");
      row.origin = string_at(s, "origin");
      row.language = string_at(s, "language");
      row.last_seq = static_cast<std::uint64_t>(integer_at(s, "last_seq"));
      row.updated_ms = integer_at(s, "updated");
      row.tabs = integer_at(s, "tabs");
      row.queue_position = integer_at(s, "queue_position");
      row.on_whatsapp = bool_at(s, "on_whatsapp");
    }
  }
  agents_.clear();
  if (const auto* list = member(snapshot, "agents"); list && list->IsArray()) {
    for (const auto& a : list->GetArray()) {
      agents_.push_back(AgentRow{string_at(a, "name"), string_at(a, "phone"), bool_at(a, "away"),
                                 bool_at(a, "window_open"), integer_at(a, "open_chats"), integer_at(a, "capacity")});
    }
  }
  outbox_.clear();
  if (const auto* list = member(snapshot, "outbox"); list && list->IsArray()) {
    for (const auto& r : list->GetArray()) {
      OutboxRow row;
      row.row = string_at(r, "row");
      row.session = string_at(r, "session");
      row.message = string_at(r, "message");
      row.recipient = string_at(r, "recipient");
      row.purpose = string_at(r, "purpose");
      row.state = string_at(r, "state");
      row.attempts = integer_at(r, "attempts");
      row.last_error = string_at(r, "last_error");
      outbox_.push_back(std::move(row));
    }
  }
  mail_.clear();
  if (const auto* list = member(snapshot, "mail"); list && list->IsArray()) {
    for (const auto& m : list->GetArray()) {
      mail_.push_back(MailRow{string_at(m, "mail"), string_at(m, "session"), string_at(m, "purpose"),
                              string_at(m, "state"), string_at(m, "last_error")});
    }
  }
  if (const auto* a = member(snapshot, "availability"); a && a->IsObject()) {
    availability_ = Availability{bool_at(*a, "online"), integer_at(*a, "agents_online")};
  }
  simulator_ = bool_at(snapshot, "simulator");
  calls_.clear();
  if (const auto* list = member(snapshot, "calls"); list && list->IsArray()) {
    for (const auto& call : list->GetArray()) apply_call(call);
  }
  audit_.clear();
  if (const auto* list = member(snapshot, "audit"); list && list->IsArray()) {
    for (const auto& entry : list->GetArray()) apply_audit(entry);
  }
}

void ConsoleModel::apply_audit(const rapidjson::Value& e) {
  push_bounded(audit_,
               AuditRow{integer_at(e, "t"), string_at(e, "actor"), string_at(e, "action"), string_at(e, "target"),
                        string_at(e, "outcome"), string_at(e, "detail")},
               max_audit);
}

void ConsoleModel::apply_call(const rapidjson::Value& e) {
  auto id = string_at(e, "call");
  if (id.empty()) return;
  auto it = std::find_if(calls_.begin(), calls_.end(), [&](const CallRow& c) { return c.id == id; });
  if (it == calls_.end()) {
    // Too many: the earliest that is over makes room, else the earliest.
    if (calls_.size() >= max_calls) {
      auto over = std::find_if(calls_.begin(), calls_.end(),
                               [](const CallRow& c) { return c.state == "done" || c.state == "cancelled"; });
      calls_.erase(over != calls_.end() ? over : calls_.begin());
    }
    CallRow row;
    row.id = id;
    row.session = string_at(e, "session");
    row.start_ms = integer_at(e, "start");
    // Only times a relay can mean (1970 to 9999): anything else is shown as unknown.
    constexpr std::int64_t year_10000_ms = 253402300800000;
    if (row.start_ms >= 0 && row.start_ms < year_10000_ms) {
      auto stamp = format_rfc3339(row.start_ms);
      row.when = stamp.substr(0, 10) + " " + stamp.substr(11, 5) + " UTC";
    } else {
      row.when = "?";
    }
    row.agent = string_at(e, "agent");
    row.visitor = string_at(e, "visitor");
    auto at = std::upper_bound(calls_.begin(), calls_.end(), row.start_ms,
                               [](std::int64_t start, const CallRow& c) { return start < c.start_ms; });
    it = calls_.insert(at, std::move(row));
  }
  auto change = string_at(e, "change");
  if (!change.empty()) it->state = change;
  if (bool_at(e, "reminded") && it->state == "booked") it->state = "reminded";
  it->cancelled_by = string_at(e, "cancelled_by");
}

void ConsoleModel::apply_action_result(const rapidjson::Value& result) {
  last_action_.request = string_at(result, "request");
  last_action_.action = string_at(result, "action");
  last_action_.status = integer_at(result, "status");
  last_action_.ok = last_action_.status == 200;
  last_action_.message = string_at(result, "message");
  if (const auto* error = member(result, "error"); error && error->IsObject()) {
    last_action_.message = string_at(*error, "message") + " (" + string_at(*error, "code") + ")";
  }
  if (member(result, "faults")) apply_faults(result);
}

void ConsoleModel::apply_faults(const rapidjson::Value& answer) {
  const auto* list = member(answer, "faults");
  if (!list || !list->IsArray()) return;
  faults_.clear();
  for (const auto& rule : list->GetArray()) {
    if (!rule.IsObject()) continue;
    // "error 131000, 4 left": the kind, what it answers, how many calls it still takes.
    std::string text = string_at(rule, "kind");
    for (const char* key : {"code", "status", "delay_ms", "phone", "mode"}) {
      auto value = field(rule, key);
      if (!value.empty()) text += std::string(" ") + key + " " + value;
    }
    auto left = field(rule, "count");
    if (!left.empty()) text += ", " + left + " left";
    faults_.push_back(std::move(text));
  }
}

void ConsoleModel::apply_event(const rapidjson::Value& e) {
  auto type = string_at(e, "type");
  auto session = string_at(e, "session");
  auto t = integer_at(e, "t");
  if (type == "figures") {
    push_plot(plots_.messages, static_cast<float>(integer_at(e, "messages")));
    push_plot(plots_.webhooks, static_cast<float>(integer_at(e, "webhooks")));
    push_plot(plots_.p50_ms, static_cast<float>(number_at(e, "to_tab_p50_ms")));
    push_plot(plots_.p99_ms, static_cast<float>(number_at(e, "to_tab_p99_ms")));
    push_plot(plots_.sockets, static_cast<float>(integer_at(e, "sockets")));
    push_plot(plots_.outbox, static_cast<float>(integer_at(e, "outbox")));
    plots_.rss_kib = integer_at(e, "rss_kib");
    return;
  }
  follow(e, type, session);
  if (!session.empty()) {
    auto& row = session_row(session);
    row.updated_ms = std::max(row.updated_ms, t);
    if (type == "session") {
      row.code = string_at(e, "code");
      row.state = string_at(e, "state");
      row.origin = string_at(e, "origin");
      row.language = string_at(e, "language");
    } else if (type == "message") {
      row.last_seq = std::max<std::uint64_t>(row.last_seq, static_cast<std::uint64_t>(integer_at(e, "seq")));
      row.tabs = integer_at(e, "tabs");
      ++row.messages;
    } else if (type == "state") {
      row.state = string_at(e, "state");
      row.agent = string_at(e, "agent");
      if (row.state != "waiting") row.queue_position = 0;
    } else if (type == "queue") {
      row.queue_position = integer_at(e, "ahead") + 1;
    }
  }
  if (type == "availability") availability_ = Availability{bool_at(e, "online"), integer_at(e, "agents_online")};
  if (type == "graph" || type == "webhook") {
    push_bounded(traffic_, Exchange{t, type == "graph", describe(type, e), serialized(e), field(e, "id")}, max_traffic);
  }
  if (type == "audit") apply_audit(e);
  if (type == "call") apply_call(e);
  if (type == "mail") {
    auto id = string_at(e, "mail");
    auto it = std::find_if(mail_.begin(), mail_.end(), [&](const MailRow& m) { return m.id == id; });
    if (it == mail_.end()) it = mail_.insert(mail_.begin(), MailRow{id, session, string_at(e, "purpose"), "", ""});
    it->state = string_at(e, "outcome");
    it->error = string_at(e, "error");
  }
  remember(EventLine{t, type, session, describe(type, e)});
}

// Follows messages and their WhatsApp copies through the stages.
void ConsoleModel::follow(const rapidjson::Value& e, const std::string& type, const std::string& session) {
  if (type == "message") {
    auto& track = track_row(string_at(e, "id"));
    track.session = session;
    track.cid = string_at(e, "cid");
    track.seq = static_cast<std::uint64_t>(integer_at(e, "seq"));
    track.author = string_at(e, "author");
    track.kind = string_at(e, "kind");
    track.status = string_at(e, "status");
    track.length = integer_at(e, "length");
    track.tabs = integer_at(e, "tabs");
    track.stored_ms = integer_at(e, "t");
  } else if (type == "status") {
    if (auto it = tracks_.find(string_at(e, "id")); it != tracks_.end()) it->second.status = string_at(e, "status");
  } else if (type == "outbox") {
    auto row = string_at(e, "row");
    auto change = string_at(e, "change");
    if (change == "queued") {
      auto message = string_at(e, "message");
      if (!message.empty()) {
        row_message_[row] = message;
        auto& track = track_row(message);
        if (track.session.empty()) track.session = session;
        if (!copy_for_row(track, row))
          track.copies.push_back(Copy{row, string_at(e, "recipient"), "queued", "", "", 0});
      }
      if (std::none_of(outbox_.begin(), outbox_.end(), [&](const OutboxRow& r) { return r.row == row; })) {
        OutboxRow added;
        added.row = row;
        added.session = session;
        added.message = message;
        added.recipient = string_at(e, "recipient");
        added.purpose = string_at(e, "purpose");
        added.state = "queued";
        outbox_.push_back(std::move(added));
      }
    } else if (change == "settled") {
      std::erase_if(outbox_, [&](const OutboxRow& r) { return r.row == row; });
    } else if (change == "retry") {
      for (auto& r : outbox_) {
        if (r.row == row) r.state = "retry";
      }
      if (auto* copy = copy_of_row(row)) copy->state = "retry";
    }
  } else if (type == "graph") {
    auto row = string_at(e, "row");
    auto outcome = string_at(e, "outcome");
    for (auto& r : outbox_) {
      if (r.row != row) continue;
      r.last_outcome = outcome;
      r.last_http = integer_at(e, "http");
      r.last_ms = number_at(e, "ms");
      r.attempts = integer_at(e, "attempt");
      r.last_error = string_at(e, "title");
      r.state = outcome == "accepted" ? "sent" : outcome;
    }
    if (auto* copy = copy_of_row(row)) {
      copy->state = outcome == "accepted" ? "sent" : outcome;
      copy->wamid = string_at(e, "wamid");
      copy->error = string_at(e, "title");
      copy->attempts = integer_at(e, "attempt");
    }
  } else if (type == "webhook") {
    const auto* items = member(e, "items");
    if (!items || !items->IsArray()) return;
    for (const auto& item : items->GetArray()) {
      if (string_at(item, "item") != "status") continue;
      if (auto* copy = copy_of_row(string_at(item, "row"))) {
        // Statuses may arrive out of order: read never goes back to delivered.
        auto status = string_at(item, "status");
        bool backwards = (copy->state == "read" && status != "failed") ||
                         (copy->state == "delivered" && status == "sent");
        if (!backwards) copy->state = status;
        if (!field(item, "code").empty()) copy->error = field(item, "code") + " " + string_at(item, "title");
      }
    }
  }
}

void ConsoleModel::apply_trace(const rapidjson::Value& trace) {
  trace_query_ = string_at(trace, "query");
  trace_.clear();
  trace_summary_.clear();
  if (const auto* m = member(trace, "message"); m && m->IsObject()) {
    trace_summary_ = "message " + string_at(*m, "id") + " #" + field(*m, "seq") + " in chat " +
                     string_at(*m, "session") + ", " + string_at(*m, "author") + ", " + string_at(*m, "status");
  }
  if (const auto* r = member(trace, "outbox"); r && r->IsObject()) {
    if (!trace_summary_.empty()) trace_summary_ += "; ";
    trace_summary_ += "WhatsApp row " + string_at(*r, "row") + " " + string_at(*r, "state") + " after " +
                      field(*r, "attempts") + " attempt(s)";
  }
  if (const auto* events = member(trace, "events"); events && events->IsArray()) {
    for (const auto& e : events->GetArray()) {
      auto type = string_at(e, "type");
      trace_.push_back(EventLine{integer_at(e, "t"), type, string_at(e, "session"), describe(type, e)});
    }
  }
  if (trace_summary_.empty()) {
    trace_summary_ = trace_.empty() ? "nothing has this id"
                                    : "found in the recent events (a client id is not looked up in the store)";
  }
}

void ConsoleModel::apply_transcript(const rapidjson::Value& transcript) {
  transcript_session_ = string_at(transcript, "session");
  transcript_.clear();
  if (const auto* list = member(transcript, "messages"); list && list->IsArray()) {
    for (const auto& m : list->GetArray()) {
      auto who = string_at(m, "name").empty() ? string_at(m, "author") : string_at(m, "name");
      transcript_.push_back(EventLine{integer_at(m, "t"), string_at(m, "author"), transcript_session_,
                                      "#" + field(m, "seq") + " " + who + ": " + string_at(m, "text") + "  [" +
                                          string_at(m, "status") + "]"});
    }
  }
}

std::string ConsoleModel::summary_json() const {
  std::string out = "{\"link\":" + quote(to_string(link_)) + ",\"lines\":" + std::to_string(lines_) +
                    ",\"sessions\":" + std::to_string(sessions_.size()) +
                    ",\"events\":" + std::to_string(events_.size()) + ",\"tracks\":[";
  bool first = true;
  for (const auto& id : track_order_) {
    const auto& t = tracks_.at(id);
    if (!first) out += ',';
    first = false;
    out += "{\"id\":" + quote(t.id) + ",\"session\":" + quote(t.session) + ",\"author\":" + quote(t.author) +
           ",\"status\":" + quote(t.status) + ",\"tabs\":" + std::to_string(t.tabs) + ",\"copies\":[";
    for (std::size_t i = 0; i < t.copies.size(); ++i) {
      if (i > 0) out += ',';
      out += "{\"row\":" + quote(t.copies[i].row) + ",\"state\":" + quote(t.copies[i].state) +
             ",\"wamid\":" + quote(t.copies[i].wamid) + "}";
    }
    out += "]}";
  }
  out += "],\"outbox\":[";
  for (std::size_t i = 0; i < outbox_.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"row\":" + quote(outbox_[i].row) + ",\"state\":" + quote(outbox_[i].state) +
           ",\"attempts\":" + std::to_string(outbox_[i].attempts) + "}";
  }
  // The newest exchanges the relay keeps a body of, newest first.
  out += "],\"kept\":[";
  std::size_t listed = 0;
  for (auto x = traffic_.rbegin(); x != traffic_.rend() && listed < 20; ++x) {
    if (x->kept_id.empty()) continue;
    if (listed++ > 0) out += ',';
    out += "{\"of\":" + quote(x->outbound ? "graph" : "webhook") + ",\"id\":" + quote(x->kept_id) + "}";
  }
  out += "],\"body\":{\"of\":" + quote(body_of_) + ",\"id\":" + quote(body_id_) + "}";
  out += ",\"audit\":[";
  for (std::size_t i = 0; i < audit_.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"action\":" + quote(audit_[i].action) + ",\"outcome\":" + quote(audit_[i].outcome) + "}";
  }
  out += "],\"last_action\":{\"action\":" + quote(last_action_.action) +
         ",\"status\":" + std::to_string(last_action_.status) + ",\"message\":" + quote(last_action_.message) +
         "},\"simulator\":" + (simulator_ ? "true" : "false") + ",\"faults\":" + std::to_string(faults_.size()) +
         ",\"trace\":" + std::to_string(trace_.size()) + ",\"transcript\":" + std::to_string(transcript_.size()) + "}";
  return out;
}

}  // namespace baton::console
