#pragma once
// Where attachments' bytes live: outside the database, named by the SHA-256
// of the bytes, so the same file stored twice is kept once. A later object
// store (S3 and the like) implements this same interface.

#include <optional>
#include <string>
#include <string_view>

namespace baton {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores the bytes durably (they survive a crash once this returns) and
  // gives their SHA-256 in lowercase hex. Throws on an I/O failure.
  virtual std::string put(std::string_view bytes) = 0;
  // nullopt when nothing is stored under that hash (or it cannot be read).
  virtual std::optional<std::string> get(std::string_view sha256) = 0;
  virtual bool contains(std::string_view sha256) = 0;
  // Removes the bytes; nothing happens when there are none.
  virtual void remove(std::string_view sha256) = 0;
};

}  // namespace baton
