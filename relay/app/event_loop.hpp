#pragma once
// The relay's event loop: an io_context that can destroy its pending
// handlers on demand. At exit, handlers still queued (a live stream whose
// close never finished, a store completion posted after a forced stop, a
// model call's coroutine) own objects that refer to the conversation
// service; they must go while the service still exists, not later, when the
// io_context member itself is destroyed.

#include <boost/asio/io_context.hpp>

namespace baton {

class EventLoop : public boost::asio::io_context {
 public:
  using io_context::io_context;

  // Shuts down every service of the loop: pending handlers are destroyed,
  // unrun. I/O objects may still be destroyed afterwards.
  void discard_pending() { shutdown(); }
};

}  // namespace baton
