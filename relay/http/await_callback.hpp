#pragma once
// Lets a coroutine wait for a callback-style operation:
//   auto outcome = co_await await_callback<Outcome<T>>([&](auto done) { service.f(..., done); });
// The callback may be invoked from any handler on the event loop; the
// coroutine resumes through a post, never inside the caller's stack.

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>

namespace baton {

template <class T, class Start>
boost::asio::awaitable<T> await_callback(Start start) {
  namespace net = boost::asio;
  co_return co_await net::async_initiate<const net::use_awaitable_t<>&, void(T)>(
      [start = std::move(start)](auto handler) mutable {
        using Handler = decltype(handler);
        auto shared = std::make_shared<Handler>(std::move(handler));
        start(std::function<void(T)>([shared](T value) {
          auto executor = net::get_associated_executor(*shared);
          net::post(executor, [shared, value = std::move(value)]() mutable { std::move (*shared)(std::move(value)); });
        }));
      },
      net::use_awaitable);
}

}  // namespace baton
