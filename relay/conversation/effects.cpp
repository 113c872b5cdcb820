#include "relay/conversation/effects.hpp"

#include <algorithm>

namespace baton {
namespace {

template <class T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

void Effects::merge(Effects&& other) {
  append(frames, other.frames);
  append(enqueue, other.enqueue);
  append(finished, other.finished);
  append(retry, other.retry);
  append(hold, other.hold);
  append(release, other.release);
  append(pause_recipient, other.pause_recipient);
  append(assistant_turns, other.assistant_turns);
  append(calls, other.calls);
  pause_all_until_ms = std::max(pause_all_until_ms, other.pause_all_until_ms);
  availability_may_change = availability_may_change || other.availability_may_change;
  mail_queued = mail_queued || other.mail_queued;
  media_fetch_queued = media_fetch_queued || other.media_fetch_queued;
  append(ratings, other.ratings);
  conversions += other.conversions;
  model_input_tokens += other.model_input_tokens;
  model_output_tokens += other.model_output_tokens;
  if (other.account_trouble) account_trouble = std::move(other.account_trouble);
  if (other.agents_renumbered) agents_renumbered = std::move(other.agents_renumbered);
}

}  // namespace baton
