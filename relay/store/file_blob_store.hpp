#pragma once
// BlobStore on the local disk: DATA/blobs/ab/cdef…, each file sealed with
// the relay's secret key (AES-256-GCM, as every other secret it keeps), so a
// copied data folder without the key file reveals no visitor's photo. The
// file's name is a keyed hash of the bytes' SHA-256, so names do not reveal
// which well-known file is stored either.

#include <filesystem>
#include <mutex>

#include "relay/core/secret_box.hpp"
#include "relay/store/blob_store.hpp"

namespace baton {

class FileBlobStore final : public BlobStore {
 public:
  // Creates `folder` (owner-only) if it is missing.
  FileBlobStore(std::filesystem::path folder, const SecretBox::Key& key, RandomSource& random);

  std::string put(std::string_view bytes) override;
  std::optional<std::string> get(std::string_view sha256) override;
  bool contains(std::string_view sha256) override;
  void remove(std::string_view sha256) override;

 private:
  std::filesystem::path path_of(std::string_view sha256) const;

  std::filesystem::path folder_;
  SecretBox::Key key_;
  SecretBox box_;
  std::mutex temp_names_;  // one temporary-name counter for all threads
  std::uint64_t next_temp_ = 0;
};

}  // namespace baton
