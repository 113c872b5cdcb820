// Every enum Baton names (common/enum_names.hpp) reads back what it writes,
// and what it never wrote falls back as documented.

#include <doctest/doctest.h>

#include <set>
#include <string_view>

#include "common/author.hpp"
#include "common/enum_names.hpp"
#include "common/lang.hpp"
#include "common/message_kind.hpp"
#include "common/message_status.hpp"
#include "common/protocol/handoff.hpp"
#include "relay/store/records.hpp"

using namespace baton;

namespace {

// Every value of an enum with `count` values names itself once and reads back.
template <class Enum, class Parse>
void round_trip(std::size_t count, Parse parse) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < count; ++i) {
    auto value = static_cast<Enum>(i);
    auto name = to_string(value);
    CAPTURE(name);
    CHECK_FALSE(name.empty());
    CHECK(seen.insert(name).second);
    CHECK(parse(name) == value);
  }
}

}  // namespace

TEST_CASE("enum names: every value round-trips, every name is distinct") {
  round_trip<Author>(4, [](auto n) { return author_from_string(n); });
  round_trip<MessageStatus>(5, [](auto n) { return message_status_from_string(n); });
  round_trip<MessageKind>(12, [](auto n) { return message_kind_from_string(n); });
  round_trip<HandoffMode>(handoff_mode_names().size(), [](auto n) { return handoff_mode_from_string(n); });
  round_trip<SessionState>(4, [](auto n) { return session_state_from_string(n); });
  round_trip<Lang>(lang_count, [](auto n) { return lang_from_tag(n); });
  round_trip<OutboxState>(5, [](auto n) { return outbox_state_from_string(n); });
  round_trip<OutboxPurpose>(9, [](auto n) { return outbox_purpose_from_string(n); });
  round_trip<AssistantOutcome>(3, [](auto n) { return assistant_outcome_from_string(n); });
  round_trip<MailState>(3, [](auto n) { return mail_state_from_string(n); });
  round_trip<CallState>(3, [](auto n) { return call_state_from_string(n); });
}

TEST_CASE("enum names: what was never written falls back as documented") {
  CHECK_FALSE(author_from_string("robot"));
  CHECK(to_string(static_cast<Author>(9)) == "system");
  CHECK(to_string(static_cast<MessageKind>(99)) == "notice");
  CHECK(to_string(static_cast<MessageStatus>(9)) == "sent");
  CHECK(outbox_state_from_string("lost") == OutboxState::failed);
  CHECK(outbox_purpose_from_string("spam") == OutboxPurpose::notice);
  CHECK(mail_state_from_string("") == MailState::pending);
  CHECK(call_state_from_string("maybe") == CallState::cancelled);
  // The stored name of continue_chat is the word the database has always held.
  CHECK(to_string(OutboxPurpose::continue_chat) == "continue");

  constexpr EnumNames<SessionState, 2> partial{{"bot", "waiting"}};
  CHECK(partial.name(SessionState::ended, "?") == "?");
  CHECK(partial.parse("waiting") == SessionState::waiting);
  CHECK(partial.all().size() == 2);
}
