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

// A media message's file, for the phone page and tests: its id, type, size,
// and where the control API serves its bytes without a token.
void add_media(object& o, const std::string& type, const std::string& media_id, const std::string& mime,
               const std::string& filename, std::uint64_t size) {
  o["media_id"] = media_id;
  o["mime_type"] = mime;
  o["file_size"] = size;
  if (type == "document") o["filename"] = filename;
  o["media_url"] = "/sim/media/" + media_id;
}

// What a quote of a media message without a caption shows.
std::string media_label(const std::string& type, const std::string& filename) {
  if (type == "image") return "📷 Photo";
  if (type == "video") return "🎥 Video";
  if (type == "audio") return "🎤 Audio";
  if (type == "sticker") return "Sticker";
  if (type == "document") return "📄 " + (filename.empty() ? std::string("Document") : filename);
  return {};
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
  if (!r.media_id.empty()) add_media(o, r.type, r.media_id, r.media_mime, r.filename, r.media_size);
  if (!r.media_link.empty()) {
    o["link"] = r.media_link;
    if (r.type == "document" && !r.filename.empty()) o["filename"] = r.filename;
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

const UserMessage* MessageLog::find_received(const std::string& wamid) const {
  auto it = received_index_.find(wamid);
  return it == received_index_.end() ? nullptr : &received_[it->second];
}

void MessageLog::apply_change(const std::string& original_id, const UserMessage& change) {
  auto index = received_index_.at(original_id);
  auto& original = received_[index];
  if (change.type == "revoke") {
    original.revoked = true;
    original.edited = false;
    original.body.clear();
    original.original_text.clear();
  } else {
    if (!original.edited) original.original_text = original.body;
    original.edited = true;
    original.body = change.body;
  }
  change_index_[change.wamid] = index;
}

std::optional<std::string> MessageLog::body_of(const std::string& wamid) const {
  if (auto it = sent_index_.find(wamid); it != sent_index_.end()) {
    const auto& r = sent_[it->second].request;
    return r.body.empty() && r.is_media() ? media_label(r.type, r.filename) : r.body;
  }
  if (auto it = received_index_.find(wamid); it != received_index_.end()) {
    const auto& m = received_[it->second];
    if (m.revoked) return std::string("This message was deleted");
    return m.body.empty() && !m.media_id.empty() ? media_label(m.type, m.filename) : m.body;
  }
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
                 {"ts", format_rfc3339(received->at_ms)},
                 {"read", received->read_ms != 0},
                 {"typing", received->typing_ms != 0},
                 {"edited", received->edited},
                 {"revoked", received->revoked}};
        if (received->edited) o["original_text"] = received->original_text;
        // A deleted message's file is gone from the chat with its text.
        if (!received->media_id.empty() && !received->revoked) {
          add_media(o, received->type, received->media_id, received->mime_type, received->filename,
                    received->file_size);
        }
        add_quote(o, received->context_id);
        out.push_back(std::move(o));
      }
      ++received;
    }
  }
  return out;
}

bool MessageLog::mark_read(const std::string& wamid, bool typing, std::int64_t at_ms) {
  std::optional<std::size_t> index;
  if (auto it = received_index_.find(wamid); it != received_index_.end()) {
    index = it->second;
  } else if (auto change = change_index_.find(wamid); change != change_index_.end()) {
    index = change->second;
  }
  if (!index) return false;
  auto& marked = received_[*index];
  for (auto& m : received_) {
    if (m.from == marked.from && m.seq <= marked.seq && m.read_ms == 0) m.read_ms = at_ms;
  }
  if (typing) marked.typing_ms = at_ms;
  return true;
}

void MessageLog::reset() {
  sent_.clear();
  received_.clear();
  sent_index_.clear();
  received_index_.clear();
  change_index_.clear();
}

}  // namespace baton::sim
