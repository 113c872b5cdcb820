#pragma once
// What a phone lets a WhatsApp user change about a message they already
// sent, and what Meta's webhook says about it: an edit of a text, or of the
// caption of a photo, video or document, within 15 minutes; a deletion
// ("revoke") within two days; both counted from the message's own time.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relay/http/api_error.hpp"
#include "tools/wa-sim/media_store.hpp"
#include "tools/wa-sim/message_log.hpp"

namespace baton::sim {

inline constexpr std::int64_t edit_limit_ms = 15 * 60 * 1000;
inline constexpr std::int64_t revoke_limit_ms = 2 * 24 * 60 * 60 * 1000;

// Why the phone would not let this user (`sender`: every id the person is
// known by) make the change at `at_ms`: `type` "edit" with the new `text`,
// or "revoke". `original` is null for an id no user sent. Nothing if the
// phone would let them.
std::optional<ApiError> refuse_change(std::string_view type, const UserMessage* original,
                                      const std::vector<std::string>& sender, std::string_view text,
                                      std::int64_t at_ms);

// message.edit: the original's id and the message as it reads now, with
// the original's quote and, for media, its file (`file`, kept in the store).
boost::json::object edit_object(const UserMessage& original, const std::string& text, const StoredMedia* file);

// A file's SHA-256 as webhooks carry it: base64 of the digest.
std::string webhook_sha256(const StoredMedia& file);

}  // namespace baton::sim
