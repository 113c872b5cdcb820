#pragma once
// The media the simulated Cloud API holds: files the business uploaded and
// files users sent, each under a numeric media id as Meta's are, and the
// short-lived download URLs handed out for them. Kept in memory until a
// reset; a deleted file is gone for the Graph API but stays on the phone
// that received it (the phone page still shows it).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/random_source.hpp"
#include "relay/core/crypto.hpp"

namespace baton::sim {

struct StoredMedia {
  std::string id;
  std::string mime;      // as declared (uploads) or as WhatsApp reports it (users' files)
  std::string filename;  // may be empty
  std::shared_ptr<const std::string> bytes;
  crypto::Digest sha256{};
  std::int64_t created_ms = 0;
  bool deleted = false;

  std::uint64_t size() const { return bytes->size(); }
};

class MediaStore {
 public:
  MediaStore(RandomSource& random, std::int64_t url_ttl_ms) : random_(random), url_ttl_ms_(url_ttl_ms) {}

  const StoredMedia& add(std::string bytes, std::string mime, std::string filename, std::int64_t now_ms);
  // A file the Graph API still knows (not deleted), or null.
  const StoredMedia* find(std::string_view id) const;
  // Also a deleted one: what a phone that received it still has.
  const StoredMedia* find_kept(std::string_view id) const;
  // Graph's DELETE: false if there was nothing to delete.
  bool remove(std::string_view id);

  // The opaque part of a new download URL for `id`, valid for the TTL.
  std::string issue_url(const std::string& id, std::int64_t now_ms);
  // The file a download URL names while it is valid and the file not deleted.
  const StoredMedia* redeem(std::string_view token, std::int64_t now_ms) const;

  std::int64_t url_ttl_ms() const { return url_ttl_ms_; }
  void reset();

 private:
  struct Grant {
    std::string media_id;
    std::int64_t expires_ms = 0;
  };
  std::string new_id();

  RandomSource& random_;
  std::int64_t url_ttl_ms_;
  std::unordered_map<std::string, StoredMedia> files_;
  std::unordered_map<std::string, Grant> grants_;
};

}  // namespace baton::sim
