#pragma once
// Chats written before conversation data was encrypted (schema 12) are
// encrypted in place when the relay starts: each gets its key, every value
// chat_keys.hpp names is sealed, and the chat is marked sealed in the same
// transaction, so a crash part way leaves each chat either done or as it was.

#include <cstddef>

#include "relay/store/sql/chat_keys.hpp"
#include "relay/store/sqlite_db.hpp"

namespace baton::sqlite {

using sql::ChatKeys;

// Returns how many chats were sealed.
std::size_t seal_legacy_chats(Database& db, ChatKeys& keys);

}  // namespace baton::sqlite
