#pragma once
// What a WhatsApp webhook POST carries, reduced to what the relay acts on.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/media_type.hpp"
#include "common/message_kind.hpp"
#include "relay/core/visitor_text.hpp"

namespace baton {

// An error object as Meta reports it, in statuses, messages or value.errors.
struct WaError {
  std::int64_t code = 0;
  std::string title;
  std::string message;
  std::string details;
};

// The file of an inbound media message, once downloaded and checked.
struct ReceivedFile {
  std::string bytes;
  MediaType type;
};

struct InboundMessage {
  std::string wamid;
  std::string from;          // E.164; empty when only a business-scoped user id came
  std::string from_user_id;  // business-scoped user id; may be empty
  std::string profile_name;
  std::string phone_number_id;  // the business number written to
  std::int64_t timestamp_ms = 0;
  std::string type;  // WhatsApp's own type name, as received
  MessageKind kind = MessageKind::text;
  // What a person should see is `label` (in the reader's language, see
  // shown_text) and then `text`: a caption, a file name, contacts.
  std::optional<VisitorText> label;
  std::string label_value;  // the label's {emoji} or {count}
  std::string text;
  std::string context_id;  // the business message replied to or reacted to
  // Kind edit or deleted: the sender's own message they changed; empty when
  // WhatsApp did not say which (an edit delivered as "unsupported").
  std::string original_id;
  std::string reply_id;  // id of a tapped button or list row
  std::string media_id;
  std::string mime_type;
  std::string media_sha256;  // as Meta sent it (hex or base64)
  std::string caption;       // a media message's own words
  std::string file_name;     // a document's
  bool voice = false;        // an audio recorded as a voice note
  // Set by the media worker (relay/workers/media_worker.hpp): the file, or
  // that it could not be had; neither while it waits to be downloaded.
  std::shared_ptr<const ReceivedFile> received;
  bool download_failed = false;
  // type "system" (and "request_welcome"): what happened, never a chat line.
  std::string system_type;  // "user_changed_number", "customer_identity_changed", "request_welcome", …
  std::string new_wa_id;    // a changed number's new digits
  std::string new_user_id;  // a changed business-scoped user id
  std::vector<WaError> errors;
};

// What Meta charges for a message, as a status reports it ("pricing"):
// under per-message pricing a delivered template is billable in its
// category; service replies in the customer service window are free.
struct Pricing {
  bool billable = false;
  std::string category;  // marketing, utility, authentication, service, ... (kept as sent)
  std::string model;     // PMP, or CBP on older accounts
  std::string type;      // regular, free_customer_service, free_entry_point, ...
};

struct StatusUpdate {
  std::string wamid;
  std::string status;  // sent, delivered, read, failed, or a newer value kept as is
  std::int64_t timestamp_ms = 0;
  std::string recipient_id;
  std::string recipient_user_id;
  std::string callback_data;  // biz_opaque_callback_data
  std::vector<WaError> errors;
  std::optional<Pricing> pricing;
};

// field "message_template_status_update": Meta's review of a template.
struct TemplateStatus {
  std::string name;
  std::string language;
  std::string event;   // APPROVED, PAUSED, DISABLED, REJECTED, FLAGGED, REINSTATED, …
  std::string reason;  // "NONE", "LOW_QUALITY", …
};

struct WebhookBatch {
  std::vector<InboundMessage> messages;
  std::vector<StatusUpdate> statuses;
  std::vector<TemplateStatus> templates;
  std::vector<WaError> errors;       // value.errors: not tied to a message
  std::vector<std::string> skipped;  // items that could not be read, with the reason
};

}  // namespace baton
