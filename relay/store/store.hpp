#pragma once
// Durable storage. Writes run on one writer and commit in groups; a write is
// acknowledged (its `done` runs) only after its transaction is on disk.

#include <exception>
#include <functional>

#include "relay/store/store_tx.hpp"

namespace baton {

class Store {
 public:
  using Work = std::function<void(StoreTx&)>;
  using Done = std::function<void(std::exception_ptr error)>;

  virtual ~Store() = default;

  // Runs `work` inside a transaction shared with other queued writes; `done`
  // runs on the relay's event loop after the commit, with the exception
  // `work` threw (its changes undone) or the commit's failure.
  virtual void write(Work work, Done done) = 0;

  // A read-only view of committed data, for the event loop's thread only.
  virtual StoreTx& reader() = 0;

  // Commits what is queued, then stops the writer.
  virtual void close() = 0;
};

}  // namespace baton
