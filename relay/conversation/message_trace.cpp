#include "relay/conversation/message_trace.hpp"

#include <boost/json/parse.hpp>
#include <set>

#include "common/author.hpp"
#include "common/message_kind.hpp"
#include "common/message_status.hpp"
#include "common/time_format.hpp"
#include "relay/core/admin_feed.hpp"

namespace baton {
namespace {

using boost::json::object;

struct Durable {
  std::optional<std::pair<std::string, Message>> message;
  std::optional<OutboxRecord> row;
};

Durable read_durable(StoreTx& tx, const std::string& key) {
  Durable found;
  found.message = tx.messages().locate(key);
  found.row = tx.outbox().find_by_wamid(key);
  if (!found.message && found.row && !found.row->message_id.empty()) {
    found.message = tx.messages().locate(found.row->message_id);
  }
  return found;
}

object message_json(const std::string& session_id, const Message& m) {
  return object{{"session", session_id},
                {"id", m.id},
                {"seq", m.seq},
                {"cid", m.cid},
                {"author", to_string(m.author)},
                {"kind", to_string(m.kind)},
                {"status", to_string(m.status)},
                {"stored", format_rfc3339(m.ts_ms)}};
}

object row_json(const OutboxRecord& r) {
  return object{{"row", std::to_string(r.id)},
                {"message", r.message_id},
                {"recipient", masked_phone(r.recipient)},
                {"purpose", to_string(r.purpose)},
                {"state", to_string(r.state)},
                {"attempts", r.attempts},
                {"wamid", r.wamid},
                {"last_error", r.last_error},
                {"queued", format_rfc3339(r.created_ms)}};
}

// The ids an event names that lead to further stages.
void collect_links(const object& event, std::set<std::string>& keys) {
  for (const char* field : {"id", "message", "row", "wamid", "cid"}) {
    if (const auto* v = event.if_contains(field); v && v->is_string() && !v->get_string().empty()) {
      keys.emplace(v->get_string());
    }
  }
  if (const auto* items = event.if_contains("items"); items && items->is_array()) {
    for (const auto& item : items->get_array()) {
      if (item.is_object()) collect_links(item.get_object(), keys);
    }
  }
}

}  // namespace

boost::json::array traced_events(const std::vector<std::string>& keys) {
  std::set<std::string> wanted(keys.begin(), keys.end());
  wanted.erase("");
  auto& feed = admin_feed();
  // Two rounds: the message's events name its outbox rows, whose events
  // name the wamid that status webhooks carry.
  boost::json::array events;
  for (int round = 0; round < 3; ++round) {
    events.clear();
    auto before = wanted.size();
    for (const auto& line : feed.mentioning({wanted.begin(), wanted.end()})) {
      events.push_back(boost::json::parse(*line));
      const auto& parsed = events.back();
      // A webhook names many messages: follow only the item that matched.
      if (!parsed.is_object() || parsed.get_object().contains("items")) continue;
      collect_links(parsed.get_object(), wanted);
    }
    if (wanted.size() == before) break;
  }
  return events;
}

void trace_message(ConversationService& service, std::string key,
                   std::function<void(Outcome<boost::json::object>)> done) {
  service.read<Durable>([key](StoreTx& tx) { return read_durable(tx, key); },
                        [key, done = std::move(done)](Outcome<Durable> read) {
                          if (auto* error = std::get_if<Refusal>(&read)) {
                            done(*error);
                            return;
                          }
                          const auto& found = std::get<Durable>(read);
                          std::vector<std::string> keys{key};
                          object answer{{"query", key}, {"message", nullptr}, {"outbox", nullptr}};
                          if (found.message) {
                            answer["message"] = message_json(found.message->first, found.message->second);
                            keys.push_back(found.message->second.id);
                          }
                          if (found.row) {
                            answer["outbox"] = row_json(*found.row);
                            keys.push_back(std::to_string(found.row->id));
                          }
                          answer["events"] = traced_events(keys);
                          done(std::move(answer));
                        });
}

}  // namespace baton
