#pragma once
// Identifiers: opaque random ids for sessions and messages, bearer tokens, and
// the client ids the widget attaches to every message it sends.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/random_source.hpp"

namespace baton {

// "s_" + 26 lower-case Crockford base32 characters (128 random bits).
std::string new_session_id(RandomSource& random);
// "m_" + 26 characters, same alphabet: 48 bits of the creation time in
// milliseconds, then 80 random bits. Ids made later sort later, so a new
// message's entry lands at the end of the store's id index instead of on a
// random page of it: one page written per commit instead of one per message.
std::string new_message_id(RandomSource& random, std::int64_t now_ms);
// "a_" + 26 characters: an attachment, made like a message id.
std::string new_attachment_id(RandomSource& random, std::int64_t now_ms);
bool is_attachment_id(std::string_view text);
// 43 base64url characters (256 random bits). Stored only as a hash.
std::string new_token(RandomSource& random);
// A client id as the widget makes them: 22 base64url characters (128 bits).
std::string new_client_id(RandomSource& random);

bool is_session_id(std::string_view text);
// Client ids are chosen by clients: 1 to 64 of [A-Za-z0-9_-].
bool is_valid_client_id(std::string_view text);

}  // namespace baton
