#include "tools/wa-sim/message_log.hpp"

#include <algorithm>

#include "common/time_format.hpp"
#include "tools/wa-sim/graph_error.hpp"

namespace baton::sim {
namespace {

using boost::json::array;
using boost::json::object;

bool matches(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

object sent_object(const SentMessage& m) {
  const auto& r = m.request;
  object o{{"id", m.wamid},
           {"to", m.to},
           {"type", r.type},
           {"body", r.body},
           {"context_id", r.context_id},
           {"callback_data", r.callback_data},
           {"status", to_string(m.status)},
           {"error_code", m.error_code},
           {"ts", format_rfc3339(m.accepted_ms)}};
  if (r.is_template()) o["template"] = object{{"name", r.template_name}, {"language", r.template_language}};
  if (!r.header.empty()) o["header"] = r.header;
  if (!r.footer.empty()) o["footer"] = r.footer;
  if (!r.buttons.empty()) {
    array buttons;
    for (const auto& b : r.buttons) buttons.push_back(object{{"id", b.id}, {"title", b.title}});
    o["buttons"] = std::move(buttons);
  }
  if (!r.list_button.empty()) {
    array rows;
    for (const auto& row : r.rows) {
      rows.push_back(object{{"id", row.id}, {"title", row.title}, {"description", row.description}});
    }
    o["list"] = object{{"button", r.list_button}, {"rows", std::move(rows)}};
  }
  return o;
}

}  // namespace

std::string_view to_string(Delivery delivery) {
  switch (delivery) {
    case Delivery::accepted: return "accepted";
    case Delivery::sent: return "sent";
    case Delivery::delivered: return "delivered";
    case Delivery::read: return "read";
    case Delivery::failed: return "failed";
  }
  return "accepted";
}

SentMessage& MessageLog::add_sent(SentMessage message) {
  message.seq = next_seq_++;
  sent_index_[message.wamid] = sent_.size();
  sent_.push_back(std::move(message));
  return sent_.back();
}

void MessageLog::add_received(UserMessage message) {
  message.seq = next_seq_++;
  received_index_[message.wamid] = received_.size();
  received_.push_back(std::move(message));
}

SentMessage* MessageLog::find_sent(const std::string& wamid) {
  auto it = sent_index_.find(wamid);
  return it == sent_index_.end() ? nullptr : &sent_[it->second];
}

std::optional<std::string> MessageLog::body_of(const std::string& wamid) const {
  if (auto it = sent_index_.find(wamid); it != sent_index_.end()) return sent_[it->second].request.body;
  if (auto it = received_index_.find(wamid); it != received_index_.end()) return received_[it->second].body;
  return std::nullopt;
}

array MessageLog::sent_json(const std::vector<std::string>& to) const {
  array out;
  for (const auto& m : sent_) {
    if (to.empty() || matches(to, m.to)) out.push_back(sent_object(m));
  }
  return out;
}

array MessageLog::conversation_json(const std::vector<std::string>& keys) const {
  array out;
  auto add_quote = [this](object& o, const std::string& context_id) {
    if (context_id.empty()) return;
    auto quoted = body_of(context_id);
    o["quoted_body"] = quoted ? boost::json::value(*quoted) : boost::json::value(nullptr);
  };
  auto sent = sent_.begin();
  auto received = received_.begin();
  while (sent != sent_.end() || received != received_.end()) {
    bool take_sent = received == received_.end() || (sent != sent_.end() && sent->seq < received->seq);
    if (take_sent) {
      if (matches(keys, sent->to)) {
        auto o = sent_object(*sent);
        o["direction"] = "business";
        if (sent->error_code != 0) o["error_title"] = error_title(sent->error_code);
        add_quote(o, sent->request.context_id);
        out.push_back(std::move(o));
      }
      ++sent;
    } else {
      if (matches(keys, received->from)) {
        object o{{"direction", "user"},
                 {"id", received->wamid},
                 {"from", received->from},
                 {"name", received->name},
                 {"type", received->type},
                 {"body", received->body},
                 {"context_id", received->context_id},
                 {"ts", format_rfc3339(received->at_ms)}};
        add_quote(o, received->context_id);
        out.push_back(std::move(o));
      }
      ++received;
    }
  }
  return out;
}

void MessageLog::reset() {
  sent_.clear();
  received_.clear();
  sent_index_.clear();
  received_index_.clear();
}

}  // namespace baton::sim
