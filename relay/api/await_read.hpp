#pragma once
// Lets an API coroutine wait for a read of committed data:
//   auto found = co_await await_read<std::optional<SessionRecord>>(service, [](StoreTx& tx) { ... });
// `work` runs off the event loop (ConversationService::read), so it must not
// touch the service's state; a failed read is the storage_unavailable refusal.

#include <boost/asio/awaitable.hpp>
#include <functional>

#include "relay/conversation/conversation_service.hpp"
#include "relay/http/await_callback.hpp"

namespace baton {

template <class T>
boost::asio::awaitable<Outcome<T>> await_read(ConversationService& service, std::function<T(StoreTx&)> work) {
  co_return co_await await_callback<Outcome<T>>([&](auto done) { service.read<T>(std::move(work), std::move(done)); });
}

}  // namespace baton
