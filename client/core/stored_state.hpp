#pragma once
// What the widget keeps in the browser's storage, shared by every tab of the
// site: the session, messages typed but not yet acknowledged, the pages seen
// in this session, and what the site passed to identify() and track().
// Stored as JSON under a few keys; tabs merge, they never overwrite each
// other's queued messages.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/attachment.hpp"

namespace baton::client {

struct SessionKeys {
  std::string id;
  std::string token;
  std::string code;
  friend bool operator==(const SessionKeys&, const SessionKeys&) = default;
};

struct QueuedMessage {
  std::string cid;
  std::string text;  // the caption, when it carries a file
  std::int64_t typed_ms = 0;
  Attachment attachment;  // uploaded before the message was queued
  friend bool operator==(const QueuedMessage&, const QueuedMessage&) = default;
};

struct Identity {
  std::string name;
  std::string email;
  std::string phone;
  friend bool operator==(const Identity&, const Identity&) = default;
};

// How far the visitor has read, and whether the panel was open when the
// last page was left: the next page counts unread from there and opens the
// panel again. The sequence number belongs to one session.
struct Reading {
  std::string session_id;
  std::uint64_t seen_seq = 0;
  bool open = false;
  bool sound = false;  // the visitor's choice: a chime for new messages
  friend bool operator==(const Reading&, const Reading&) = default;
};

struct StoredState {
  std::optional<SessionKeys> session;
  std::vector<QueuedMessage> outbox;  // in typing order
  std::vector<std::string> pages;     // oldest first
  Identity identity;
  std::map<std::string, std::string> traits;
  Reading reading;
  friend bool operator==(const StoredState&, const StoredState&) = default;
};

// Storage keys, one value each (JSON text).
inline constexpr const char* session_key = "baton.session";
inline constexpr const char* outbox_key = "baton.outbox";
inline constexpr const char* pages_key = "baton.pages";
inline constexpr const char* identity_key = "baton.identity";
inline constexpr const char* reading_key = "baton.reading";

std::string session_to_json(const std::optional<SessionKeys>& session);
std::optional<SessionKeys> session_from_json(std::string_view json);
std::string outbox_to_json(const std::vector<QueuedMessage>& outbox);
std::vector<QueuedMessage> outbox_from_json(std::string_view json);
std::string pages_to_json(const std::vector<std::string>& pages);
std::vector<std::string> pages_from_json(std::string_view json);
std::string identity_to_json(const Identity& identity, const std::map<std::string, std::string>& traits);
void identity_from_json(std::string_view json, Identity& identity, std::map<std::string, std::string>& traits);
std::string reading_to_json(const Reading& reading);
Reading reading_from_json(std::string_view json);

// Another tab's outbox joined with ours: every cid once, in typing order,
// minus what this tab has seen acknowledged.
std::vector<QueuedMessage> merge_outboxes(const std::vector<QueuedMessage>& ours,
                                          const std::vector<QueuedMessage>& theirs,
                                          const std::vector<std::string>& acknowledged);

}  // namespace baton::client
