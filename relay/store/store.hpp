#pragma once
// Durable storage. Writes run on one writer and commit in groups; a write is
// acknowledged (its `done` runs) only after its transaction is on disk.
// Reads are asynchronous too, so that a store across the network (the
// scale-out issue's PostgreSQL) fits behind the same calls. What every
// implementation must do is checked by tests/unit/store_contract_test.cpp.

#include <exception>
#include <functional>
#include <stdexcept>

#include "relay/store/store_tx.hpp"

namespace baton {

// What a write or a read gets once the store is closed.
class StoreClosed : public std::runtime_error {
 public:
  StoreClosed() : std::runtime_error("the store is closed") {}
};

class Store {
 public:
  using Work = std::function<void(StoreTx&)>;
  using Done = std::function<void(std::exception_ptr error)>;

  virtual ~Store() = default;

  // Runs `work` inside a transaction shared with other queued writes; `done`
  // runs on the relay's event loop after the commit, with the exception
  // `work` threw (its changes undone) or the commit's failure. A store
  // shared with other relays may undo `work` and run it again when another
  // relay's transaction held what it needed: it must start from nothing
  // each time.
  virtual void write(Work work, Done done) = 0;

  // Runs `work` on a read-only snapshot of committed data (all it reads is
  // from one moment) that holds every write whose `done` has run; then
  // `done` runs on the event loop, never inside this call, with what `work`
  // threw. `work` must not touch the event loop's state: a networked store
  // may run it elsewhere. Reads complete in the order they were asked for
  // (the assistant's turns of one chat rely on it).
  virtual void read(Work work, Done done) = 0;

  // A read-only view of committed data, for the event loop's thread, used
  // only at start-up before the loop runs (docs/architecture.md, "Reads");
  // a networked store may answer it slowly.
  virtual StoreTx& reader() = 0;

  // Commits what is queued, then stops the writer.
  virtual void close() = 0;

  // Whether the last commit failed (a full or read-only disk, say): the
  // relay is then degraded, and /healthz says so until a commit succeeds.
  virtual bool writes_failing() const = 0;
};

}  // namespace baton
