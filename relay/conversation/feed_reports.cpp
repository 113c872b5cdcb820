#include "relay/conversation/feed_reports.hpp"

#include <algorithm>
#include <boost/json/array.hpp>

#include "common/author.hpp"
#include "common/message_kind.hpp"
#include "common/message_status.hpp"
#include "common/utf8.hpp"
#include "relay/core/admin_feed.hpp"
#include "relay/core/metrics.hpp"

namespace baton {

using boost::json::object;

metrics::Counter& messages_published() {
  static auto& c = metrics::registry().counter("baton_messages_published_total",
                                               "Messages committed and fanned out to their chat's tabs");
  return c;
}

void report_published(AdminFeed& feed, const std::string& session_id, const ServerFrame& frame, std::size_t tabs,
                      std::int64_t now_ms) {
  auto count = static_cast<std::int64_t>(tabs);
  if (const auto* m = std::get_if<Message>(&frame)) {
    messages_published().inc();
    // Its length, never its text: the console asks for a transcript.
    // Written as a line, not a tree: one for every message (json_writer.hpp).
    feed.emit("message", session_id,
              JsonWriter()
                  .add("id", m->id)
                  .add("seq", m->seq)
                  .add("cid", m->cid)
                  .add("author", to_string(m->author))
                  .add("kind", to_string(m->kind))
                  .add("status", to_string(m->status))
                  .add("length", utf8::length(m->text))
                  .add("tabs", count),
              now_ms);
  } else if (const auto* s = std::get_if<StatusChange>(&frame)) {
    feed.emit(
        "status", session_id,
        JsonWriter().add("id", s->message_id).add("seq", s->seq).add("status", to_string(s->status)).add("tabs", count),
        now_ms);
  } else if (const auto* c = std::get_if<StateChange>(&frame)) {
    feed.emit("state", session_id, object{{"state", to_string(c->state)}, {"agent", c->agent_name}}, now_ms);
  } else if (const auto* q = std::get_if<QueueUpdate>(&frame)) {
    feed.emit("queue", session_id, object{{"ahead", q->ahead}, {"typical_wait_s", q->typical_wait_s}}, now_ms);
  } else if (const auto* e = std::get_if<ErrorFrame>(&frame)) {
    feed.emit("error", session_id, object{{"code", e->code}, {"cid", e->cid}}, now_ms);
  }
}

namespace {

object row_fields(const OutboxRecord& r) {
  return object{
      {"row", std::to_string(r.id)},     {"message", r.message_id},     {"recipient", masked_phone(r.recipient)},
      {"purpose", to_string(r.purpose)}, {"state", to_string(r.state)}, {"attempts", r.attempts}};
}

}  // namespace

void report_outbox_changes(AdminFeed& feed, const Effects& effects, std::int64_t now_ms) {
  for (const auto& record : effects.enqueue) {
    auto fields = row_fields(record);
    fields["change"] = "queued";
    feed.emit("outbox", record.session_id, std::move(fields), now_ms);
  }
  for (auto id : effects.finished) {
    feed.emit("outbox", "", object{{"row", std::to_string(id)}, {"change", "settled"}}, now_ms);
  }
  for (const auto& [id, at] : effects.retry) {
    feed.emit("outbox", "", object{{"row", std::to_string(id)}, {"change", "retry"}, {"at", at}}, now_ms);
  }
  for (const auto& recipient : effects.hold) {
    feed.emit("outbox", "", object{{"recipient", masked_phone(recipient)}, {"change", "window_closed"}}, now_ms);
  }
  // Every message from someone releases their lane; the console hears of
  // it when rows that waited for their window go out, not for each message
  // of a window that was open all along.
  for (const auto& recipient : effects.release) {
    bool freed = std::any_of(effects.enqueue.begin(), effects.enqueue.end(),
                             [&](const OutboxRecord& r) { return r.recipient == recipient; });
    if (!freed) continue;
    feed.emit("outbox", "", JsonWriter().add("recipient", masked_phone(recipient)).add("change", "window_open"),
              now_ms);
  }
}

object call_fields(const CallRecord& call) {
  object fields{{"call", std::to_string(call.id)},
                {"start", call.start_ms},
                {"end", call.end_ms},
                {"agent", masked_phone(call.agent_phone)},
                {"visitor", masked_phone(call.visitor_phone)}};
  if (!call.cancelled_by.empty()) fields["cancelled_by"] = call.cancelled_by;
  return fields;
}

void report_call_changes(AdminFeed& feed, const Effects& effects, std::int64_t now_ms) {
  for (const auto& [call, change] : effects.calls) {
    auto fields = call_fields(call);
    fields["change"] = change;
    feed.emit("call", call.session_id, std::move(fields), now_ms);
  }
}

metrics::Counter& chats_started() {
  static auto& c = metrics::registry().counter("baton_chats_started_total", "Chats begun (sessions created)");
  return c;
}

metrics::Counter& handoffs(HandoffMode way) {
  return metrics::registry().counter("baton_handoffs_total",
                                     "Handoffs accepted, by way (a chat handed over again counts again)",
                                     "way=\"" + std::string(to_string(way)) + "\"");
}

void count_success_metrics(const Effects& effects) {
  auto& registry = metrics::registry();
  for (int score : effects.ratings) {
    registry
        .counter("baton_ratings_total", "Satisfaction survey answers, by score",
                 "score=\"" + std::to_string(score) + "\"")
        .inc();
  }
  if (effects.conversions > 0) {
    registry.counter("baton_conversions_total", "Conversions the page reported for a chat (once per id)")
        .inc(static_cast<std::uint64_t>(effects.conversions));
  }
  for (auto [kind, tokens] :
       {std::pair{"input", effects.model_input_tokens}, std::pair{"output", effects.model_output_tokens}}) {
    if (tokens <= 0) continue;
    registry
        .counter("baton_model_tokens_total", "Tokens the model reported using, for answers and summaries",
                 std::string("kind=\"") + kind + "\"")
        .inc(static_cast<std::uint64_t>(tokens));
  }
}

void report_session_created(AdminFeed& feed, const SessionRecord& session, std::int64_t now_ms) {
  chats_started().inc();
  feed.emit("session", session.id,
            object{{"code", session.code},
                   {"state", to_string(session.state)},
                   {"origin", session.origin},
                   {"language", session.context.language}},
            now_ms);
}

void report_availability(AdminFeed& feed, const AvailabilityChange& now, std::int64_t now_ms) {
  boost::json::array options;
  for (auto mode : now.options) options.emplace_back(to_string(mode));
  feed.emit("availability", "",
            object{{"online", now.online}, {"agents_online", now.agents_online}, {"options", std::move(options)}},
            now_ms);
}

}  // namespace baton
